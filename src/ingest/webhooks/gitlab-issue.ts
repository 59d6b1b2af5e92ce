/**
 * Issue Hook (`issue`, and `work_item` for the other work item types) → an incident, when the issue
 * is of type Incident or carries an incident label. Each delivery upserts the whole incident, so an
 * `update` that adds a severity label or a `close` that resolves it both land on the same row.
 */
import type { Incident } from '../../model/events.ts';
import { compact, invalid, isRecord, textAt, valueAt, type JsonRecord } from '../transformers/fields.ts';
import { reason, recordAt, requiredInteger, rows, skip, type GitLabHook } from './gitlab-hook.ts';
import { webUrlAt } from '../web-url.ts';
import { gitlabTimeAt, requiredGitlabTime } from './gitlab-time.ts';
import type { WebhookResult } from './webhook.ts';

/** GitLab's scoped severity labels (`severity::high`), for issues that are not of type Incident. */
const SEVERITY_LABEL = /^severity::\s*(.+)$/i;

export function toIncident(hook: GitLabHook): WebhookResult {
  const { body, kind, settings } = hook;
  const attributes = recordAt(body, ['object_attributes'], `the ${kind} is described here`);
  const labels = labelTitles(body, attributes);
  const type = textAt(attributes, ['type']);
  if (type?.toLowerCase() !== 'incident' && !labels.some(settings.isIncidentLabel)) {
    const number = textAt(attributes, ['iid']) ?? '?';
    return skip(
      `${kind} #${number} is not an incident: neither of type Incident nor labelled as one (incidentLabels)`,
    );
  }
  const iid = requiredInteger(attributes, ['iid'], 'object_attributes.iid', 'the incident number');
  const action = textAt(attributes, ['action']);
  const closed = textAt(attributes, ['state']) === 'closed' || action === 'close';
  const incident: Incident = compact({
    source: 'gitlab',
    external_id: `${hook.repository}#${iid}`,
    service: hook.service,
    severity: severityOf(attributes, labels),
    title: textAt(attributes, ['title']),
    url: webUrlAt(attributes, ['url']),
    started_at: requiredGitlabTime(
      attributes,
      ['created_at'],
      'object_attributes.created_at',
      'the time the incident was opened',
    ),
    resolved_at: closed ? closedAt(attributes) : undefined,
  });
  const reasons =
    action === 'reopen'
      ? [
          reason(
            `incident #${iid} was reopened: an earlier resolution is kept, fivekeys never clears resolved_at`,
          ),
        ]
      : [];
  return rows({ incidents: [incident] }, reasons);
}

/** Label titles: the hook lists them at the top level and, in newer versions, in `object_attributes`. */
function labelTitles(body: JsonRecord, attributes: JsonRecord): string[] {
  const labels = valueAt(body, ['labels']) ?? attributes.labels;
  if (!Array.isArray(labels)) return [];
  return labels.flatMap((label: unknown) => {
    const title = isRecord(label) ? textAt(label, ['title']) : undefined;
    return title === undefined ? [] : [title];
  });
}

/** GitLab's own severity (`critical`, `high`, `medium`, `low`), unless `unknown`; else a scoped label. */
function severityOf(attributes: JsonRecord, labels: readonly string[]): string | undefined {
  const severity = textAt(attributes, ['severity']);
  if (severity !== undefined && severity.toLowerCase() !== 'unknown') return severity;
  return labels.map((title) => SEVERITY_LABEL.exec(title)?.[1]?.trim()).find((value) => value);
}

/** `closed_at`, else the last update (a close updates it); one of them is needed. */
function closedAt(attributes: JsonRecord): string {
  const closed =
    gitlabTimeAt(attributes, ['closed_at'], 'object_attributes.closed_at') ??
    gitlabTimeAt(attributes, ['updated_at'], 'object_attributes.updated_at');
  if (closed === undefined)
    throw invalid('object_attributes.closed_at', 'missing: the time the incident was closed');
  return closed;
}
