/**
 * Teams & services: which team or service needs help. One grouped call per level (teams, then
 * services) for the view's window and the same two for the period of the same length before, so
 * every row shows its change; the window and filters are the overview's.
 */
import { useMemo, useState } from 'preact/hooks';
import { Filters } from '../components/filters.tsx';
import { FirstEvent } from '../components/first-event.tsx';
import { ErrorState, Loading } from '../components/status.tsx';
import { formatInstant } from '../format.ts';
import { apiSearch, parseView, previousWindow, viewSearch, viewWindow, type View } from '../query.ts';
import { navigate } from '../router.tsx';
import '../styles/teams.css';
import type { CatalogService } from '../types.ts';
import { useApi, type Load } from '../use-api.ts';
import { useDefaultRange } from '../use-default-range.ts';
import {
  columnsFor,
  parseTeamsState,
  teamRows,
  teamsParams,
  type GroupedMetrics,
  type Sort,
} from './teams-data.ts';
import { teamKey, TeamsTable } from './teams-table.tsx';

const DAY = 86_400_000;

const groupsOf = (load: Load<GroupedMetrics>) => (load.state === 'ok' ? load.data.groups : undefined);

export function Teams({ search }: { search: string }) {
  const defaultRange = useDefaultRange();
  const view = useMemo(() => parseView(search, defaultRange), [search, defaultRange]);
  const window = useMemo(() => viewWindow(view, Date.now()), [view]);
  const days = Math.round((window.to - window.from) / DAY);
  // Nothing is asked before the default window is known: one window, loaded once.
  const grouped = (by: string, period: { from: number; to: number }) =>
    defaultRange === undefined
      ? undefined
      : `/api/v1/metrics${apiSearch(view, period, { benchmark: view.benchmark, group_by: by })}`;
  const catalog = useApi<{ services: CatalogService[] }>('/api/v1/services');
  const teams = useApi<GroupedMetrics>(grouped('team', window));
  const services = useApi<GroupedMetrics>(grouped('service', window));
  const previousTeams = useApi<GroupedMetrics>(grouped('team', previousWindow(window)));
  const previousServices = useApi<GroupedMetrics>(grouped('service', previousWindow(window)));
  // Sorting and `expand=all` live in the URL (a view to share); a click flips one team from that.
  const { sort, expandAll } = useMemo(() => parseTeamsState(search), [search]);
  const [flipped, setFlipped] = useState<ReadonlySet<string>>(new Set());
  const go = (next: View, nextSort: Sort, nextExpandAll: boolean, replace = false) =>
    navigate(`/teams${viewSearch(next, teamsParams(nextSort, nextExpandAll))}`, replace);

  const change = (next: View) => go(next, sort, expandAll);
  const catalogServices = catalog.state === 'ok' ? catalog.data.services : [];
  const failed = [teams, services].find((load) => load.state === 'error');
  const rows =
    teams.state === 'ok' && services.state === 'ok'
      ? teamRows(teams.data.groups, services.data.groups, groupsOf(previousTeams), groupsOf(previousServices))
      : undefined;
  const columns = columnsFor(teams.state === 'ok' ? teams.data.benchmark : undefined);
  const toggle = (key: string) =>
    setFlipped((open) => {
      const next = new Set(open);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const expanded = new Set(
    (rows ?? []).map((row) => teamKey(row.name)).filter((key) => expandAll !== flipped.has(key)),
  );
  const allOpen = rows !== undefined && rows.length > 0 && expanded.size === rows.length;
  const setAll = (open: boolean) => {
    setFlipped(new Set());
    go(view, sort, open, true);
  };

  return (
    <main id="main" class="teams-page">
      <h1 class="page-title">Teams &amp; services</h1>
      <Filters view={view} onChange={change} services={catalogServices} />
      <p
        class="window"
        data-from={new Date(window.from).toISOString()}
        data-to={new Date(window.to).toISOString()}
      >
        {formatInstant(new Date(window.from).toISOString())} →{' '}
        {formatInstant(new Date(window.to).toISOString())} UTC, compared with the {days} days before
        {teams.state === 'ok' && ` · DORA ${teams.data.benchmark} benchmark`}
      </p>
      {failed?.state === 'error' && <ErrorState error={failed.error} retrying={failed.retrying} />}
      {!failed && rows === undefined && <Loading what="teams and services" />}
      {rows !== undefined && rows.length === 0 && catalogServices.length === 0 && <FirstEvent />}
      {rows !== undefined && rows.length === 0 && catalogServices.length > 0 && (
        <p class="status">No service matches these filters. Clear a filter to see the teams.</p>
      )}
      {rows !== undefined && rows.length > 0 && (
        <>
          <div class="teams-tools">
            <p class="muted">
              {rows.length} {rows.length === 1 ? 'team' : 'teams'} ·{' '}
              {services.state === 'ok' && services.data.groups.length} services · “insufficient data”: nothing
              to measure in the window · arrows compare with the {days} days before
            </p>
            <button type="button" class="link-button" onClick={() => setAll(!allOpen)}>
              {allOpen ? 'Collapse all' : 'Expand all'}
            </button>
          </div>
          <div
            class="teams-scroll"
            data-scrolls
            tabindex={0}
            role="region"
            aria-label="Teams and services table"
          >
            <TeamsTable
              rows={rows}
              columns={columns}
              view={view}
              days={days}
              sort={sort}
              onSort={(next) => go(view, next, expandAll, true)}
              expanded={expanded}
              onToggle={toggle}
            />
          </div>
        </>
      )}
    </main>
  );
}
