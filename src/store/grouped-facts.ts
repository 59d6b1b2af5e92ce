/**
 * The metric facts of a window with the service each belongs to, selected once for a grouped
 * answer (per team, service or application) and partitioned in service/: the same statements as
 * metric-facts.ts with one more column, so a group's facts are exactly those its filter selects.
 */
import type { DeploymentFact, IncidentFact } from '../model/facts.ts';
import type { Queryable } from './db.ts';
import {
  DEPLOYMENT_FACT_COLUMNS,
  deploymentFactsQuery,
  incidentFactsQuery,
  selectPaged,
  type FactFilter,
} from './metric-facts.ts';

/** A fact and its service; null for an incident that names none. */
export type WithService<T> = T & { service: string | null };

export async function selectDeploymentFactsWithService(
  db: Queryable,
  filter: FactFilter,
): Promise<WithService<DeploymentFact>[]> {
  return selectPaged<WithService<DeploymentFact>>(db, deploymentFactsQuery('d.service, '), filter, [
    'service',
    ...DEPLOYMENT_FACT_COLUMNS,
  ]);
}

export async function selectIncidentFactsWithService(
  db: Queryable,
  filter: FactFilter,
): Promise<WithService<IncidentFact>[]> {
  return selectPaged<WithService<IncidentFact>>(db, incidentFactsQuery('i.service, '), filter, [
    'service',
    'startedAt',
    'resolvedAt',
  ]);
}
