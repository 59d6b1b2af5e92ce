/**
 * What the Prometheus exposition reads, per label set (service, environment, and the service's team
 * and application from the catalog, '' when unknown), with the semantics of metric-facts.ts:
 * counts and cumulative histogram buckets aggregated here over all history, so a scrape transfers
 * one row per label set, and the per-deployment facts of one window for the rate gauges.
 */
import type { DeploymentFact } from '../model/facts.ts';
import type { Queryable } from './db.ts';
import { COUNTED, epochMs, factParams, PRODUCTION_INCIDENT, WINDOW_INCIDENTS } from './metric-facts.ts';

export interface LabelSet {
  service: string;
  environment: string;
  team: string;
  application: string;
}

export interface LabelledCount extends LabelSet {
  count: number;
}

export interface LabelledHistogram extends LabelSet {
  /** Cumulative: buckets[k] counts the spans of at most bounds[k] seconds. */
  buckets: number[];
  count: number;
  sum: number;
}

export type LabelledDeploymentFact = LabelSet & DeploymentFact;

const catalogLabels = (alias: string) =>
  `coalesce(${alias}.team, '') as team, coalesce(${alias}.application, '') as application`;

/** Successful production deployments ever, the counter behind deployment frequency. */
export async function selectProductionDeploymentCounts(db: Queryable): Promise<LabelledCount[]> {
  return db.query<LabelledCount>(
    `select d.service, d.environment, ${catalogLabels('cat')}, count(*)::int as count
       from deployments d left join services cat on cat.name = d.service
      where d.is_production and d.status = 'success'
      group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
  );
}

/**
 * Cumulative buckets per label set in one pass over `spans` (service, environment, seconds): bucket
 * k counts the spans of at most bounds[k] seconds, as Prometheus' `le` does. The catalog labels are
 * joined to the few aggregated rows, not to every span.
 */
function histogram(spans: string, bounds: readonly number[]): string {
  const cumulative = bounds.map((_, k) => `count(*) filter (where seconds <= $${k + 1})::int`).join(', ');
  return `
    with spans as (${spans}),
    per_stream as (
      select service, environment, array[${cumulative}] as buckets,
             count(*)::int as count, sum(seconds)::float8 as sum
        from spans group by service, environment)
    select p.service, p.environment, ${catalogLabels('cat')}, p.buckets, p.count, p.sum
      from per_stream p left join services cat on cat.name = p.service
     order by p.service, p.environment`;
}

/**
 * Commit → first production deployment of the service (the change's environment is that
 * deployment's), from the commit time copied onto the row (migration 0008): no join with every change.
 */
export async function selectLeadTimeHistogram(db: Queryable, bounds: readonly number[]) {
  return db.query<LabelledHistogram>(
    histogram(
      `select dc.service, dc.environment, extract(epoch from dc.finished_at - dc.committed_at)::float8 as seconds
         from deployment_changes dc
        where dc.first_production and dc.finished_at >= dc.committed_at`,
      bounds,
    ),
    bounds,
  );
}

/** Counted, resolved incidents that name no environment ('') or a production one. */
export async function selectTimeToRestoreHistogram(db: Queryable, bounds: readonly number[]) {
  return db.query<LabelledHistogram>(
    histogram(
      `select coalesce(i.service, '') as service, coalesce(i.environment, '') as environment,
              extract(epoch from i.resolved_at - i.started_at)::float8 as seconds
         from incidents i left join services s on s.name = i.service cross join settings g
        where i.resolved_at >= i.started_at and ${COUNTED} and ${PRODUCTION_INCIDENT}`,
      bounds,
    ),
    bounds,
  );
}

/**
 * Failed changes (a counted incident attributed, or remediated) from their finish to the earlier of
 * the remediating deployment and the resolution of the last attributed incident (metrics/recovery.ts).
 */
export async function selectFailedDeploymentRecoveryHistogram(db: Queryable, bounds: readonly number[]) {
  return db.query<LabelledHistogram>(
    histogram(
      `with inc as (
         select i.deployment_id, case when bool_and(i.resolved_at is not null) then max(i.resolved_at) end as resolved
           from incidents i left join services s on s.name = i.service cross join settings g
          where i.deployment_id is not null and ${COUNTED}
          group by i.deployment_id)
       select d.service, d.environment,
              extract(epoch from least(d.remediated_at, inc.resolved) - d.finished_at)::float8 as seconds
         from deployments d left join inc on inc.deployment_id = d.id
        where d.is_production and d.status = 'success'
          and (inc.deployment_id is not null or d.remediated_at is not null)
          and least(d.remediated_at, inc.resolved) >= d.finished_at`,
      bounds,
    ),
    bounds,
  );
}

/** The facts of selectDeploymentFacts, unfiltered, with their label set. */
export async function selectLabelledDeploymentFacts(
  db: Queryable,
  from: Date,
  to: Date,
): Promise<LabelledDeploymentFact[]> {
  return db.query<LabelledDeploymentFact>(
    `with ${WINDOW_INCIDENTS}
     select d.service, d.environment, ${catalogLabels('cat')},
            ${epochMs('d.finished_at')} as "finishedAt", d.status, d.effective_kind as kind,
            cardinality(d.fixes_incidents) > 0 as "fixesIncident",
            ${epochMs('d.remediated_at')} as "remediatedAt",
            coalesce(inc.any, false) as "hasIncident", inc.resolved as "incidentsResolvedAt"
       from deployments d
       left join services cat on cat.name = d.service
       left join inc on inc.deployment_id = d.id
      where d.is_production and d.finished_at >= $1 and d.finished_at < $2`,
    factParams({ from, to }),
  );
}
