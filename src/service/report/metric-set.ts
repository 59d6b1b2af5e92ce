/**
 * The five metrics and the overall level from one set of facts: what `GET /api/v1/metrics` answers
 * for its filter, and what a grouped answer gives each team, service or application.
 */
import type {
  BenchmarkBand,
  DeploymentFact,
  IncidentFact,
  LeadTimeStats,
  Level,
  Window,
} from '../../model/facts.ts';
import { computeChangeFailureRate } from '../../metrics/change-failure-rate.ts';
import { computeDeploymentFrequency } from '../../metrics/deployment-frequency.ts';
import { leadTimeFromStats } from '../../metrics/lead-time.ts';
import { overallLevel } from '../../metrics/levels.ts';
import { computeFailedDeploymentRecovery, computeTimeToRestore } from '../../metrics/recovery.ts';
import { computeReworkRate } from '../../metrics/rework-rate.ts';

/** The windows of one answer: deployment frequency and change failure rate may have their own. */
export interface MetricWindows {
  deployment_frequency: Window;
  change_failure_rate: Window;
  other: Window;
}

export interface MetricContext {
  windows: MetricWindows;
  timezone: string;
  year: number;
  bands: BenchmarkBand[];
}

export interface MetricFacts {
  /** Deployments in each window (the same array where two windows are the same). */
  deployments: Record<keyof MetricWindows, DeploymentFact[]>;
  leadTimeStats: LeadTimeStats;
  incidents: IncidentFact[];
}

export const iso = (window: Window) => ({
  from: new Date(window.from).toISOString(),
  to: new Date(window.to).toISOString(),
});

/** `pause` runs between metrics: a turn of the event loop over a long window (DESIGN.md §1). */
export async function computeMetricSet(
  facts: MetricFacts,
  { windows, timezone, year, bands }: MetricContext,
  pause: () => Promise<unknown>,
) {
  const df = computeDeploymentFrequency(
    facts.deployments.deployment_frequency,
    windows.deployment_frequency,
    timezone,
    bands,
  );
  await pause();
  const lt = leadTimeFromStats(facts.leadTimeStats, bands);
  const cfr = computeChangeFailureRate(facts.deployments.change_failure_rate, bands);
  await pause();
  const ttr = computeTimeToRestore(facts.incidents, bands);
  await pause();
  const fdrt = computeFailedDeploymentRecovery(facts.deployments.other, bands);
  await pause();
  const rework = computeReworkRate(facts.deployments.other);
  const recoveryLevel: Level | null = year < 2023 ? ttr.level : fdrt.level;
  return {
    deployment_frequency: { ...df, window: iso(windows.deployment_frequency) },
    lead_time: lt,
    change_failure_rate: { ...cfr, window: iso(windows.change_failure_rate) },
    time_to_restore: ttr,
    failed_deployment_recovery_time: fdrt,
    rework_rate: rework,
    level: overallLevel([df.level, lt.level, cfr.level, recoveryLevel]),
  };
}

export type MetricSet = Awaited<ReturnType<typeof computeMetricSet>>;
