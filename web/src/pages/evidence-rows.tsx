/** One table row per evidence item, with links to the rows it relates to. */
import { formatDuration, formatInstant } from '../format.ts';
import type { View } from '../query.ts';
import { Link } from '../router.tsx';
import type { ChangeItem, DeploymentItem, IncidentItem } from '../types.ts';
import {
  attributedDeploymentHref,
  changesOfDeploymentHref,
  deploymentHref,
  incidentHref,
} from './evidence-links.ts';

const short = (sha: string | null) => (sha ? sha.slice(0, 8) : '—');
const duration = (seconds: number | null) => (seconds === null ? '—' : formatDuration(seconds));

export function DeploymentRow({ item, view }: { item: DeploymentItem; view: View }) {
  const counted = item.changes.filter((change) => change.first_production);
  return (
    <tr id={`deployment-${item.id}`} class={item.failed ? 'row-failed' : undefined}>
      <td>{formatInstant(item.finished_at)}</td>
      <td>{item.service}</td>
      <td>
        {item.environment}
        {item.production ? '' : ' (not production)'}
      </td>
      <td>
        <span class={`status status-${item.status}`}>{item.status}</span>
        {item.kind !== 'standard' && <span class="tag">{item.kind}</span>}
      </td>
      <td>
        <code>{item.id}</code>
        <br />
        {item.version ?? '—'} · <code>{short(item.commit)}</code>
      </td>
      <td>
        {item.changes.length === 0 ? (
          '—'
        ) : (
          <details>
            <summary>
              {item.changes.length} {item.changes.length === 1 ? 'change' : 'changes'}
              {counted.length ? `, ${counted.length} first in production` : ''}
            </summary>
            <ul>
              {item.changes.map((change) => (
                <li key={change.sha}>
                  <code>{short(change.sha)}</code> {duration(change.lead_time_seconds)}
                </li>
              ))}
            </ul>
            <Link href={changesOfDeploymentHref(view, item.finished_at, item.service)}>Changes →</Link>
          </details>
        )}
      </td>
      <td>
        {item.incidents.length === 0
          ? '—'
          : item.incidents.map((incident) => (
              <Link
                key={incident.id}
                href={incidentHref(view, incident.id, incident.started_at, incident.service)}
              >
                {incident.id}
              </Link>
            ))}
      </td>
      <td>
        {item.failed && <span class="tag tag-bad">failed</span>}
        {item.rework && <span class="tag tag-warn">rework</span>}
        {item.recovery_seconds !== null && (
          <span class="tag">recovered in {duration(item.recovery_seconds)}</span>
        )}
      </td>
    </tr>
  );
}

export function ChangeRow({ item, view }: { item: ChangeItem; view: View }) {
  const deployment = item.first_production_deployment;
  return (
    <tr id={`change-${item.sha}`}>
      <td>{formatInstant(item.committed_at)}</td>
      <td>{item.service ?? '—'}</td>
      <td>
        <code>{short(item.sha)}</code> {item.repository ?? ''}
        {item.message && <div class="message">{item.message.split('\n')[0]}</div>}
      </td>
      <td>{item.pull_request ? `#${item.pull_request.number}` : '—'}</td>
      <td>{duration(item.lead_time_seconds)}</td>
      <td>
        {deployment ? (
          <Link href={deploymentHref(view, deployment.id, deployment.finished_at, item.service)}>
            {deployment.id}
          </Link>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}

export function IncidentRow({ item, view }: { item: IncidentItem; view: View }) {
  return (
    <tr id={`incident-${item.id}`}>
      <td>{formatInstant(item.started_at)}</td>
      <td>{item.service ?? '—'}</td>
      <td>
        <code>{item.id}</code> {item.title ?? ''}
      </td>
      <td>{item.severity ?? '—'}</td>
      <td>{formatInstant(item.resolved_at)}</td>
      <td>{duration(item.restore_seconds)}</td>
      <td>{item.counted ? 'yes' : 'no'}</td>
      <td>
        {item.deployment ? (
          <>
            <Link href={attributedDeploymentHref(view, item.deployment.id, item.started_at, item.service)}>
              {item.deployment.id}
            </Link>{' '}
            <span class="muted">({item.deployment.attribution_method})</span>
          </>
        ) : (
          'unattributed'
        )}
      </td>
    </tr>
  );
}
