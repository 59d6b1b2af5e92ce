/**
 * Window gauges beside the all-history counters and histograms: the values of `/api/v1/metrics`
 * for the last 30 days per label set. `increase()` over a counter only sees what changed while
 * Prometheus was scraping, so history loaded before its first scrape (an import, the demo) read as
 * "0 deployments, lead time NaN"; these gauges carry it from the first scrape.
 */
import type { Queryable } from '../store/db.ts';
import type { LabelSet } from '../store/prometheus-facts.ts';
import { formatScalarFamily, type Labels, type Sample } from './prometheus-exposition.ts';
import { createReportService } from './report.ts';

const DAY_MS = 86_400_000;
const WINDOWS = [{ name: '30d', days: 30 }] as const;

type Report = Awaited<ReturnType<ReturnType<typeof createReportService>['metrics']>>;

const GAUGES: readonly { name: string; help: string; read: (report: Report) => number | null }[] = [
  {
    name: 'dora_deployments',
    help: 'Successful production deployments in the window (a count), history loaded before the first scrape included.',
    read: (report) => report.deployment_frequency.count,
  },
  {
    name: 'dora_lead_time_median_seconds',
    help: 'Median change lead time in seconds, commit to first successful production deployment, over the window.',
    read: (report) => report.lead_time.median_seconds,
  },
  {
    name: 'dora_mttr_median_seconds',
    help: 'Median time to restore service in seconds, counted incidents resolved in the window.',
    read: (report) => report.time_to_restore.median_seconds,
  },
  {
    name: 'dora_failed_deployment_recovery_median_seconds',
    help: 'Median failed deployment recovery time in seconds, failed deployments of the window.',
    read: (report) => report.failed_deployment_recovery_time.median_seconds,
  },
];

/**
 * One `/api/v1/metrics` computation per label set and window (`service` and `environment` as its
 * filters), so each gauge equals the API's answer for the same window. No sample where the API
 * answers null (nothing to take a median of).
 */
export async function renderWindowFamilies(
  db: Queryable,
  labelSets: readonly LabelSet[],
  now: number,
): Promise<string> {
  const report = createReportService(db);
  const rows: { labels: Labels; report: Report }[] = [];
  for (const window of WINDOWS) {
    const from = new Date(now - window.days * DAY_MS);
    for (const set of labelSets) {
      const query = { from, to: new Date(now), service: set.service, environment: set.environment };
      rows.push({ labels: { window: window.name, ...set }, report: await report.metrics(query, now) });
    }
  }
  return GAUGES.map(({ name, help, read }) => {
    const samples: Sample[] = rows.flatMap(({ labels, report: values }) => {
      const value = read(values);
      return value === null ? [] : [{ labels, value }];
    });
    return formatScalarFamily(name, 'gauge', `${help} Labelled window="30d".`, samples);
  }).join('');
}
