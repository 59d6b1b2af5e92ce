/**
 * The evidence behind the numbers: the deployments, changes and incidents of the view's window,
 * filtered, sorted, counted and paged by the API. The headline's count is the list's `total`, the
 * number a card shows when it links here; "Download CSV" saves exactly the rows on screen.
 */
import type { ComponentType } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Filters } from '../components/filters.tsx';
import { ErrorState, Loading } from '../components/status.tsx';
import { formatCount, formatInstant, formatRate } from '../format.ts';
import type { EvidenceTab } from '../metric-defs.ts';
import { apiSearch, parseView, viewSearch, viewWindow, type View } from '../query.ts';
import { Link, navigate } from '../router.tsx';
import '../styles/evidence.css';
import type { CatalogService, ChangeItem, DeploymentItem, IncidentItem, Page } from '../types.ts';
import { useApi } from '../use-api.ts';
import { useDefaultRange } from '../use-default-range.ts';
import { columnsOf } from './evidence-columns.ts';
import { EvidenceControls } from './evidence-controls.tsx';
import { downloadCsv } from './evidence-download.ts';
import {
  apiParams,
  describeTotal,
  describeWindow,
  evidenceParams,
  parseEvidence,
  type EvidenceState,
} from './evidence-query.ts';
import { ChangeRow, DeploymentRow, IncidentRow } from './evidence-rows.tsx';

type Item = DeploymentItem | ChangeItem | IncidentItem;
type Row = ComponentType<{ item: never; view: View; stage?: string | undefined }>;

const PAGE_SIZE = 100;
const TITLES: Record<EvidenceTab, string> = {
  deployments: 'Deployments',
  changes: 'Changes',
  incidents: 'Incidents',
};
const ROWS: Record<EvidenceTab, Row> = {
  deployments: DeploymentRow as Row,
  changes: ChangeRow as Row,
  incidents: IncidentRow as Row,
};

/** The failure and rework lists are shares of the successful production deployments: shown beside them. */
const baseOf = (state: EvidenceState) =>
  state.tab === 'deployments' &&
  state.filters.production === 'true' &&
  (state.filters.failed === 'true' || state.filters.rework === 'true')
    ? { production: 'true', status: 'success', limit: '1' }
    : undefined;

