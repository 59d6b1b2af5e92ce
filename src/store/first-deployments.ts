/**
 * Marks, for each commit and service, the deployment_changes row of the first successful
 * production deployment that contains it (DESIGN.md §3.2: lead time runs to that one).
 */
import type { Queryable } from './db.ts';

/**
 * Recomputes the mark for these commits (null: all of them) in these services. Called whenever
 * contents or production flags change, with every commit whose rows were added or removed.
 */
export async function updateFirstProduction(
  tx: Queryable,
  shas: readonly string[] | null,
  services: readonly string[],
): Promise<void> {
  if (services.length === 0 || shas?.length === 0) return;
  if (shas === null) await tx.query(FIRST_PRODUCTION(null, '$1'), [services]);
  else await tx.query(FIRST_PRODUCTION('$1', '$2'), [shas, services]);
}

/**
 * The statement, its parameters named (`shas` null: every commit): `reattributeIncidents` runs it
 * as part of its own. Two texts rather than `$1 is null or …`, which a prepared statement's
 * generic plan cannot fold away: it scanned the services' rows instead of probing the commits.
 */
export const FIRST_PRODUCTION = (shas: string | null, services: string) => `with pairs as (
       select distinct sha, service from deployment_changes
        where service = any(${services}::text[])${shas === null ? '' : ` and sha = any(${shas}::text[])`}),
     firsts as materialized (
       select p.sha, p.service, (
           select e.deployment_id from deployment_changes e join deployments d on d.id = e.deployment_id
            where e.sha = p.sha and e.service = p.service and d.is_production
            order by e.finished_at, e.deployment_id limit 1) as first_id
         from pairs p)
     update deployment_changes dc set first_production = (dc.deployment_id is not distinct from f.first_id)
       from firsts f
      where dc.sha = f.sha and dc.service = f.service
        and dc.first_production is distinct from (dc.deployment_id is not distinct from f.first_id)`;
