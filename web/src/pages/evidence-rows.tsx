/** One table row per evidence item, with links to the rows it relates to and to the source. */
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

/** A link out to the commit, pull request, pipeline run or incident page at its source, named for screen readers. */
function SourceLink({
  href,
  label,
  children,
}: {
  href: string | null | undefined;
  label: string;
  children: string;
}) {
  if (!href) return <code>{children}</code>;
  const host = new URL(href).hostname;
  return (
    <a
      class="source-link"
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={`${label} on ${host} (opens in a new tab)`}
    >
      <code>{children}</code>
      <span aria-hidden="true"> ↗</span>
    </a>
  );
}

/** Why a deployment counts as it does, in words: a success that later failed must not read as a plain success. */
function Outcome({ item, view }: { item: DeploymentItem; view: View }) {
  if (item.status === 'failure')
    return <span class="outcome outcome-attempt">Attempt failed; never reached production</span>;
  const counted = item.incidents.filter((incident) => incident.counted);
  const because = [
    ...counted.map((incident) => (
      <Link key={incident.id} href={incidentHref(view, incident.id, incident.started_at, incident.service)}>
        incident {incident.id}
      </Link>
    )),
    ...(item.remediated_at ? [<span key="remediated">remediated by the next deployment</span>] : []),
  ];
  return (
    <span class="outcome">
      {item.failed ? (
        <span class="outcome-failed">
          Succeeded, then failed in production
          {because.length > 0 && (
            <> ({because.reduce<unknown[]>((all, part, i) => (i ? [...all, ', ', part] : [part]), [])})</>
          )}
        </span>
      ) : (
        <span>Succeeded</span>
      )}
      {item.failed && (
        <span class="outcome-recovery">
          {item.remediated && item.recovery_seconds !== null
            ? `Recovered in ${formatDuration(item.recovery_seconds)}`
            : item.recovered_at
              ? 'Recovered before it finished (not measured)'
              : 'Not recovered yet'}
        </span>
      )}
      {item.rework && (
        <span class="tag tag-warn">
          rework:{' '}
          {item.kind === 'standard'
            ? `fixes ${item.fixes_incidents?.join(', ') ?? 'an incident'}`
            : item.kind}
        </span>
      )}
    </span>
  );
}

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
        <SourceLink href={item.links?.pipeline} label={`Pipeline run of deployment ${item.id}`}>
          {item.id}
        </SourceLink>
        <br />
        {item.version ?? '—'} ·{' '}
        <SourceLink href={item.links?.commit} label={`Commit ${short(item.commit)}`}>
          {short(item.commit)}
        </SourceLink>
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
                  <SourceLink href={change.links?.commit} label={`Commit ${short(change.sha)}`}>
                    {short(change.sha)}
                  </SourceLink>{' '}
                  {duration(change.lead_time_seconds)}
                </li>
              ))}
            </ul>
            <Link href={changesOfDeploymentHref(view, item.finished_at, item.service)}>Changes →</Link>
          </details>
        )}
      </td>
      <td>
        <Outcome item={item} view={view} />
      </td>
      <td>{item.recovery_seconds === null ? '—' : duration(item.recovery_seconds)}</td>
    </tr>
  );
}

export function ChangeRow({
  item,
  view,
  stage,
}: {
  item: ChangeItem;
  view: View;
  stage?: string | undefined;
}) {
  const deployment = item.first_production_deployment;
  const stageSeconds = stage && stage !== 'lead' ? (item.stages?.[stage as 'coding'] ?? null) : undefined;
  return (
    <tr id={`change-${item.sha}`}>
      <td>{formatInstant(deployment?.finished_at ?? null)}</td>
      <td>{item.service ?? '—'}</td>
      <td>
        <SourceLink href={item.links?.commit} label={`Commit ${short(item.sha)}`}>
          {short(item.sha)}
        </SourceLink>{' '}
        {item.repository ?? ''}
        {item.message && <div class="message">{item.message.split('\n')[0]}</div>}
      </td>
      <td>
        {item.pull_request ? (
          <SourceLink
            href={item.links?.pull_request}
            label={`Pull request ${item.pull_request.number}`}
          >{`#${item.pull_request.number}`}</SourceLink>
        ) : (
          '—'
        )}
      </td>
      <td>{formatInstant(item.committed_at)}</td>
      <td>{duration(item.lead_time_seconds)}</td>
      {stageSeconds !== undefined && <td>{duration(stageSeconds)}</td>}
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
        <SourceLink href={item.links?.incident} label={`Incident ${item.id}`}>
          {item.id}
        </SourceLink>{' '}
        {item.title ?? ''}
      </td>
      <td>{item.severity ?? '—'}</td>
      <td>{formatInstant(item.resolved_at)}</td>
      <td>{duration(item.restore_seconds)}</td>
      <td>{item.counted ? (item.restored ? 'yes' : 'yes, not restored in this period') : 'no'}</td>
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
