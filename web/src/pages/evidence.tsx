/**
 * The evidence behind the numbers: the deployments, changes and incidents of the view's window,
 * page by page. `only` (set by a card's drill-down) narrows the rows to those the metric counts.
 */
import type { ComponentType } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorState, Loading } from '../components/status.tsx';
import { formatInstant } from '../format.ts';
import type { EvidenceTab } from '../metric-defs.ts';
import { apiSearch, parseView, viewSearch, viewWindow, type View } from '../query.ts';
import { Link } from '../router.tsx';
import type { ChangeItem, DeploymentItem, IncidentItem, Page } from '../types.ts';
import { useApi } from '../use-api.ts';
import { useDefaultRange } from '../use-default-range.ts';
import { ChangeRow, DeploymentRow, IncidentRow } from './evidence-rows.tsx';

type Item = DeploymentItem | ChangeItem | IncidentItem;
type Row = ComponentType<{ item: never; view: View }>;

const TABS: Record<EvidenceTab, { title: string; columns: string[]; row: Row }> = {
  deployments: {
    title: 'Deployments',
    columns: [
      'Finished (UTC)',
      'Service',
      'Environment',
      'Status',
      'Id · version · commit',
      'Changes',
      'Incidents',
      'Outcome',
    ],
    row: DeploymentRow as Row,
  },
  changes: {
    title: 'Changes',
    columns: [
      'Committed (UTC)',
      'Service',
      'Commit',
      'Pull request',
      'Lead time',
      'First production deployment',
    ],
    row: ChangeRow as Row,
  },
  incidents: {
    title: 'Incidents',
    columns: [
      'Started (UTC)',
      'Service',
      'Incident',
      'Severity',
      'Resolved',
      'Restore time',
      'Counted',
      'Deployment',
    ],
    row: IncidentRow as Row,
  },
};

const ONLY: Record<string, { label: string; keep(item: Item): boolean }> = {
  counted: {
    label: 'counted by the metric',
    keep: (item) =>
      'production' in item ? item.production && item.status === 'success' : 'counted' in item && item.counted,
  },
  failed: { label: 'failed changes', keep: (item) => 'failed' in item && item.failed },
  rework: { label: 'rework', keep: (item) => 'rework' in item && item.rework },
};

function EvidencePage(props: {
  path: string;
  cursor: string | undefined;
  view: View;
  tab: EvidenceTab;
  only: string | undefined;
  last: boolean;
  onMore(cursor: string): void;
}) {
  const { path, cursor, view, tab, only, last, onMore } = props;
  const load = useApi<Page<Item>>(cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path);
  const columns = TABS[tab].columns.length;
  if (load.state !== 'ok')
    return (
      <tbody>
        <tr>
          <td colSpan={columns}>
            {load.state === 'loading' ? (
              <Loading what="rows" />
            ) : (
              <ErrorState error={load.error} retrying={load.retrying} />
            )}
          </td>
        </tr>
      </tbody>
    );
  const filter = only ? ONLY[only] : undefined;
  const items = filter ? load.data.items.filter(filter.keep) : load.data.items;
  const RowOf = TABS[tab].row;
  return (
    <tbody>
      {items.map((item) => (
        <RowOf key={'id' in item ? item.id : item.sha} item={item as never} view={view} />
      ))}
      {cursor === undefined && load.data.items.length === 0 && (
        <tr>
          <td colSpan={columns} class="muted">
            Nothing in this window.
          </td>
        </tr>
      )}
      {last && load.data.next_cursor && (
        <tr>
          <td colSpan={columns}>
            <button type="button" onClick={() => onMore(load.data.next_cursor ?? '')}>
              Load more
            </button>
          </td>
        </tr>
      )}
    </tbody>
  );
}

export function Evidence({ search }: { search: string }) {
  const defaultRange = useDefaultRange();
  const view = useMemo(() => parseView(search, defaultRange), [search, defaultRange]);
  const params = new URLSearchParams(search);
  const tab = (params.get('tab') ?? 'deployments') as EvidenceTab;
  const current = TABS[tab] ? tab : 'deployments';
  const only = params.get('only') ?? undefined;
  const window = useMemo(() => viewWindow(view, Date.now()), [view]);
  const extra = current === 'deployments' && only ? { production: 'true', status: 'success' } : {};
  const path = `/api/v1/${current}${apiSearch(view, window, extra)}`;
  // Pages loaded with "Load more" belong to one list: another path starts again at its first page.
  const [more, setMore] = useState<{ path: string; cursors: string[] }>({ path, cursors: [] });
  const cursors = [undefined, ...(more.path === path ? more.cursors : [])];
  useEffect(() => {
    const target = location.hash && document.getElementById(location.hash.slice(1));
    if (target) target.scrollIntoView();
  });
  const onlyLabel = only ? ONLY[only]?.label : undefined;
  return (
    <main id="main">
      <p class="back">
        <Link href={`/${viewSearch(view)}`}>← Overview</Link>
      </p>
      <h1 class="page-title">Evidence</h1>
      <p class="window">
        {formatInstant(new Date(window.from).toISOString())} →{' '}
        {formatInstant(new Date(window.to).toISOString())} UTC
        {Object.entries(view.filters).map(([key, value]) => ` · ${key} ${value}`)}
      </p>
      <nav class="tabs" aria-label="Evidence lists">
        {(Object.keys(TABS) as EvidenceTab[]).map((name) => (
          <Link
            key={name}
            href={`/evidence${viewSearch(view, { tab: name })}`}
            aria-current={name === current ? 'page' : undefined}
          >
            {TABS[name].title}
          </Link>
        ))}
      </nav>
      {onlyLabel && (
        <p class="only">
          Showing {TABS[current].title.toLowerCase()} {onlyLabel} only ·{' '}
          <Link href={`/evidence${viewSearch(view, { tab: current })}`}>show all</Link>
        </p>
      )}
      <div class="table-wrap">
        <table class="evidence" data-tab={current}>
          <caption class="visually-hidden">{TABS[current].title}</caption>
          <thead>
            <tr>
              {TABS[current].columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          {cursors.map((cursor, index) => (
            <EvidencePage
              key={`${path}|${cursor ?? ''}`}
              path={path}
              cursor={cursor}
              view={view}
              tab={current}
              only={only}
              last={index === cursors.length - 1}
              onMore={(next) =>
                setMore({ path, cursors: [...(more.path === path ? more.cursors : []), next] })
              }
            />
          ))}
        </table>
      </div>
    </main>
  );
}
