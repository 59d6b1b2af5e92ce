/**
 * The deployments list of the evidence API, filtered and counted in SQL. The derived flags restate
 * the metric rules of metrics/ in SQL (isFailedChange, isRework, recoveredAt) over the same inputs
 * as selectDeploymentFacts; test/http/evidence-totals.test.ts proves the counts equal the metrics.
 */
import type { Queryable } from './db.ts';
import {
  afterCondition,
  afterParams,
  orderBy,
  positionColumn,
  spanMicros,
  type Order,
  type PageAfter,
} from './evidence-order.ts';
import { catalogFilter, COUNTED, factParams, type FactFilter } from './metric-facts.ts';

export interface DeploymentFilter extends FactFilter {
  production?: boolean | undefined;
  status?: 'success' | 'failure' | undefined;
  /** isFailedChange: successful, and an attributed counted incident or a remediating deployment. */
  failed?: boolean | undefined;
  /** isRework: a successful rollback or hotfix, or one linked as fixing an incident. */
  rework?: boolean | undefined;
  /** Failed, and recovered at a known instant not before it finished: its recovery time is measured. */
  remediated?: boolean | undefined;
}

export type DeploymentSort = 'finished_at' | 'recovery';

const orderOf = (sort: DeploymentSort, descending: boolean, row = 'e'): Order =>
  sort === 'finished_at'
    ? { value: `${row}.finished_at`, type: 'timestamptz', descending }
    : {
        value: `case when ${row}.remediated then ${spanMicros(`${row}.finished_at`, `${row}.recovered_at`)} end`,
        type: 'float8',
        descending,
      };

/** isRework over the row's own columns. */
const REWORK = `d.status = 'success' and (d.effective_kind in ('rollback', 'hotfix') or cardinality(d.fixes_incidents) > 0)`;

/** The window's deployments with the filters a row answers by itself (no incident needed). */
const WINDOW_ROWS = `select d.* from deployments d
   where d.finished_at >= $1 and d.finished_at < $2
     and ($4::text is null or d.environment = $4) and ${catalogFilter('d.service')}
     and ($7::boolean is null or d.is_production = $7) and ($8::text is null or d.status = $8)
     and ($10::boolean is null or (${REWORK}) = $10)`;

/**
 * `rows` with their derived facts, then the filters that need them. `inc` groups the counted
 * incidents of those rows (as WINDOW_INCIDENTS does for the metrics), recording when the last was
 * resolved (null while one is open); `least` ignores nulls as recoveredAt does.
 */
const withFacts = (rows: string) => `with rows as (${rows}),
inc as (
  select i.deployment_id, case when bool_and(i.resolved_at is not null) then max(i.resolved_at) end as resolved_at
    from incidents i
    left join services s on s.name = i.service
    cross join settings g
   where i.deployment_id in (select id from rows) and ${COUNTED}
   group by i.deployment_id),
facts as (
  select d.*, ds.team, ds.application, inc.deployment_id is not null as has_incident,
         inc.resolved_at as incidents_resolved_at,
         d.status = 'success' and (inc.deployment_id is not null or d.remediated_at is not null) as failed,
         ${REWORK} as rework, least(inc.resolved_at, d.remediated_at) as recovery
    from rows d
    left join services ds on ds.name = d.service
    left join inc on inc.deployment_id = d.id),
e as (
  select f.*, case when f.failed then f.recovery end as recovered_at,
         f.failed and f.recovery >= f.finished_at as remediated
    from facts f)
select e.* from e
 where ($9::boolean is null or e.failed = $9) and ($11::boolean is null or coalesce(e.remediated, false) = $11)`;

/** Without failure filters, newest or oldest first, the page is cut before incidents are read. */
const cutEarly = (filter: DeploymentFilter, sort: DeploymentSort) =>
  filter.failed === undefined && filter.remediated === undefined && sort === 'finished_at';

const filterParams = (filter: DeploymentFilter) => [
  ...factParams(filter),
  filter.production ?? null,
  filter.status ?? null,
  filter.failed ?? null,
  filter.rework ?? null,
  filter.remediated ?? null,
];

export interface DeploymentRow {
  id: number;
  source: string;
  external_id: string;
  service: string;
  team: string | null;
  application: string | null;
  environment: string;
  production: boolean;
  status: 'success' | 'failure';
  kind: 'standard' | 'rollback' | 'hotfix';
  started_at: Date | null;
  finished_at: Date;
  version: string | null;
  repository: string | null;
  repository_url: string | null;
  url: string | null;
  commit: string | null;
  fixes_incidents: string[];
  remediated_at: Date | null;
  incidents_resolved_at: Date | null;
  has_incident: boolean;
  failed: boolean;
  rework: boolean;
  recovered_at: Date | null;
  remediated: boolean;
  position_at: string;
}

export async function selectDeploymentPage(
  db: Queryable,
  filter: DeploymentFilter,
  sort: DeploymentSort,
  descending: boolean,
  after: PageAfter | undefined,
  limit: number,
): Promise<DeploymentRow[]> {
  const order = orderOf(sort, descending);
  const byRow = orderOf(sort, descending, 'd');
  const rows = cutEarly(filter, sort)
    ? `${WINDOW_ROWS} and ${afterCondition(byRow, 'd.id', 'bigint', 12)} ${orderBy(byRow, 'd.id')} limit $14`
    : WINDOW_ROWS;
  return db.query<DeploymentRow>(
    `select e.id::float8 as id, e.source, e.external_id, e.service, e.team, e.application, e.environment,
            e.is_production as production, e.status, e.effective_kind as kind, e.started_at, e.finished_at,
            e.version, e.repository, e.url, e.head_commit as commit,
            -- A deployment source that names no repository page (Argo CD, Jenkins) links through its commit's.
            coalesce(e.repository_url, (select c.repository_url from changes c where c.sha = e.head_commit))
              as repository_url, e.fixes_incidents, e.remediated_at,
            e.incidents_resolved_at, e.has_incident, e.failed, e.rework, e.recovered_at,
            coalesce(e.remediated, false) as remediated, ${positionColumn(order)}
       from (${withFacts(rows)}) e
      where ${afterCondition(order, 'e.id', 'bigint', 12)}
      ${orderBy(order, 'e.id')}
      limit $14`,
    [...filterParams(filter), ...afterParams(after), limit],
  );
}

/** How many deployments match the filter over the whole window. */
export async function countDeployments(db: Queryable, filter: DeploymentFilter): Promise<number> {
  // Failure filters need each row's incidents; the others are counted from the rows alone.
  const matching = cutEarly(filter, 'finished_at')
    ? `${WINDOW_ROWS} and $9::boolean is null and $11::boolean is null`
    : withFacts(WINDOW_ROWS);
  const [row] = await db.query<{ total: number }>(
    `select count(*)::float8 as total from (${matching}) m`,
    filterParams(filter),
  );
  return row?.total ?? 0;
}
