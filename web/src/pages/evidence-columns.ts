/** Each evidence tab's columns; a column with `sort` orders the list by that API sort key. */
import type { EvidenceTab } from '../metric-defs.ts';

export interface Column {
  title: string;
  sort?: string;
}

const STAGE_TITLES: Record<string, string> = {
  coding: 'Coding',
  pickup: 'Pickup',
  review: 'Review',
  deploy: 'Deploy',
};

export function columnsOf(tab: EvidenceTab, stage: string | undefined): Column[] {
  if (tab === 'deployments')
    return [
      { title: 'Finished (UTC)', sort: 'finished_at' },
      { title: 'Service' },
      { title: 'Environment' },
      { title: 'Deployment · version · commit' },
      { title: 'Changes' },
      { title: 'Outcome' },
      { title: 'Recovery time', sort: 'recovery' },
    ];
  if (tab === 'changes')
    return [
      { title: 'Deployed (UTC)', sort: 'deployed_at' },
      { title: 'Service' },
      { title: 'Commit' },
      { title: 'Pull request' },
      { title: 'Committed (UTC)' },
      { title: 'Lead time', sort: 'lead' },
      ...(stage && STAGE_TITLES[stage] ? [{ title: `${STAGE_TITLES[stage]} time`, sort: stage }] : []),
      { title: 'First production deployment' },
    ];
  return [
    { title: 'Started (UTC)', sort: 'started_at' },
    { title: 'Service' },
    { title: 'Incident' },
    { title: 'Severity' },
    { title: 'Resolved (UTC)' },
    { title: 'Restore time', sort: 'restore' },
    { title: 'Counted' },
    { title: 'Deployment' },
  ];
}
