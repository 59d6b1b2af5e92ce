/**
 * What ingest tells a sender about events it stored that will not count, and why, in words a user
 * can act on. Built from the facts the store found (store/ingest-warnings.ts); pure.
 */
import type { Queryable } from '../../store/db.ts';
import {
  insertIngestWarnings,
  selectRecentWarnings,
  type WarningCode,
  type WarningFact,
  type WarningProbe,
} from '../../store/ingest-warnings.ts';
import type { NormalizedEvents } from '../../model/events.ts';

export interface IngestWarning {
  code: WarningCode;
  message: string;
  /** The event: its kind, its place among the request's events of that kind, and its id. */
  kind: 'deployment' | 'incident';
  index: number;
  id: string;
}

/** A request with a long `commits[]` list of unknown shas stops being told after this many. */
const MAX_WARNINGS_PER_REQUEST = 100;

/** The warnings of each request of a batch (by position; `null` for requests not stored). */
export async function findIngestWarnings(
  tx: Queryable,
  batch: readonly (NormalizedEvents | null)[],
): Promise<IngestWarning[][]> {
  const probes: WarningProbe[] = batch.flatMap((events, request) =>
    events === null
      ? []
      : [
          ...events.deployments.map((d, index) => ({
            request,
            kind: 'deployment' as const,
            index,
            source: d.source,
            external_id: d.external_id,
          })),
          ...events.incidents.map((i, index) => ({
            request,
            kind: 'incident' as const,
            index,
            source: i.source,
            external_id: i.external_id,
          })),
        ],
  );
  const perRequest = batch.map((): IngestWarning[] => []);
  for (const fact of await insertIngestWarnings(tx, probes)) {
    const list = perRequest[fact.request]!;
    if (list.length < MAX_WARNINGS_PER_REQUEST) list.push(toIngestWarning(fact));
  }
  return perRequest;
}

const toIngestWarning = (fact: WarningFact): IngestWarning => ({
  code: fact.code,
  message: warningMessage(fact),
  kind: fact.kind,
  index: fact.index,
  id: fact.external_id,
});

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const quoted = (value: unknown) => JSON.stringify(text(value));

/** The sentence for a warning: what will not count, why, and what to change. */
function warningMessage(fact: Pick<WarningFact, 'code' | 'kind' | 'external_id' | 'detail'>): string {
  const { detail } = fact;
  const subject = `${fact.kind === 'deployment' ? 'Deployment' : 'Incident'} ${quoted(fact.external_id)}`;
  switch (fact.code) {
    case 'not_production':
      return `${subject}: environment ${quoted(detail.environment)} is not production, so no metric counts it. ${notProductionFix(detail)}`;
    case 'commit_abbreviated':
      return detail.full_sha
        ? `${subject}: commit ${quoted(detail.commit)} abbreviates the known commit ${quoted(detail.full_sha)}, but lead time matches commits by their full sha only, so its changes get no lead time. Send the full sha.`
        : `${subject}: commit ${quoted(detail.commit)} is an abbreviated sha and lead time matches commits by their full sha only, so its changes get no lead time. Send the full 40-character sha.`;
    case 'commit_unknown':
      return `${subject}: no change with commit ${quoted(detail.commit)} is known yet, so lead time has nothing to count for it until that commit arrives (POST /api/v1/changes, a push webhook, or fivekeys import git).`;
    case 'incident_unattributed':
      return `${subject} names no service and was tied to no deployment, so it counts in no change failure rate and in no service's, team's or application's time to restore. Send its service (or the deployment, version or commit that caused it).`;
  }
}

function notProductionFix(detail: Record<string, unknown>): string {
  if (detail.source_says === false) return 'Its source marked it as not production.';
  const listed = Array.isArray(detail.production_environments) ? detail.production_environments : [];
  if (listed.length > 0) {
    return `Service ${quoted(detail.service)} lists its production environments as ${listed.map(quoted).join(', ')}: add this one to its production_environments in the service catalog (PUT /api/v1/services/{name} or the config file).`;
  }
  const where = detail.pattern_of_service
    ? `service ${quoted(detail.service)}'s production_pattern`
    : 'the production pattern';
  return `It does not match ${where} ${quoted(detail.pattern)} (a case-insensitive regular expression): change production_pattern in the settings (PUT /api/v1/settings, or settings.production_pattern in the config file), or list the environment in the service's production_environments.`;
}

export interface RecentWarning {
  received_at: string;
  code: WarningCode;
  kind: 'deployment' | 'incident';
  source: string;
  id: string;
  message: string;
}

/** The warnings ingest gave since `since`, newest first, worded as the answers were. */
export async function recentIngestWarnings(
  db: Queryable,
  since: Date,
  limit: number,
): Promise<RecentWarning[]> {
  const rows = await selectRecentWarnings(db, since, limit);
  return rows.map((row) => ({
    received_at: new Date(row.received_at).toISOString(),
    code: row.code,
    kind: row.kind,
    source: row.source,
    id: row.external_id,
    message: warningMessage(row),
  }));
}
