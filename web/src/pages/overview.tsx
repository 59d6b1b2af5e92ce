/**
 * The overview: the overall level, a card per metric and a trend chart per metric over the view's
 * window, the lead-time breakdown by pull-request stage, the previous period of the same length for
 * the comparison, and drill-down links to the evidence. Every card and chart explains itself ("?").
 */
import { useMemo } from 'preact/hooks';
import { Filters } from '../components/filters.tsx';
import { FirstEvent } from '../components/first-event.tsx';
import { LeadTimeBreakdown } from '../components/lead-time-breakdown.tsx';
import { MetricCard } from '../components/metric-card.tsx';
import { OverallLevel } from '../components/overall-level.tsx';
import { ErrorState, Loading } from '../components/status.tsx';
import { TrendChart } from '../components/trend-chart.tsx';
import { frequencyUnit } from '../chart-points.ts';
import { formatInstant } from '../format.ts';
import { METRICS, type MetricDef } from '../metric-defs.ts';
import {
  apiSearch,
  BUCKETS,
  parseView,
  defaultBucket,
  previousWindow,
  viewSearch,
  viewWindow,
  type View,
} from '../query.ts';
import { navigate } from '../router.tsx';
import type { Benchmarks, CatalogService, Metrics, Series } from '../types.ts';
import { useApi } from '../use-api.ts';
import { useDefaultRange } from '../use-default-range.ts';

const evidenceHref = (view: View, def: MetricDef) =>
  `/evidence${viewSearch(view, { tab: def.evidence.tab, only: def.evidence.only })}`;

/** The evidence of one bucket: the view with that bucket's window as a custom range. */
function bucketHref(view: View, def: MetricDef, series: Series, index: number): string {
  const start = series.points[index]?.start ?? series.window.from;
  const end = series.points[index + 1]?.start ?? series.window.to;
  const bucketView: View = { ...view, range: 'custom', from: start, to: end };
  return `/evidence${viewSearch(bucketView, { tab: def.evidence.tab, only: def.evidence.only })}`;
}

const isEmpty = (metrics: Metrics, services: CatalogService[]) =>
  services.length === 0 && METRICS.every((def) => def.sample(metrics) === 0);

export function Overview({ search }: { search: string }) {
  const defaultRange = useDefaultRange();
  const view = useMemo(() => parseView(search, defaultRange), [search, defaultRange]);
  const now = useMemo(() => Date.now(), [view]);
  const window = useMemo(() => viewWindow(view, now), [view, now]);
  // Nothing is asked before the default window is known: one window, loaded once.
  const when = (path: string) => (defaultRange === undefined ? undefined : path);
  const bucket = view.bucket ?? defaultBucket(window);
  const benchmark = { benchmark: view.benchmark };
  const catalog = useApi<{ services: CatalogService[] }>('/api/v1/services');
  const benchmarks = useApi<Benchmarks>('/api/v1/benchmarks');
  const current = useApi<Metrics>(when(`/api/v1/metrics${apiSearch(view, window, benchmark)}`));
  const previous = useApi<Metrics>(
    when(`/api/v1/metrics${apiSearch(view, previousWindow(window), benchmark)}`),
  );
  const series = METRICS.map((def) =>
    // METRICS is a constant list, so the hooks run in the same order on every render.
    useApi<Series>(
      when(`/api/v1/metrics/${def.series}/series${apiSearch(view, window, { ...benchmark, bucket })}`),
    ),
  );
  const services = catalog.state === 'ok' ? catalog.data.services : [];
  const empty = current.state === 'ok' && catalog.state === 'ok' && isEmpty(current.data, services);
  const change = (next: View) => navigate(`/${viewSearch(next)}`);
  const table =
    benchmarks.state === 'ok' && current.state === 'ok'
      ? benchmarks.data.years.find((year) => year.year === current.data.benchmark)
      : undefined;
  const before = previous.state === 'ok' ? previous.data : undefined;

  return (
    <main id="main">
      <Filters view={view} onChange={change} services={services} />
      <div class="overview-head">
        <p
          class="window"
          data-from={new Date(window.from).toISOString()}
          data-to={new Date(window.to).toISOString()}
        >
          {formatInstant(new Date(window.from).toISOString())} →{' '}
          {formatInstant(new Date(window.to).toISOString())} UTC, compared with the{' '}
          {Math.round((window.to - window.from) / 86_400_000)} days before
        </p>
        {current.state === 'ok' && !empty && <OverallLevel metrics={current.data} />}
      </div>
      {current.state === 'loading' && <Loading what="metrics" />}
      {current.state === 'error' && <ErrorState error={current.error} retrying={current.retrying} />}
      {empty && <FirstEvent />}
      {current.state === 'ok' && (
        <section class="cards" aria-label="Metrics">
          {METRICS.map((def, index) => {
            const points = series[index];
            return (
              <MetricCard
                key={def.key}
                def={def}
                current={current.data}
                previous={before}
                series={points?.state === 'ok' ? points.data : undefined}
                now={now}
                evidenceHref={evidenceHref(view, def)}
                table={table}
              />
            );
          })}
        </section>
      )}
      {current.state === 'ok' && !empty && <LeadTimeBreakdown current={current.data} previous={before} />}
      {current.state === 'ok' && !empty && (
        <section class="trends" aria-labelledby="trends-title">
          <header class="trends-head">
            <h2 id="trends-title">Trends</h2>
            <label>
              <span>Per</span>
              <select
                name="bucket"
                value={bucket}
                onChange={(event) => change({ ...view, bucket: event.currentTarget.value as View['bucket'] })}
              >
                {BUCKETS.map((value) => (
                  <option key={value} value={value}>
                    {value}
                  </option>
                ))}
              </select>
            </label>
          </header>
          <div class="charts">
            {METRICS.map((def, index) => {
              const load = series[index];
              if (!load || load.state === 'loading') return <Loading key={def.key} what={def.title} />;
              if (load.state === 'error')
                return <ErrorState key={def.key} error={load.error} retrying={load.retrying} />;
              return (
                <TrendChart
                  key={def.key}
                  def={def}
                  series={load.data}
                  metrics={current.data}
                  table={table}
                  frequencyUnit={frequencyUnit(current.data.deployment_frequency.per_day)}
                  now={now}
                  onPick={(point) => navigate(bucketHref(view, def, load.data, point))}
                />
              );
            })}
          </div>
        </section>
      )}
    </main>
  );
}
