/**
 * The selections behind every metric (DESIGN.md §3): the per-item facts in a window, with the
 * filters applied; the arithmetic lives in metrics/. Team and application resolve through the
 * service catalog. Instants come back as epoch milliseconds.
 */
import type { ChangeFact, DeploymentFact, IncidentFact, LeadTimeFact } from '../model/facts.ts';
import { setImmediate as turn } from 'node:timers/promises';
import type { Queryable } from './db.ts';

export interface FactFilter {
  from: Date;
  to: Date;
  service?: string | undefined;
  environment?: string | undefined;
  team?: string | undefined;
  application?: string | undefined;
}

export const factParams = (f: FactFilter) => [
  f.from,
  f.to,
  f.service ?? null,
  f.environment ?? null,
  f.team ?? null,
  f.application ?? null,
];

/**
 * Service, team and application filters on a service column. Team and application resolve through
 * the catalog in a subquery that a null parameter folds away, so unfiltered queries join nothing.
 * `perService`: the column leads an index the query can range over service by service
 * (deployments_stream, deployment_changes_service_first); the team's services are then listed
 * first, `= any(array(…))`, so a team is a few index ranges (1M deployments, one team's lead time:
 * 52 → 15 ms, its deployments 20 → 8 ms). Elsewhere `in (…)` stays a hashed lookup: as a list the
 * planner cannot see, it led the incident query to probe all 50k incidents one by one (100 ms).
 */
export const catalogFilter = (column: string, perService = false) => `($3::text is null or ${column} = $3)
  and (($5::text is null and $6::text is null) or ${column} ${perService ? '= any(array(' : 'in ('}
    select name from services where ($5::text is null or team = $5) and ($6::text is null or application = $6))${perService ? ')' : ''})`;

/**
 * An instant as epoch milliseconds. `date_part` computes in float8; `extract` goes through numeric,
 * which made the 6-column lead-time selection of 37k rows spend 120 ms converting. Both round the
 * same exact microsecond count once, so the values are identical.
 */
export const epochMs = (instant: string) => `date_part('epoch', ${instant}) * 1000`;

/**
 * Runs `inner` and returns its rows, transferred as one JSON array of column arrays: building tens
 * of thousands of row objects in the driver costs about five times more than parsing a few arrays,
 * and the drivers parse JSON natively where PostgreSQL's array text is parsed element by element
 * in JavaScript (250 ms for 37k rows of 6 floats, against ~20 ms as JSON).
 */
async function selectByColumns<T extends object>(
  db: Queryable,
  inner: string,
  values: unknown[],
  columns: readonly (keyof T & string)[],
): Promise<T[]> {
  const aggregates = columns.map((column) => `array_agg(q."${column}")`).join(', ');
  const [row] = await db.query<{ columns: (unknown[] | null)[] }>(
    `select json_build_array(${aggregates}) as columns from (${inner}) q`,
    values,
  );
  const arrays = columns.map((_, c) => row?.columns[c] ?? []);
  const length = arrays[0]?.length ?? 0;
  const facts: T[] = new Array(length);
  for (let i = 0; i < length; i++) {
    const fact: Record<string, unknown> = {};
    columns.forEach((column, c) => (fact[column] = arrays[c]![i]));
    facts[i] = fact as T;
  }
  return facts;
}

const DAY_MS = 86_400_000;
/** Rows a page aims at: a few milliseconds of parsing, so `/healthz` waits little between pages. */
const PAGE_ROWS = 5000;
/** The first page's span: the common windows (30 and 90 days) stay one statement, as before paging. */
const FIRST_SPAN_MS = 92 * DAY_MS;
const MIN_SPAN_MS = 1000;

/**
 * selectByColumns over the filter's window read as consecutive sub-windows, one statement each,
 * with an event-loop turn between them: one 10-year selection of 250k facts parsed as one JSON row
 * held the event loop (and, on PGlite, the statement held the thread) for seconds. Every fact query
 * selects rows by one instant in [$1, $2) and nothing else depends on the window, so the pages
 * partition the same rows. Each page's span is scaled by the last page's density to aim at
 * PAGE_ROWS; facts come back in page order, which no metric depends on (none did before: the
 * statements have no `order by`).
 */
