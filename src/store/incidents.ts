import type { Incident } from '../model/events.ts';
import type { Queryable } from './db.ts';
import { asJsonParam } from './records.ts';

/**
 * A report that knows the start replaces it; a resolution reported before its detection only
 * bounds it, so the earlier of the two stands.
 */
const STARTED_AT = `case when excluded.start_reported then excluded.started_at
                         when i.start_reported then i.started_at
                         else least(i.started_at, excluded.started_at) end`;

/** Incidents stored or changed by this call: their attribution must be (re)computed. */
export interface ChangedIncident {
  id: number;
  source: string;
  external_id: string;
}

/**
 * Posting an incident id again updates it, typically adding `resolved_at`. Fields the new report
 * omits keep their stored value; a report that changes nothing is a duplicate.
 */
export async function upsertIncidents(
  tx: Queryable,
  incidents: readonly Incident[],
): Promise<ChangedIncident[]> {
  const byKey = new Map<string, Incident>();
  for (const incident of incidents) {
    const key = `${incident.source}\n${incident.external_id}`;
    const earlier = byKey.get(key);
    byKey.set(key, earlier ? mergeDefined(earlier, incident) : incident);
  }
  if (byKey.size === 0) return [];
  return tx.query<ChangedIncident>(
    `insert into incidents as i (source, external_id, service, environment, severity, title, started_at, resolved_at,
       cause_deployment, cause_version, cause_commit, start_reported, url)
     select source, external_id, service, environment, severity, title, started_at, resolved_at,
            deployment, version, commit, not coalesce(start_unknown, false), url
       from jsonb_to_recordset($1::text::jsonb) as r(source text, external_id text, service text, environment text,
              severity text, title text, started_at timestamptz, resolved_at timestamptz, deployment text,
              version text, commit text, start_unknown boolean, url text)
     on conflict (source, external_id) do update set
       service = coalesce(excluded.service, i.service),
       environment = coalesce(excluded.environment, i.environment),
       severity = coalesce(excluded.severity, i.severity),
       title = coalesce(excluded.title, i.title),
       started_at = ${STARTED_AT},
       start_reported = i.start_reported or excluded.start_reported,
       resolved_at = coalesce(excluded.resolved_at, i.resolved_at),
       cause_deployment = coalesce(excluded.cause_deployment, i.cause_deployment),
       cause_version = coalesce(excluded.cause_version, i.cause_version),
       cause_commit = coalesce(excluded.cause_commit, i.cause_commit),
       url = coalesce(excluded.url, i.url),
       updated_at = now()
     where (i.started_at, i.start_reported, i.service, i.environment, i.severity, i.title,
            i.resolved_at, i.cause_deployment, i.cause_version, i.cause_commit, i.url)
           is distinct from
           (${STARTED_AT}, i.start_reported or excluded.start_reported, coalesce(excluded.service, i.service), coalesce(excluded.environment, i.environment),
            coalesce(excluded.severity, i.severity), coalesce(excluded.title, i.title),
            coalesce(excluded.resolved_at, i.resolved_at), coalesce(excluded.cause_deployment, i.cause_deployment),
            coalesce(excluded.cause_version, i.cause_version), coalesce(excluded.cause_commit, i.cause_commit),
            coalesce(excluded.url, i.url))
     returning id::float8 as id, source, external_id`,
    // Sorted so that two replicas upserting overlapping batches lock rows in the same order.
    [asJsonParam([...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, incident]) => incident))],
  );
}

function mergeDefined(earlier: Incident, later: Incident): Incident {
  const merged: Record<string, unknown> = { ...earlier };
  for (const [field, value] of Object.entries(later)) if (value !== undefined) merged[field] = value;
  // The same rule as the statement's: a reported start beats a bound, two bounds give the earlier.
  if (later.start_unknown && !earlier.start_unknown) {
    merged.started_at = earlier.started_at;
    merged.start_unknown = earlier.start_unknown;
  } else if (later.start_unknown && earlier.start_unknown && earlier.started_at < later.started_at) {
    merged.started_at = earlier.started_at;
  }
  return merged as unknown as Incident;
}

/** Removes incidents a replayed request no longer produces; returns the services they named. */
export async function deleteIncidents(
  tx: Queryable,
  keys: readonly (readonly [string, string])[],
): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await tx.query<{ service: string | null }>(
    `delete from incidents i using unnest($1::text[], $2::text[]) as k(source, external_id)
      where i.source = k.source and i.external_id = k.external_id
      returning i.service`,
    [keys.map(([source]) => source), keys.map(([, id]) => id)],
  );
  return rows.flatMap((row) => (row.service ? [row.service] : []));
}
