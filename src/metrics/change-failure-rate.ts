/**
 * Change failure rate (DESIGN.md §3.3): of the successful production deployments, the share that
 * failed, i.e. an incident is attributed to it or the next deployment of its stream remediated it
 * (a rollback or hotfix). Failed attempts never reached production and stay outside the rate.
 */
import type { BenchmarkBand, DeploymentFact, Level } from '../model/facts.ts';
import { levelFor } from './levels.ts';

export interface ChangeFailureRate {
  total: number;
  failed: number;
  rate: number | null;
  failed_attempts: number;
  level: Level | null;
}

/** A successful deployment that needed intervention afterwards (shared with recovery time). */
export function isFailedChange(fact: DeploymentFact): boolean {
  return fact.status === 'success' && (fact.hasIncident || fact.remediatedAt !== null);
}

export function computeChangeFailureRate(
  facts: DeploymentFact[],
  bands: readonly BenchmarkBand[],
): ChangeFailureRate {
  let total = 0;
  let failed = 0;
  let failed_attempts = 0;
  for (const fact of facts) {
    if (fact.status === 'failure') failed_attempts += 1;
    else total += 1;
    if (isFailedChange(fact)) failed += 1;
  }
  const rate = total === 0 ? null : failed / total;
  return { total, failed, rate, failed_attempts, level: levelFor('change_failure_rate', rate, bands) };
}