export async function selectPaged<T extends object>(
  db: Queryable,
  inner: string,
  filter: FactFilter,
  columns: readonly (keyof T & string)[],
): Promise<T[]> {
  const rest = factParams(filter).slice(2);
  const end = filter.to.getTime();
  const facts: T[] = [];
  let start = filter.from.getTime();
  let span = FIRST_SPAN_MS;
  while (start < end) {
    const until = Math.min(end, start + span);
    const page = await selectByColumns<T>(db, inner, [new Date(start), new Date(until), ...rest], columns);
    for (const fact of page) facts.push(fact);
    start = until;
    if (start < end) {
      const scaled = (span * PAGE_ROWS) / Math.max(page.length, 1);
      span = Math.round(Math.max(MIN_SPAN_MS, Math.min(span * 8, scaled)));
      await turn();
    }
  }
  return facts;
}

/** Incidents count when no severities are configured, or theirs is one of them. */
export const COUNTED = `(cardinality(coalesce(s.counted_severities, g.counted_severities)) = 0
  or lower(i.severity) = any(coalesce(s.counted_severities, g.counted_severities)))`;

/**
 * `inc.any` (a counted incident is attributed to the deployment) and `inc.resolved` (epoch ms when
 * all of them are resolved, null while one is open) for every deployment of the window at once, as
 * a table keyed by `deployment_id`: grouping the window's incidents once costs a few milliseconds
 * where a lateral subquery, run once per deployment, took 100 ms for 10k deployments.
 * Filtered as the deployments are (factParams), so one service's answer does not group every
 * service's incidents.
 */
export const WINDOW_INCIDENTS = `inc as (
  select i.deployment_id, true as any,
         case when bool_and(i.resolved_at is not null)
              then ${epochMs('max(i.resolved_at)')} end as resolved
    from incidents i
    join deployments a on a.id = i.deployment_id
    left join services s on s.name = i.service
    cross join settings g
   where a.is_production and a.finished_at >= $1 and a.finished_at < $2 and ${COUNTED}
     and ($4::text is null or a.environment = $4) and ${catalogFilter('a.service')}
   group by i.deployment_id)`;

/** The deployment facts' statement; `keys` adds leading columns (`d.service, `) to group by. */
export const deploymentFactsQuery = (keys = '') => `with ${WINDOW_INCIDENTS}
     select ${keys}${epochMs('d.finished_at')} as "finishedAt", d.status, d.effective_kind as kind,
            cardinality(d.fixes_incidents) > 0 as "fixesIncident",
            ${epochMs('d.remediated_at')} as "remediatedAt",
            coalesce(inc.any, false) as "hasIncident", inc.resolved as "incidentsResolvedAt"
       from deployments d
       left join inc on inc.deployment_id = d.id
      where d.is_production and d.finished_at >= $1 and d.finished_at < $2
        and ($4::text is null or d.environment = $4) and ${catalogFilter('d.service', true)}`;

export const DEPLOYMENT_FACT_COLUMNS = [
  'finishedAt',
  'status',
  'kind',
  'fixesIncident',
  'remediatedAt',
  'hasIncident',
  'incidentsResolvedAt',
] as const satisfies readonly (keyof DeploymentFact)[];

export async function selectDeploymentFacts(db: Queryable, filter: FactFilter): Promise<DeploymentFact[]> {
  return selectPaged<DeploymentFact>(db, deploymentFactsQuery(), filter, DEPLOYMENT_FACT_COLUMNS);
}

/**
 * The change `dc` is the first production deployment of its sha and service in `environment` (the
 * filter's `$4`, or `dc.environment` for every environment at once). Without an environment filter
 * the stored mark answers; per environment it is computed.
 */