export function Evidence({ search }: { search: string }) {
  const defaultRange = useDefaultRange();
  const view = useMemo(() => parseView(search, defaultRange), [search, defaultRange]);
  const state = useMemo(() => parseEvidence(search), [search]);
  const window = useMemo(() => viewWindow(view, Date.now()), [view]);
  const ready = defaultRange !== undefined;
  const path = `/api/v1/${state.tab}${apiSearch(view, window, { ...apiParams(state), limit: String(PAGE_SIZE) })}`;
  const load = useApi<Page<Item>>(ready ? path : undefined);
  const base = baseOf(state);
  const baseLoad = useApi<Page<Item>>(
    ready && base ? `/api/v1/deployments${apiSearch(view, window, base)}` : undefined,
  );
  const catalog = useApi<{ services: CatalogService[] }>('/api/v1/services');
  // The cursors of the pages before this one, for "Previous"; a new list (other filters) starts afresh.
  const listKey = `${view.range}|${window.from}|${JSON.stringify(view.filters)}|${state.tab}|${JSON.stringify(state.filters)}|${state.sort}`;
  const [history, setHistory] = useState<{ key: string; cursors: (string | undefined)[] }>({
    key: listKey,
    cursors: [],
  });
  const previous = history.key === listKey ? history.cursors : [];
  const [downloadError, setDownloadError] = useState<string | undefined>();
  useEffect(() => {
    const target = location.hash && document.getElementById(location.hash.slice(1));
    if (target) target.scrollIntoView();
  });

  const go = (next: EvidenceState, nextView: View = view) =>
    navigate(`/evidence${viewSearch(nextView, evidenceParams(next))}`);
  const page = (cursor: string | undefined, cursors: (string | undefined)[]) => {
    setHistory({ key: listKey, cursors });
    go({ ...state, cursor });
    scrollTo(0, 0);
  };
  const columns = columnsOf(state.tab, state.filters.stage);
  const RowOf = ROWS[state.tab];
  const sortName = state.sort.replace(/^-/, '');
  const descending = state.sort.startsWith('-');

  return (
    <main id="main" class="evidence-page">
      <p class="back">
        <Link href={`/${viewSearch(view)}`}>← Overview</Link>
      </p>
      <h1 class="page-title">Evidence</h1>
      <p
        class="window"
        data-from={new Date(window.from).toISOString()}
        data-to={new Date(window.to).toISOString()}
      >
        {formatInstant(new Date(window.from).toISOString())} →{' '}
        {formatInstant(new Date(window.to).toISOString())} UTC
        {Object.entries(view.filters).map(([key, value]) => ` · ${key} ${value}`)}
      </p>
      <Filters
        view={view}
        onChange={(next) => go({ ...state, cursor: undefined }, next)}
        services={catalog.state === 'ok' ? catalog.data.services : []}
      />
      <nav class="tabs" aria-label="Evidence lists">
        {(Object.keys(TITLES) as EvidenceTab[]).map((name) => (
          <Link
            key={name}
            href={`/evidence${viewSearch(view, { tab: name })}`}
            aria-current={name === state.tab ? 'page' : undefined}
          >
            {TITLES[name]}
          </Link>
        ))}
      </nav>
      <EvidenceControls
        tab={state.tab}
        filters={state.filters}
        onChange={(filters) => go({ ...state, filters, sort: '', cursor: undefined })}
      />
      {load.state === 'ok' && (
        <div class="evidence-summary">
          <h2 class="evidence-total" data-total={load.data.total} aria-live="polite">
            {describeTotal(state.tab, state.filters, load.data.total)} in {describeWindow(window)}
          </h2>
          {base && baseLoad.state === 'ok' && (
            <p class="evidence-base" data-base-total={baseLoad.data.total}>
              of {formatCount(baseLoad.data.total)} successful production deployments
              {baseLoad.data.total > 0 && ` (${formatRate(load.data.total / baseLoad.data.total)})`}
            </p>
          )}
          <div class="evidence-actions">
            <span class="muted">
              {load.data.items.length === 0
                ? 'No rows'
                : `Rows ${formatCount(previous.length * PAGE_SIZE + 1)}–${formatCount(previous.length * PAGE_SIZE + load.data.items.length)}`}
            </span>
            <button
              type="button"
              class="secondary"
              disabled={load.data.items.length === 0}
              onClick={() => {
                setDownloadError(undefined);
                downloadCsv(path).catch((error: Error) => setDownloadError(error.message));
              }}
            >
              Download CSV
            </button>
            {downloadError && <span class="status-error">{downloadError}</span>}
          </div>
        </div>
      )}
      <div
        class="table-wrap"
        data-scrolls
        tabIndex={0}
        role="region"
        aria-label={`${TITLES[state.tab]} table, scrolls sideways`}
      >
        <table class="evidence" data-tab={state.tab}>
          <caption class="visually-hidden">{TITLES[state.tab]}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th
                  key={column.title}
                  scope="col"
                  aria-sort={column.sort === sortName ? (descending ? 'descending' : 'ascending') : undefined}
                >
                  {column.sort ? (
                    <button
                      type="button"
                      class="sort-button"
                      data-sort={column.sort}
                      onClick={() =>
                        go({
                          ...state,
                          sort:
                            column.sort === sortName && descending ? column.sort : `-${column.sort ?? ''}`,
                          cursor: undefined,
                        })
                      }
                    >
                      {column.title}
                      <span aria-hidden="true">
                        {column.sort === sortName ? (descending ? ' ↓' : ' ↑') : ' ↕'}
                      </span>
                    </button>
                  ) : (
                    column.title
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {load.state === 'ok' ? (
              load.data.items.map((item) => (
                <RowOf
                  key={'id' in item ? item.id : `${item.sha}/${item.service}`}
                  item={item as never}
                  view={view}
                  stage={state.filters.stage}
                />
              ))
            ) : (
              <tr>
                <td colSpan={columns.length}>
                  {load.state === 'error' ? (
                    <ErrorState error={load.error} retrying={load.retrying} />
                  ) : (
                    <Loading what="rows" />
                  )}
                </td>
              </tr>
            )}
            {load.state === 'ok' && load.data.items.length === 0 && (
              <tr>
                <td colSpan={columns.length} class="muted">
                  Nothing matches in this period.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {load.state === 'ok' && (previous.length > 0 || state.cursor || load.data.next_cursor) && (
        <nav class="pager" aria-label="Pages">
          {previous.length > 0 ? (
            <button
              type="button"
              class="secondary"
              onClick={() => page(previous.at(-1), previous.slice(0, -1))}
            >
              Previous
            </button>
          ) : (
            state.cursor && (
              <button type="button" class="secondary" onClick={() => page(undefined, [])}>
                First page
              </button>
            )
          )}
          {load.data.next_cursor && (
            <button
              type="button"
              onClick={() => page(load.data.next_cursor ?? undefined, [...previous, state.cursor])}
            >
              Next {PAGE_SIZE}
            </button>
          )}
        </nav>
      )}
    </main>
  );
}
