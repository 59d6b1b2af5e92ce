/**
 * The evidence behind the numbers: the deployments, changes and incidents of the view's window,
 * filtered, sorted, counted and paged by the API. The headline's count is the list's `total`, the
 * number a card shows when it links here; "Download CSV" saves exactly the rows on screen.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Filters } from '../components/filters.tsx';
import { formatInstant } from '../format.ts';
import type { EvidenceTab } from '../metric-defs.ts';
import { apiSearch, parseView, viewSearch, viewWindow, type View } from '../query.ts';
import { Link, navigate } from '../router.tsx';
import '../styles/evidence.css';
import type { CatalogService } from '../types.ts';
import { useApi } from '../use-api.ts';
import { useDefaultRange } from '../use-default-range.ts';
import { EvidenceControls } from './evidence-controls.tsx';
import { EvidenceList, PAGE_SIZE, TITLES } from './evidence-list.tsx';
import { apiParams, evidenceParams, parseEvidence, type EvidenceState } from './evidence-query.ts';

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
  const base = baseOf(state);
  const catalog = useApi<{ services: CatalogService[] }>('/api/v1/services');
  // The cursors of the pages before this one, for "Previous"; a new list (other filters) starts afresh.
  const listKey = `${view.range}|${window.from}|${JSON.stringify(view.filters)}|${state.tab}|${JSON.stringify(state.filters)}|${state.sort}`;
  const [history, setHistory] = useState<{ key: string; cursors: (string | undefined)[] }>({
    key: listKey,
    cursors: [],
  });
  const previous = history.key === listKey ? history.cursors : [];
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
      {ready && (
        <EvidenceList
          key={path}
          path={path}
          basePath={base && `/api/v1/deployments${apiSearch(view, window, base)}`}
          view={view}
          window={window}
          state={state}
          previous={previous}
          go={go}
          page={page}
        />
      )}
    </main>
  );
}