export const firstInEnvironment = (
  environment: string,
) => `exists (select 1 from deployments d where d.id = dc.deployment_id and d.is_production)
  and not exists (
  select 1 from deployment_changes e join deployments ed on ed.id = e.deployment_id
   where e.sha = dc.sha and e.service = dc.service and ed.is_production and e.environment = ${environment}
     and (e.finished_at, e.deployment_id) < (dc.finished_at, dc.deployment_id))`;

const changeFacts = (
  keys: string,
  first: string,
) => `select ${keys}${epochMs('dc.finished_at')} as "deployedAt",
            ${epochMs('dc.committed_at')} as "committedAt",
            ${epochMs('dc.pr_opened_at')} as "prOpenedAt",
            ${epochMs('dc.pr_first_review_at')} as "firstReviewAt",
            ${epochMs('dc.pr_approved_at')} as "approvedAt",
            ${epochMs('dc.pr_merged_at')} as "mergedAt"
       from deployment_changes dc
      where dc.finished_at >= $1 and dc.finished_at < $2
        and ($4::text is null or dc.environment = $4) and ${catalogFilter('dc.service', true)}
        and ${first}`;

/**
 * Changes whose first successful production deployment (per service, and per environment when the
 * filter names one) finished in the window, read from the commit times copied onto deployment_changes
 * (migration 0008): unfiltered, one range scan of a covering index. Parameters: factParams.
 */
export const changeFactsQuery = (filter: FactFilter, keys = '') =>
  changeFacts(keys, filter.environment === undefined ? 'dc.first_production' : firstInEnvironment('$4'));

/**
 * changeFactsQuery as if filtered by each stream's environment, for all streams at once: every
 * change first deployed to its environment, with its service and environment to group by.
 */
export const streamChangeFactsQuery = changeFacts(
  'dc.service, dc.environment, ',
  firstInEnvironment('dc.environment'),
);

export async function selectChangeFacts(db: Queryable, filter: FactFilter): Promise<ChangeFact[]> {
  return selectPaged<ChangeFact>(db, changeFactsQuery(filter), filter, [
    'deployedAt',
    'committedAt',
    'prOpenedAt',
    'firstReviewAt',
    'approvedAt',
    'mergedAt',
  ]);
}

/**
 * selectChangeFacts with only the two instants lead time spans: a 10-year daily lead-time series
 * reads ~60k changes, and objects a third the size are less for the garbage collector to walk
 * while the event loop waits (the subquery's other columns are not computed).
 */
export async function selectLeadTimeFacts(db: Queryable, filter: FactFilter): Promise<LeadTimeFact[]> {
  return selectPaged<LeadTimeFact>(db, changeFactsQuery(filter), filter, ['deployedAt', 'committedAt']);
}

/** An incident that names no environment, or a production one (of its service, else by the pattern). */
export const PRODUCTION_INCIDENT = `(i.environment is null or (case when cardinality(s.production_environments) > 0
  then i.environment = any(s.production_environments)
  else i.environment ~* coalesce(s.production_pattern, g.production_pattern) end))`;

/** Counted incidents resolved in the window, leaving out those that name a non-production environment. */
/** The incident facts' statement; `keys` adds leading columns (`i.service, `) to group by. */
export const incidentFactsQuery = (keys = '') => `select ${keys}${epochMs('i.started_at')} as "startedAt",
            ${epochMs('i.resolved_at')} as "resolvedAt"
       from incidents i
       left join services s on s.name = i.service
       cross join settings g
      where i.resolved_at >= $1 and i.resolved_at < $2 and ${COUNTED}
        and ($4::text is null or i.environment = $4)
        and ${catalogFilter('i.service')}
        and ${PRODUCTION_INCIDENT}`;

export async function selectIncidentFacts(db: Queryable, filter: FactFilter): Promise<IncidentFact[]> {
  return selectPaged<IncidentFact>(db, incidentFactsQuery(), filter, ['startedAt', 'resolvedAt']);
}
