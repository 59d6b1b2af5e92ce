/**
 * The evidence page's state in its URL: the tab, the list filters, the sort and the page cursor,
 * beside the view (range and catalog filters). A card's drill-down sends `only=<preset>`, which
 * stands for the filters whose `total` is that card's number; changing a control writes the
 * filters out explicitly. Pure, so the headline and the API query can be tested without a browser.
 */
import type { EvidenceTab } from '../metric-defs.ts';

export type Flag = 'true' | 'false';

/** Each tab's list filters, as the API names them, with the values the controls offer. */
const LIST_FILTERS: Record<EvidenceTab, readonly string[]> = {
  deployments: ['production', 'status', 'failed', 'rework', 'remediated'],
  changes: ['stage', 'min_seconds', 'pull_request'],
  incidents: ['counted', 'restored', 'attributed'],
};

/** Sorts the API accepts, per tab; the first is the default (descending). */
const SORTS: Record<EvidenceTab, readonly string[]> = {
  deployments: ['finished_at', 'recovery'],
  changes: ['deployed_at', 'lead', 'coding', 'pickup', 'review', 'deploy'],
  incidents: ['started_at', 'restore'],
};

/** The drill-down presets of metric-defs.ts: the filters whose total is the card's number. */
export const PRESETS: Record<string, Record<string, string>> = {
  'deployments:counted': { production: 'true', status: 'success' },
  'deployments:failed': { production: 'true', failed: 'true' },
  'deployments:remediated': { production: 'true', remediated: 'true' },
  'deployments:rework': { production: 'true', rework: 'true' },
  'changes:lead': { stage: 'lead' },
  'incidents:restored': { counted: 'true', restored: 'true' },
};

export interface EvidenceState {
  tab: EvidenceTab;
  filters: Record<string, string>;
  /** As the API takes it: `-name` for descending. */
  sort: string;
  cursor: string | undefined;
}

const TABS = Object.keys(LIST_FILTERS) as EvidenceTab[];

export function parseEvidence(search: string): EvidenceState {
  const params = new URLSearchParams(search);
  const asked = params.get('tab') as EvidenceTab | null;
  const tab = asked && TABS.includes(asked) ? asked : 'deployments';
  const preset = PRESETS[`${tab}:${params.get('only') ?? ''}`] ?? {};
  const filters: Record<string, string> = {};
  for (const key of LIST_FILTERS[tab]) {
    const value = params.get(key) ?? preset[key];
    if (value) filters[key] = value;
  }
  const sort = params.get('sort') ?? '';
  const known = SORTS[tab].includes(sort.replace(/^-/, ''));
  const fallback =
    filters.stage && SORTS[tab].includes(filters.stage) ? `-${filters.stage}` : `-${SORTS[tab][0]}`;
  return { tab, filters, sort: known ? sort : fallback, cursor: params.get('cursor') ?? undefined };
}

/** The page parameters of a state (the view's own go beside them); defaults are left out. */
export function evidenceParams(state: EvidenceState): Record<string, string | undefined> {
  const fallback = parseEvidence(`?tab=${state.tab}&${new URLSearchParams(state.filters).toString()}`).sort;
  return {
    tab: state.tab,
    ...state.filters,
    sort: !state.sort || state.sort === fallback ? undefined : state.sort,
    cursor: state.cursor,
  };
}

/** The API query of a state: its filters, sort and cursor. */
export const apiParams = (state: EvidenceState) => ({
  ...state.filters,
  sort: state.sort,
  cursor: state.cursor,
});

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

const DURATIONS: Record<string, string> = {
  '3600': '1 hour',
  '86400': '1 day',
  '259200': '3 days',
  '604800': '1 week',
};

const STAGE_NAMES: Record<string, string> = {
  lead: 'lead time',
  coding: 'coding',
  pickup: 'pickup',
  review: 'review',
  deploy: 'deploy',
};

/** "24 failed production deployments": what the total counts, in words. */
export function describeTotal(tab: EvidenceTab, filters: Record<string, string>, total: number): string {
  const f = filters;
  if (tab === 'deployments') {
    const words = [
      f.failed === 'true' || f.remediated === 'true' ? 'failed' : f.failed === 'false' ? 'not failed' : '',
      f.rework === 'true' ? 'rework' : f.rework === 'false' ? 'planned' : '',
      f.status === 'success' && f.failed !== 'true' && f.rework !== 'true' ? 'successful' : '',
      f.status === 'failure' ? 'unsuccessful' : '',
      f.production === 'true' ? 'production' : f.production === 'false' ? 'non-production' : '',
    ].filter(Boolean);
    const noun = plural(total, 'deployment', 'deployments').replace(/ /, ` ${words.join(' ')} `);
    const recovery =
      f.remediated === 'true'
        ? ' with a measured recovery'
        : f.remediated === 'false'
          ? ' without a measured recovery'
          : '';
    const attempts = f.status === 'failure' ? ' (attempts that never reached production)' : '';
    return `${noun}${recovery}${attempts}`.replace(/\s+/g, ' ').trim();
  }
  if (tab === 'changes') {
    const stage = f.stage ? (STAGE_NAMES[f.stage] ?? f.stage) : undefined;
    const outlier = f.min_seconds ? (DURATIONS[f.min_seconds] ?? `${f.min_seconds} s`) : undefined;
    const through =
      f.pull_request === 'true'
        ? ' through a pull request'
        : f.pull_request === 'false'
          ? ' without a pull request'
          : '';
    const measured = stage
      ? outlier
        ? ` whose ${stage} took at least ${outlier}`
        : ` with a measured ${stage}`
      : '';
    return `${plural(total, 'change', 'changes')}${through}${measured}`;
  }
  const words = [f.counted === 'true' ? 'counted' : f.counted === 'false' ? 'uncounted' : ''].filter(Boolean);
  const restored =
    f.restored === 'true'
      ? ' restored in this period'
      : f.restored === 'false'
        ? ' not restored in this period'
        : '';
  const attributed =
    f.attributed === 'true'
      ? ', attributed to a deployment'
      : f.attributed === 'false'
        ? ', unattributed'
        : '';
  const noun = plural(total, 'incident', 'incidents').replace(
    / /,
    words.length ? ` ${words.join(' ')} ` : ' ',
  );
  return `${noun}${restored}${attributed}`;
}

const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "1 Nov 2026 – 30 Nov 2026": the window's days, its exclusive end shown as the last day it holds. */
export function describeWindow(window: { from: number; to: number }): string {
  const last = window.to % 86_400_000 === 0 ? window.to - 1 : window.to;
  const [from, to] = [DAY_FORMAT.format(window.from), DAY_FORMAT.format(last)];
  return from === to ? from : `${from} – ${to}`;
}
