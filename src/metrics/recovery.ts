/**
 * The two recovery times of DESIGN.md §3.4: time to restore service (every counted incident) and
 * failed deployment recovery time (DORA 2023+: only deployments that failed, from their finish to
 * the first sign of recovery).
 */
import type { BenchmarkBand, DeploymentFact, IncidentFact, Level } from '../model/facts.ts';
import { isFailedChange } from './change-failure-rate.ts';
import { levelFor } from './levels.ts';
import { meanOrNull, medianOrNull, percentileOrNull, toSpans } from './stats.ts';

export interface TimeToRestore {
  n: number;
  median_seconds: number | null;
  mean_seconds: number | null;
  p90_seconds: number | null;
  excluded: number;
  level: Level | null;
}

export interface FailedDeploymentRecovery {
  n: number;
  median_seconds: number | null;
  level: Level | null;
}

export function computeTimeToRestore(facts: IncidentFact[], bands: readonly BenchmarkBand[]): TimeToRestore {
  const { seconds, excluded } = toSpans(facts.map((fact) => [fact.startedAt, fact.resolvedAt] as const));
  const median_seconds = medianOrNull(seconds);
  return {
    n: seconds.length,
    median_seconds,
    mean_seconds: meanOrNull(seconds),
    p90_seconds: percentileOrNull(seconds, 0.9),
    excluded,
    level: levelFor('time_to_restore', median_seconds, bands),
  };
}

/**
 * Recovery is whichever comes first: the attributed incidents' resolution or the remediating
 * deployment's finish. Null while neither happened: the deployment has not recovered yet.
 */
export function recoveredAt(fact: DeploymentFact): number | null {
  const known = [fact.incidentsResolvedAt, fact.remediatedAt].filter((instant) => instant !== null);
  return known.length === 0 ? null : Math.min(...known);
}

export function computeFailedDeploymentRecovery(
  facts: DeploymentFact[],
  bands: readonly BenchmarkBand[],
): FailedDeploymentRecovery {
  const pairs: [number, number][] = [];
  for (const fact of facts) {
    const recovery = isFailedChange(fact) ? recoveredAt(fact) : null;
    if (recovery !== null) pairs.push([fact.finishedAt, recovery]);
  }
  // Negative spans (recovery recorded before the deployment finished: clock skew) are left out.
  const { seconds } = toSpans(pairs);
  const median_seconds = medianOrNull(seconds);
  return {
    n: seconds.length,
    median_seconds,
    level: levelFor('failed_deployment_recovery_time', median_seconds, bands),
  };
}
