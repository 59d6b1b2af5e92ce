/**
 * Links between evidence rows. The lists take no id filter, so a link selects its target by a
 * window that holds exactly it: a deployment by its finish instant, an incident by its start.
 */
import { viewSearch, type View } from '../query.ts';
import type { EvidenceTab } from '../metric-defs.ts';

const plusOne = (iso: string) => new Date(Date.parse(iso) + 1).toISOString();

function at(view: View, tab: EvidenceTab, from: string, to: string, service: string | null, anchor: string) {
  const target: View = {
    ...view,
    filters: { ...view.filters, ...(service ? { service } : {}) },
    range: 'custom',
    from,
    to,
  };
  return `/evidence${viewSearch(target, { tab })}#${anchor}`;
}

export const deploymentHref = (view: View, id: string, finishedAt: string, service: string | null) =>
  at(view, 'deployments', finishedAt, plusOne(finishedAt), service, `deployment-${id}`);

export const changesOfDeploymentHref = (view: View, finishedAt: string, service: string | null) =>
  at(view, 'changes', finishedAt, plusOne(finishedAt), service, 'changes');

export const incidentHref = (view: View, id: string, startedAt: string, service: string | null) =>
  at(view, 'incidents', startedAt, plusOne(startedAt), service, `incident-${id}`);

/** An incident knows its deployment's id only: the week before it started holds that deployment. */
export const attributedDeploymentHref = (view: View, id: string, startedAt: string, service: string | null) =>
  at(
    view,
    'deployments',
    new Date(Date.parse(startedAt) - 7 * 86_400_000).toISOString(),
    plusOne(startedAt),
    service,
    `deployment-${id}`,
  );
