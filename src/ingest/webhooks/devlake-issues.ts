/**
 * `POST /api/plugins/webhook/{connectionId}/issues` (and its alias `/incidents`) and
 * `/issue/{issueKey}/close`. DevLake's DORA metrics count the issues of type INCIDENT, so only
 * those become incidents here; the issue key, unique within the connection, keys the incident so
 * a re-post or a close updates it. Both camelCase (`issueKey`, `createdDate`) and the older
 * snake_case (`issue_key`, `created_date`) bodies are read.
 */
import { emptyEvents, type Incident } from '../../model/events.ts';
import {
  compact,
  instantAt,
  invalid,
  requiredInstant,
  textAt,
  type JsonRecord,
} from '../transformers/fields.ts';
import type { DevLakeTarget } from './devlake.ts';
import type { WebhookResult } from './webhook.ts';
import { webUrlAt } from '../web-url.ts';

const CURRENT = {
  issueKey: 'issueKey',
  created: 'createdDate',
  updated: 'updatedDate',
  resolved: 'resolutionDate',
};
const LEGACY = {
  issueKey: 'issue_key',
  created: 'created_date',
  updated: 'updated_date',
  resolved: 'resolution_date',
};

export function toDevLakeIncident(body: JsonRecord, target: DevLakeTarget): WebhookResult {
  const fields = !('issueKey' in body) && 'issue_key' in body ? LEGACY : CURRENT;
  const issueKey = textAt(body, [fields.issueKey]);
  if (issueKey === undefined) throw invalid(fields.issueKey, 'missing: DevLake requires the issue key');
  const type = textAt(body, ['type']);
  if (type?.toUpperCase() !== 'INCIDENT') {
    return skip(
      `devlake: issue ${issueKey} has type ${type ?? '(none)'}; only issues of type INCIDENT are incidents`,
    );
  }
  const service = target.service ?? textAt(body, ['component']);
  if (service === undefined) {
    return skip(
      `devlake: incident ${issueKey} has no component, and connection ${target.connectionId} no service (webhooks.devlake.options.connections)`,
    );
  }
  const started = requiredInstant(
    body,
    [fields.created],
    fields.created,
    'the incident starts when the issue was created',
  );
  const done = textAt(body, ['status'])?.toUpperCase() === 'DONE';
  // A DONE issue without a resolution date was resolved by its last update at the latest, and by
  // the time it was posted if it says nothing else.
  const resolved =
    instantAt(body, [fields.resolved], fields.resolved) ??
    (done ? (instantAt(body, [fields.updated], fields.updated) ?? target.receivedAt) : undefined);
  const incident: Incident = compact({
    source: 'devlake',
    external_id: `${target.connectionId}/${issueKey}`,
    service,
    environment: target.environment ?? 'production',
    severity: textAt(body, ['severity']) ?? textAt(body, ['priority']),
    title: textAt(body, ['title']),
    url: webUrlAt(body, ['url']),
    started_at: started,
    resolved_at: resolved,
  });
  return { events: { ...emptyEvents(), incidents: [incident] }, reasons: [] };
}

/**
 * DevLake's close sets the issue's status to DONE and sends nothing else: the incident resolves
 * when the call arrives. It merges into the incident the issue created; one never posted keeps the
 * close time as an upper bound of its start until the issue arrives.
 */
export function toDevLakeClosedIncident(issueKey: string, target: DevLakeTarget): WebhookResult {
  const incident: Incident = compact({
    source: 'devlake',
    external_id: `${target.connectionId}/${issueKey}`,
    service: target.service,
    environment: target.environment,
    started_at: target.receivedAt,
    start_unknown: true,
    resolved_at: target.receivedAt,
  });
  return { events: { ...emptyEvents(), incidents: [incident] }, reasons: [] };
}

const skip = (reason: string): WebhookResult => ({ events: emptyEvents(), reasons: [reason] });
