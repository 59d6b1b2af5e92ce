import type { Deployment } from '../model/events.ts';
import type { Queryable } from './db.ts';
import { asJsonParam } from './records.ts';

export interface InsertedDeployment {
  id: number;
  service: string;
  environment: string;
  finished_at: Date;
  source: string;
  external_id: string;
}

export interface ServiceSighting {
  service: string;
  team?: string | undefined;
  application?: string | undefined;
}

/**
 * Stores new deployments; a (source, id) seen before is skipped (a duplicate). Whether the
 * environment is production is decided here from the catalog and settings, in the same statement,
 * so every replica classifies alike. The services sighted are registered by the same statement
 * (one round trip less per ingest transaction): a service registered here has no catalog settings
 * yet, so classifying it by the global settings, as the statement does for a service it cannot
 * see yet, is the same.
 */
export async function insertDeployments(
  tx: Queryable,
  deployments: readonly Deployment[],
  sightings: readonly ServiceSighting[] = [],
): Promise<InsertedDeployment[]> {
  if (deployments.length === 0) {
    await ensureServices(tx, sightings);
    return [];
  }
  return tx.query<InsertedDeployment>(
    `with registered as (${ENSURE_SERVICES('$2')})
     insert into deployments (source, external_id, service, environment, status, started_at, finished_at, version,
       repository, head_commit, commits, kind, fixes_incidents, production_hint, artifact, commit_from_artifact,
       url, repository_url, is_production)
     select r.source, r.external_id, r.service, r.environment, r.status, r.started_at, r.finished_at, r.version,
            r.repository, coalesce(r.commit, (select a.commit from artifacts a where a.id = r.artifact)), r.commits,
            r.kind, coalesce(r.fixes_incidents, '{}'), r.production, r.artifact,
            r.commit is null and r.artifact is not null, r.url, r.repository_url,
            coalesce(r.production, case when cardinality(s.production_environments) > 0
                                        then r.environment = any(s.production_environments)
                                        else r.environment ~* coalesce(s.production_pattern, g.production_pattern) end)
       from jsonb_to_recordset($1::text::jsonb) as r(source text, external_id text, service text, environment text,
              status text, started_at timestamptz, finished_at timestamptz, version text, repository text,
              commit text, commits text[], kind text, fixes_incidents text[], production boolean, artifact text,
              url text, repository_url text)
       cross join settings g
       left join services s on s.name = r.service
     on conflict (source, external_id) do nothing
     returning id::float8 as id, service, environment, finished_at, source, external_id`,
    // Sorted so that two replicas inserting overlapping batches lock rows in the same order.
    [asJsonParam([...deployments].sort((a, b) => (key(a) < key(b) ? -1 : 1))), serviceRows(sightings)],
  );
}

const key = (d: Deployment) => `${d.source}\n${d.external_id}`;

/** Registers services first seen on an event; team and application fill only what the catalog lacks. */
const ENSURE_SERVICES = (param: string) => `insert into services as s (name, team, application)
     select name, team, application from jsonb_to_recordset(${param}::text::jsonb) as r(name text, team text, application text)
     on conflict (name) do update set team = coalesce(s.team, excluded.team),
                                      application = coalesce(s.application, excluded.application)
       where (s.team is null and excluded.team is not null)
          or (s.application is null and excluded.application is not null)`;

async function ensureServices(tx: Queryable, sightings: readonly ServiceSighting[]): Promise<void> {
  if (sightings.length === 0) return;
  await tx.query(ENSURE_SERVICES('$1'), [serviceRows(sightings)]);
}

/** One row per service; a later sighting's team or application wins over an earlier one's. */
function serviceRows(sightings: readonly ServiceSighting[]): string {
  const services = new Map<
    string,
    { name: string; team?: string | undefined; application?: string | undefined }
  >();
  for (const { service, team, application } of sightings) {
    const seen = services.get(service);
    services.set(service, {
      name: service,
      team: team ?? seen?.team,
      application: application ?? seen?.application,
    });
  }
  // Sorted so that two replicas registering overlapping services lock rows in the same order.
  return asJsonParam([...services.values()].sort((a, b) => (a.name < b.name ? -1 : 1)));
}

/**
 * Removes deployments a replayed request no longer produces (or produces differently: they are
 * inserted again). Their streams must be recomputed from the returned finish times.
 */
export async function deleteDeployments(
  tx: Queryable,
  keys: readonly (readonly [string, string])[],
): Promise<InsertedDeployment[]> {
  if (keys.length === 0) return [];
  return tx.query<InsertedDeployment>(
    `delete from deployments d using unnest($1::text[], $2::text[]) as k(source, external_id)
      where d.source = k.source and d.external_id = k.external_id
      returning d.id::float8 as id, d.service, d.environment, d.finished_at, d.source, d.external_id`,
    [keys.map(([source]) => source), keys.map(([, id]) => id)],
  );
}
