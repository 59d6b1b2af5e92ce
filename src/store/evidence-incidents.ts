/**
 * The incidents list of the evidence API: incidents open at some point of the window, filtered and
 * counted in SQL. `counted` and `restored` restate selectIncidentFacts and computeTimeToRestore:
 * counted incidents restored in the window, their span not negative, are time to restore's n.
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
import { catalogFilter, COUNTED, factParams, PRODUCTION_INCIDENT, type FactFilter } from './metric-facts.ts';

export interface IncidentFilter extends FactFilter {
  /** A counted severity in a production environment (or none named): it enters the metrics. */
  counted?: boolean | undefined;
  /** Attributed to a deployment. */
  attributed?: boolean | undefined;
  /** Resolved in the window, not before it started: its restore time is measured here. */
  restored?: boolean | undefined;
}

export type IncidentSort = 'started_at' | 'restore';

const restored = (from: string, to: string) =>
  `(i.resolved_at >= ${from} and i.resolved_at < ${to} and i.resolved_at >= i.started_at)`;
const RESTORED = restored('$1', '$2');

const orderOf = (sort: IncidentSort, descending: boolean): Order =>
  sort === 'started_at'
    ? { value: 'i.started_at', type: 'timestamptz', descending }
    : { value: spanMicros('i.started_at', 'i.resolved_at'), type: 'float8', descending };

export interface IncidentRow {
  id: number;
  source: string;
  external_id: string;
  service: string | null;
  environment: string | null;
  severity: string | null;
  title: string | null;
  url: string | null;
  started_at: Date;
  start_reported: boolean;
  resolved_at: Date | null;
  counted: boolean;
  restored: boolean;
  deployment_id: number | null;
  deployment_external_id: string | null;
  attribution_method: string | null;
  position_at: string;
}

const columns = (
  order: Order,
  restoredHere = RESTORED,
) => `i.id::float8 as id, i.source, i.external_id, i.service, i.environment,
  i.severity, i.title, i.url, i.started_at, i.start_reported, i.resolved_at,
  coalesce(${COUNTED} and ${PRODUCTION_INCIDENT}, false) as counted, coalesce(${restoredHere}, false) as restored,
  i.deployment_id::float8 as deployment_id, d.external_id as deployment_external_id, i.attribution_method,
  ${positionColumn(order)}`;

const FROM = `from incidents i
       left join services s on s.name = i.service
       left join deployments d on d.id = i.deployment_id
       cross join settings g`;

const MATCHING = `${FROM}
      where i.started_at < $2 and (i.resolved_at is null or i.resolved_at >= $1)
        and ($4::text is null or i.environment = $4) and ${catalogFilter('i.service')}
        and ($7::boolean is null or coalesce(${COUNTED} and ${PRODUCTION_INCIDENT}, false) = $7)
        and ($8::boolean is null or (i.deployment_id is not null) = $8)
        and ($9::boolean is null or coalesce(${RESTORED}, false) = $9)`;

const filterParams = (filter: IncidentFilter) => [
  ...factParams(filter),
  filter.counted ?? null,
  filter.attributed ?? null,
  filter.restored ?? null,
];

export async function selectIncidentPage(
  db: Queryable,
  filter: IncidentFilter,
  sort: IncidentSort,
  descending: boolean,
  after: PageAfter | undefined,
  limit: number,
): Promise<IncidentRow[]> {
  const order = orderOf(sort, descending);
  return db.query<IncidentRow>(
    `select ${columns(order)}
       ${MATCHING}
        and ${afterCondition(order, 'i.id', 'bigint', 10)}
      ${orderBy(order, 'i.id')}
      limit $12`,
    [...filterParams(filter), ...afterParams(after), limit],
  );
}

export async function countIncidents(db: Queryable, filter: IncidentFilter): Promise<number> {
  const [row] = await db.query<{ total: number }>(
    `select count(*)::float8 as total ${MATCHING}`,
    filterParams(filter),
  );
  return row?.total ?? 0;
}

/** The incidents attributed to a page's deployments, sorted as they started. */
export async function selectIncidentsOfDeployments(
  db: Queryable,
  ids: readonly number[],
  window: FactFilter,
) {
  const order: Order = { value: 'i.started_at', type: 'timestamptz', descending: false };
  return db.query<IncidentRow>(
    `select ${columns(order, restored('$2', '$3'))}
       ${FROM}
      where i.deployment_id = any($1::bigint[])
      order by i.started_at, i.id`,
    [ids, window.from, window.to],
  );
}
