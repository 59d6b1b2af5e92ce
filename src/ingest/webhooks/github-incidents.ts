/**
 * Incidents from GitHub issues: an issue carrying an incident label is an incident of the
 * repository's service, open from the issue's creation until it is closed. Every event that can
 * change that (opening, editing, labelling, closing, reopening) sends the issue's current state, so
 * each one emits the whole incident row and the store merges it.
 */
import { compact, isRecord, requiredInstant, textAt, valueAt } from '../transformers/fields.ts';
import type { GitHubSettings } from './github-options.ts';
import {
  actionOf,
  mapped,
  repositoryOf,
  requiredInteger,
  skipped,
  type GitHubHandler,
} from './github-payload.ts';
import { webUrlAt } from '../web-url.ts';

const USED = new Set(['opened', 'edited', 'labeled', 'closed', 'reopened']);

function labelNames(labels: unknown): string[] {
  if (!Array.isArray(labels)) return [];
  return labels.flatMap((label: unknown) => {
    const name = isRecord(label) ? label.name : label;
    return typeof name === 'string' && name.trim() !== '' ? [name.trim()] : [];
  });
}

function severityOf(labels: readonly string[], settings: GitHubSettings): string | undefined {
  const label = labels.find((name) => settings.isSeverityLabel(name));
  const severity = label?.replace(/^severity[:/]\s*/i, '');
  return severity === '' ? undefined : severity;
}

export const toIssueIncident: GitHubHandler = (payload, settings, context) => {
  const action = actionOf(payload);
  if (!USED.has(action)) return skipped(`issues action "${action}" does not change incidents`);
  const labels = labelNames(valueAt(payload, ['issue', 'labels']));
  if (!labels.some((name) => settings.isIncidentLabel(name))) {
    const number = textAt(payload, ['issue', 'number']) ?? '?';
    return skipped(`issue #${number} has no incident label (${settings.incidentLabels.join(', ')})`);
  }
  const { repository, service } = repositoryOf(payload, context);
  const number = requiredInteger(valueAt(payload, ['issue', 'number']), 'issue.number');
  const closed = textAt(payload, ['issue', 'state']) === 'closed';
  const incident = compact({
    source: 'github',
    external_id: `${repository}#${number}`,
    service,
    severity: severityOf(labels, settings),
    title: textAt(payload, ['issue', 'title']),
    url: webUrlAt(payload, ['issue', 'html_url']),
    started_at: requiredInstant(
      payload,
      ['issue', 'created_at'],
      'issue.created_at',
      'the incident starts then',
    ),
    resolved_at: closed
      ? requiredInstant(
          payload,
          ['issue', 'closed_at'],
          'issue.closed_at',
          'a closed issue has a closing time',
        )
      : undefined,
  });
  const reasons =
    action === 'reopened'
      ? [
          `issue #${number} reopened: a resolution cannot be withdrawn, the incident stays resolved at its first closing`,
        ]
      : [];
  return mapped({ incidents: [incident] }, reasons);
};
