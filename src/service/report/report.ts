/**
 * The metrics use case (DESIGN.md §4 `/api/v1/metrics` and `/series`): resolve the windows from the
 * request and the settings, select the facts once per distinct window, and let metrics/ compute.
 */
import { setImmediate as turn } from 'node:timers/promises';
import type { MetricSettings } from '../../model/catalog.ts';
import type { BenchmarkBand, Bucket, DeploymentFact, Window } from '../../model/facts.ts';
import { seriesSteps, type SeriesMetric } from '../../metrics/series.ts';
import { resolveWindow } from '../../metrics/window.ts';
import { selectBenchmarkBands } from '../../store/benchmarks.ts';
import type { Queryable } from '../../store/db.ts';
import { selectLeadTimeStats } from '../../store/lead-time-stats.ts';
import {
  selectLeadTimeFacts,
  selectDeploymentFacts,
  selectIncidentFacts,
  type FactFilter,
} from '../../store/metric-facts.ts';
import { selectSettings } from '../../store/settings.ts';
import { filterWarnings, type FilterWarning } from './filter-warnings.ts';
import { computeGroupedMetrics, type GroupBy } from './grouped-metrics.ts';
import { computeMetricSet, iso, type MetricContext, type MetricSet } from './metric-set.ts';
import { collectYielding } from './yielding.ts';

export const DEFAULT_BENCHMARK = 2024;

export interface MetricQuery {
  from?: Date | undefined;
  to?: Date | undefined;
  service?: string | undefined;
  application?: string | undefined;
  team?: string | undefined;
  environment?: string | undefined;
  benchmark?: number | undefined;
}

/** Throws a WindowError (a 400 naming the parameter) for a window beyond the limits. */
const windowFor = (query: MetricQuery, days: number, now: number): Window =>
  resolveWindow(query.from?.getTime(), query.to?.getTime(), days, now);

export function createReportService(db: Queryable) {
  const bandsByYear = new Map<number, BenchmarkBand[]>();
  async function bands(year: number): Promise<BenchmarkBand[]> {
    if (!bandsByYear.has(year)) bandsByYear.set(year, await selectBenchmarkBands(db, year));
    return bandsByYear.get(year)!;
  }
  const filterOf = (query: MetricQuery, window: Window): FactFilter => ({
    ...query,
    from: new Date(window.from),
    to: new Date(window.to),
  });

  async function contextOf(query: MetricQuery, now: number): Promise<MetricContext> {
    const settings = await selectSettings(db);
    const year = query.benchmark ?? DEFAULT_BENCHMARK;
    return {
      windows: {
        deployment_frequency: windowFor(query, settings.window_days.deployment_frequency, now),
        change_failure_rate: windowFor(query, settings.window_days.change_failure_rate, now),
        other: windowFor(query, settings.window_days.other, now),
      },
      timezone: settings.timezone,
      year,
      bands: await bands(year),
    };
  }

  const answerOf = (context: MetricContext, metrics: MetricSet, warnings: FilterWarning[]) => ({
    window: iso(context.windows.other),
    benchmark: context.year,
    timezone: context.timezone,
    ...metrics,
    ...(warnings.length > 0 ? { warnings } : {}),
  });

  async function metrics(query: MetricQuery, now: number) {
    const context = await contextOf(query, now);
    const { windows } = context;
    const deploymentFacts = memoByWindow((w) => selectDeploymentFacts(db, filterOf(query, w)));
    const [dfFacts, cfrFacts, otherFacts, leadTimeStats, incidents, warnings] = await Promise.all([
      deploymentFacts(windows.deployment_frequency),
      deploymentFacts(windows.change_failure_rate),
      deploymentFacts(windows.other),
      selectLeadTimeStats(db, filterOf(query, windows.other)),
      selectIncidentFacts(db, filterOf(query, windows.other)),
      filterWarnings(db, query),
    ]);
    // Each metric over a 10-year window is some milliseconds of work: an event-loop turn between
    // them lets /healthz and other requests in, instead of after all five.
    const set = await computeMetricSet(
      {
        deployments: { deployment_frequency: dfFacts, change_failure_rate: cfrFacts, other: otherFacts },
        leadTimeStats,
        incidents,
      },
      context,
      turn,
    );
    return answerOf(context, set, warnings);
  }

  /** metrics() for the filter, plus the same metrics for each of its teams, services or applications. */
  async function groupedMetrics(query: MetricQuery, by: GroupBy, now: number) {
    const context = await contextOf(query, now);
    const [{ totals, groups }, warnings] = await Promise.all([
      computeGroupedMetrics(db, query, by, context),
      filterWarnings(db, query),
    ]);
    return { ...answerOf(context, totals, warnings), group_by: by, groups };
  }

  async function series(metric: SeriesMetric, bucket: Bucket, query: MetricQuery, now: number) {
    const settings: MetricSettings = await selectSettings(db);
    const days =
      metric === 'deployment-frequency'
        ? settings.window_days.deployment_frequency
        : metric === 'change-failure-rate'
          ? settings.window_days.change_failure_rate
          : settings.window_days.other;
    const window = windowFor(query, days, now);
    const filter = filterOf(query, window);
    const [input, warnings] = await Promise.all([
      metric === 'lead-time'
        ? selectLeadTimeFacts(db, filter).then((changes) => ({ changes }))
        : metric === 'time-to-restore'
          ? selectIncidentFacts(db, filter).then((incidents) => ({ incidents }))
          : selectDeploymentFacts(db, filter).then((deployments) => ({ deployments })),
      filterWarnings(db, query),
    ]);
    return {
      metric,
      bucket,
      window: iso(window),
      timezone: settings.timezone,
      points: await collectYielding(seriesSteps(metric, input, window, bucket, settings.timezone)),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }

  return { metrics, groupedMetrics, series };
}

export type ReportService = ReturnType<typeof createReportService>;

function memoByWindow(select: (window: Window) => Promise<DeploymentFact[]>) {
  const seen = new Map<string, Promise<DeploymentFact[]>>();
  return (window: Window) => {
    const key = `${window.from}:${window.to}`;
    if (!seen.has(key)) seen.set(key, select(window));
    return seen.get(key)!;
  };
}
