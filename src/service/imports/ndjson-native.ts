/**
 * The NDJSON line format of `fivekeys export ndjson` / `import ndjson`: one native API body per line
 * with a `type` naming its endpoint (`{"type": "deployment", ...}` is what `POST /api/v1/deployments`
 * takes, plus `type`). Not `kind`: deployments already have a `kind` field.
 */
import { AppError } from '../../errors.ts';
import { parseNativeChanges, parseNativeDeployments, parseNativeIncidents } from '../../ingest/native.ts';
import { emptyEvents, type NormalizedEvents } from '../../model/events.ts';
import type { ChangeExportRow, DeploymentExportRow, IncidentExportRow } from '../../store/export.ts';

export const LINE_TYPES = ['change', 'deployment', 'incident'] as const;
export type LineType = (typeof LINE_TYPES)[number];

/** The raw-log source of each type: the one its endpoint records, so replay re-parses it alike. */
export const SOURCE_OF: Record<LineType, string> = {
  change: 'api/changes',
  deployment: 'api/deployments',
  incident: 'api/incidents',
};

/** Validates one native body with the endpoint's own parser (throws its AppError, naming the field). */
export function parseNativeBody(type: LineType, body: unknown): NormalizedEvents {
  switch (type) {
    case 'change':
      return { ...emptyEvents(), changes: parseNativeChanges(body) };
    case 'deployment':
      return { ...emptyEvents(), deployments: parseNativeDeployments(body) };
    case 'incident':
      return { ...emptyEvents(), incidents: parseNativeIncidents(body) };
  }
}

export const isLineType = (value: unknown): value is LineType =>
  typeof value === 'string' && (LINE_TYPES as readonly string[]).includes(value);

/** `2026-03-02T12:00:00.000000Z` → `2026-03-02T12:00:00Z`; `.250000Z` → `.25Z` (no precision lost). */
const trimInstant = (text: string | null) =>
  text === null
    ? undefined
    : text.replace(/\.(\d*?)0*Z$/, (_, digits: string) => (digits ? `.${digits}Z` : 'Z'));

const orUndefined = <T>(value: T | null): T | undefined => value ?? undefined;

/** Drops undefined fields, so a line holds only what is known. */
function known(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/** Returns the body, and why part of the row could not be expressed (the native API needs a number). */
export function toNativeChange(row: ChangeExportRow): { body: Record<string, unknown>; dropped?: string } {
  const pullRequest = known({
    number: orUndefined(row.pr_number),
    opened_at: trimInstant(row.pr_opened_at),
    first_review_at: trimInstant(row.pr_first_review_at),
    approved_at: trimInstant(row.pr_approved_at),
    merged_at: trimInstant(row.pr_merged_at),
    merge_sha: orUndefined(row.pr_merge_sha),
  });
  const hasNumber = row.pr_number !== null;
  const body = known({
    repository: row.repository,
    repository_url: orUndefined(row.repository_url),
    sha: row.sha,
    committed_at: trimInstant(row.committed_at),
    parents: orUndefined(row.parents),
    authored_at: trimInstant(row.authored_at),
    author: orUndefined(row.author),
    message: orUndefined(row.message),
    service: orUndefined(row.service),
    pull_request: hasNumber ? pullRequest : undefined,
  });
  const lost = !hasNumber && Object.keys(pullRequest).length > 0;
  return lost
    ? { body, dropped: 'pull_request: pull-request times without a number were left out' }
    : { body };
}

export function toNativeDeployment(row: DeploymentExportRow): Record<string, unknown> {
  return known({
    id: row.external_id,
    service: row.service,
    environment: row.environment,
    status: row.status,
    finished_at: trimInstant(row.finished_at),
    started_at: trimInstant(row.started_at),
    version: orUndefined(row.version),
    repository: orUndefined(row.repository),
    repository_url: orUndefined(row.repository_url),
    url: orUndefined(row.url),
    commit: orUndefined(row.head_commit),
    commits: orUndefined(row.commits),
    // Only an explicit kind: an inferred rollback is inferred again on import.
    kind: orUndefined(row.kind),
    fixes_incidents: row.fixes_incidents.length > 0 ? row.fixes_incidents : undefined,
    production: orUndefined(row.production_hint),
    team: orUndefined(row.team),
    application: orUndefined(row.application),
  });
}

export function toNativeIncident(row: IncidentExportRow): Record<string, unknown> {
  return known({
    id: row.external_id,
    service: orUndefined(row.service),
    environment: orUndefined(row.environment),
    severity: orUndefined(row.severity),
    title: orUndefined(row.title),
    url: orUndefined(row.url),
    started_at: trimInstant(row.started_at),
    resolved_at: trimInstant(row.resolved_at),
    deployment: orUndefined(row.cause_deployment),
    version: orUndefined(row.cause_version),
    commit: orUndefined(row.cause_commit),
  });
}

/** The first problem a parser found, as `field: message` text. */
export function reasonOf(error: unknown): string {
  if (error instanceof AppError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
