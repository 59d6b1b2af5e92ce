/**
 * Incident → deployment attribution, first match wins (DESIGN.md §3.3): the explicit deployment id;
 * the first production deployment containing the incident's commit; the deployment of its version
 * (the latest one before the incident started, else the first); the latest successful production
 * deployment of its service (and environment, if named) that finished before it started, within the
 * attribution window of that service. The method is stored with the result.
 */
import type { Queryable } from './db.ts';
import { FIRST_PRODUCTION } from './first-deployments.ts';

export interface IncidentScope {
  incidentIds?: readonly number[];
  /** Incidents of these services that started at or after the paired instant. */
  services?: readonly { service: string; since: Date }[];
  /** Incidents attributed to, or naming a cause found in, these deployments. */
  deploymentIds?: readonly number[];
  /** Also every incident that names no service (their commit or version may match anywhere). */
  withoutService?: boolean;
}

/**
 * Marks that `updateFirstProduction` would make, run by the same statement to save a round trip:
 * attribution reads no mark, so it is the same as running that statement first.
 */
export interface FirstProductionScope {
  shas: readonly string[];
  services: readonly string[];
}

export async function reattributeIncidents(
  tx: Queryable,
  scope: IncidentScope,
  marks: FirstProductionScope = { shas: [], services: [] },
): Promise<void> {
  const services = scope.services ?? [];
  const marking = marks.shas.length > 0 && marks.services.length > 0;
  await tx.query(
    `with ${marking ? `marked as (${FIRST_PRODUCTION('$6', '$7')}),` : ''}
     scope as (
       select id from incidents where id = any($1::bigint[])
       union select id from incidents where deployment_id = any($4::bigint[])
       union select i.id from deployments d join incidents i on i.cause_deployment = d.external_id
              where d.id = any($4::bigint[])
       union select i.id from deployments d join incidents i on i.cause_version = d.version
              where d.id = any($4::bigint[])
       union select i.id from deployment_changes dc join incidents i on i.cause_commit = dc.sha
              where dc.deployment_id = any($4::bigint[])
       union select x.id from unnest($2::text[], $3::timestamptz[]) as s(service, since)
              cross join lateral (select id from incidents i
                                   where i.service = s.service and i.started_at >= s.since offset 0) x
       union select id from incidents where $5::boolean and service is null),
     chosen as (
       select i.id, m.deployment_id, m.method from scope
         cross join lateral (select * from incidents x where x.id = scope.id offset 0) i
         left join lateral (${CANDIDATES}) m on true)
     update incidents i set deployment_id = chosen.deployment_id, attribution_method = chosen.method
       from chosen where chosen.id = i.id
        and (i.deployment_id is distinct from chosen.deployment_id
             or i.attribution_method is distinct from chosen.method)`,
    [
      scope.incidentIds ?? [],
      services.map((s) => s.service),
      services.map((s) => s.since),
      scope.deploymentIds ?? [],
      scope.withoutService ?? false,
      ...(marking ? [marks.shas, marks.services] : []),
    ],
  );
}

/** The deployment of the incident's version: the latest one before it started, else the first. */
const VERSION_ORDER = `(d.finished_at <= i.started_at) desc,
  case when d.finished_at <= i.started_at then d.finished_at end desc, d.finished_at`;

/**
 * Without OR on the incident's columns where an index can take them: `(i.service is null or
 * d.service = i.service)` kept the version lookup off the index led by the service, and at 1M
 * deployments each re-attributed incident with a version read all of them (100 ms a batch). A
 * version without a service, rare, still scans. Scope and incidents are probed per row (laterals
 * kept as subqueries by `offset 0`): flattened, the prepared statement's generic plan, which cannot
 * see how few streams and incidents come, hashed all 50k incidents twice per batch (12 ms).
 */
const CANDIDATES = `
  select * from (
    (select d.id as deployment_id, 'explicit' as method, 1 as rank from deployments d
      where d.external_id = i.cause_deployment
      order by (d.source = i.source) desc, d.finished_at limit 1)
    union all
    (select d.id, 'commit', 2 from deployment_changes dc join deployments d on d.id = dc.deployment_id
      where dc.sha = i.cause_commit and d.is_production
        and (i.service is null or d.service = i.service)
        and (i.environment is null or d.environment = i.environment)
      order by dc.finished_at, dc.deployment_id limit 1)
    union all
    (select d.id, 'version', 3 from deployments d
      where i.service is not null and d.service = i.service
        and d.version = i.cause_version and d.status = 'success' and d.is_production
        and (i.environment is null or d.environment = i.environment)
      order by ${VERSION_ORDER} limit 1)
    union all
    (select d.id, 'version', 3 from deployments d
      where i.service is null
        and d.version = i.cause_version and d.status = 'success' and d.is_production
        and (i.environment is null or d.environment = i.environment)
      order by ${VERSION_ORDER} limit 1)
    union all
    (select d.id, 'time_window', 4 from deployments d
      cross join settings g
      left join services s on s.name = d.service
      where i.service is not null and d.service = i.service and d.status = 'success' and d.is_production
        and (i.environment is null or d.environment = i.environment)
        and d.finished_at <= i.started_at
        and d.finished_at >= i.started_at - make_interval(
              secs => coalesce(s.attribution_window_seconds, g.attribution_window_seconds))
      order by d.finished_at desc, d.id desc limit 1)
  ) candidates order by rank limit 1`;

// Each branch of \`scope\` is an index lookup; one OR-ed condition would scan every incident per batch.

/** After the catalog or settings change what counts as production, every incident of those services. */
export async function reattributeServiceIncidents(tx: Queryable, services: readonly string[]): Promise<void> {
  const epoch = new Date(0);
  await reattributeIncidents(tx, {
    services: services.map((service) => ({ service, since: epoch })),
    withoutService: true,
  });
}
