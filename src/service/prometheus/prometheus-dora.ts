/**
 * The DORA families of `GET /metrics`, computed from the database so every replica reports the same
 * numbers and a restart resets nothing. Labels: service, environment, team, application.
 *
 * The counter and the histograms cover all history. A histogram is a set of counters: its buckets
 * must only grow, or `rate()`/`increase()` read a drop as a reset. Over a sliding window they would
 * shrink as old changes leave it; over all history they only grow, and PromQL recovers any window
 * (`increase(dora_lead_time_seconds_bucket[30d])`, by when fivekeys learnt of the change). The two
 * rates are gauges, so they follow the settings' default windows, as `GET /api/v1/metrics` does.
 * Window gauges (prometheus-windows.ts) carry the last 30 days, history before the first scrape included.
 */
import { computeChangeFailureRate } from '../../metrics/change-failure-rate.ts';
import { computeReworkRate } from '../../metrics/rework-rate.ts';
import { resolveWindow } from '../../metrics/window.ts';
import type { DeploymentFact, Window } from '../../model/facts.ts';
import type { Queryable } from '../../store/db.ts';
import {
  selectFailedDeploymentRecoveryHistogram,
  selectLabelledDeploymentFacts,
  selectLeadTimeHistogram,
  selectProductionDeploymentCounts,
  selectTimeToRestoreHistogram,
  type LabelledHistogram,
  type LabelSet,
} from '../../store/prometheus-facts.ts';
import { selectSettings } from '../../store/settings.ts';
import {
  formatHistogramFamily,
  formatScalarFamily,
  type Labels,
  type Sample,
} from './prometheus-exposition.ts';
import { renderWindowFamilies } from './prometheus-windows.ts';

/** 1 hour, 1 day, 1 week, 30 days, 180 days: the edges of the DORA bands (dora_benchmarks). */
const DORA_BOUNDS_SECONDS: readonly number[] = [3600, 86_400, 604_800, 2_592_000, 15_552_000];

const labelsOf = ({ service, environment, team, application }: LabelSet) => ({
  service,
  environment,
  team,
  application,
});

const histogramFamily = (name: string, help: string, rows: readonly LabelledHistogram[]) =>
  formatHistogramFamily(
    name,
    `${help}, in seconds, all history (a counter histogram: use increase() for a window).`,
    DORA_BOUNDS_SECONDS,
    rows.map((row) => ({ labels: labelsOf(row), buckets: row.buckets, count: row.count, sum: row.sum })),
  );

async function selectInputs(db: Queryable, now: number) {
  const settings = await selectSettings(db);
  const cfrWindow = resolveWindow(undefined, undefined, settings.window_days.change_failure_rate, now);
  const reworkWindow = resolveWindow(undefined, undefined, settings.window_days.other, now);
  const from = Math.min(cfrWindow.from, reworkWindow.from);
  const [deployments, leadTime, restore, recovery, facts] = await Promise.all([
    selectProductionDeploymentCounts(db),
    selectLeadTimeHistogram(db, DORA_BOUNDS_SECONDS),
    selectTimeToRestoreHistogram(db, DORA_BOUNDS_SECONDS),
    selectFailedDeploymentRecoveryHistogram(db, DORA_BOUNDS_SECONDS),
    selectLabelledDeploymentFacts(db, new Date(from), new Date(now)),
  ]);
  const rates = ratesByLabelSet(facts, cfrWindow, reworkWindow);
  return { windowDays: settings.window_days, deployments, leadTime, restore, recovery, rates };
}

export async function renderDoraFamilies(db: Queryable, now: number): Promise<string> {
  const { windowDays, deployments, leadTime, restore, recovery, rates } = await selectInputs(db, now);
  const noSample = 'no sample for a label set without successful deployments in it';
  const windows = await renderWindowFamilies(db, deployments.map(labelsOf), now);
  return [
    formatScalarFamily(
      'dora_deployment_frequency_total',
      'counter',
      'Successful production deployments (a count), all history; counts what arrives while scraped, see dora_deployments for a window.',
      deployments.map((row) => ({ labels: labelsOf(row), value: row.count })),
    ),
    histogramFamily(
      'dora_lead_time_seconds',
      'Change lead time, from commit to the first successful production deployment of its service',
      leadTime,
    ),
    formatScalarFamily(
      'dora_change_failure_rate',
      'gauge',
      `Share of successful production deployments that failed, a ratio from 0 to 1, over the last ${windowDays.change_failure_rate} days; ${noSample}.`,
      rates.changeFailure,
    ),
    histogramFamily('dora_mttr_seconds', 'Time to restore service, counted incidents', restore),
    formatScalarFamily(
      'dora_rework_rate',
      'gauge',
      `Share of successful production deployments that were rollbacks, hotfixes or incident fixes, a ratio from 0 to 1, over the last ${windowDays.other} days; ${noSample}.`,
      rates.rework,
    ),
    histogramFamily(
      'dora_failed_deployment_recovery_seconds',
      "Failed deployment recovery time, to its remediation or its incidents' resolution",
      recovery,
    ),
    windows,
  ].join('');
}

/** The rates of metrics/ per label set; a label set with no successful deployment in a window has none. */
function ratesByLabelSet(
  facts: readonly (LabelSet & DeploymentFact)[],
  cfrWindow: Window,
  reworkWindow: Window,
) {
  const groups = new Map<string, { labels: Labels; facts: DeploymentFact[] }>();
  for (const fact of facts) {
    const key = JSON.stringify(labelsOf(fact));
    const group = groups.get(key) ?? { labels: labelsOf(fact), facts: [] as DeploymentFact[] };
    group.facts.push(fact);
    groups.set(key, group);
  }
  const inWindow = (window: Window) => (fact: DeploymentFact) =>
    fact.finishedAt >= window.from && fact.finishedAt < window.to;
  const changeFailure: Sample[] = [];
  const rework: Sample[] = [];
  for (const key of [...groups.keys()].sort()) {
    const { labels, facts: group } = groups.get(key)!;
    const cfr = computeChangeFailureRate(group.filter(inWindow(cfrWindow)), []).rate;
    const rr = computeReworkRate(group.filter(inWindow(reworkWindow))).rate;
    if (cfr !== null) changeFailure.push({ labels, value: cfr });
    if (rr !== null) rework.push({ labels, value: rr });
  }
  return { changeFailure, rework };
}
