/**
 * Deployment rework rate (DORA 2024, DESIGN.md §3.5): the share of successful production deployments
 * that were unplanned remediation. DORA publishes no level bands for it, so it has no level.
 */
import type { DeploymentFact } from '../model/facts.ts';

export interface ReworkRate {
  total: number;
  rework: number;
  rate: number | null;
}

/** Rollbacks and hotfixes (given or inferred upstream) and deployments linked as fixing an incident. */
export function isRework(fact: Pick<DeploymentFact, 'kind' | 'fixesIncident'>): boolean {
  return fact.kind === 'rollback' || fact.kind === 'hotfix' || fact.fixesIncident;
}

export function computeReworkRate(facts: DeploymentFact[]): ReworkRate {
  const successful = facts.filter((fact) => fact.status === 'success');
  const rework = successful.filter(isRework).length;
  const total = successful.length;
  return { total, rework, rate: total === 0 ? null : rework / total };
}
