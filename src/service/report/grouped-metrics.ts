/**
 * The metrics per team, service or application in one pass (`GET /api/v1/metrics?group_by=`): the
 * window's facts are selected once with their service, partitioned by the service's catalog key,
 * and each part computed as the ungrouped answer computes its filter's facts, so a group's numbers
 * are those of `?team=` (`?service=`, `?application=`) with its key. Lead time's statistics, the
 * total's and each group's, are one grouped SQL aggregate. The totals are computed from the same
 * facts. Catalog services that match the filter but have no facts still get a group (n = 0): the
 * silent service is what a team lead is looking for.
 */
import { setImmediate as turn } from 'node:timers/promises';
import { AppError } from '../../errors.ts';
import type { Service } from '../../model/catalog.ts';
import type { Window } from '../../model/facts.ts';
import type { Db, Queryable } from '../../store/db.ts';
import {
  selectDeploymentFactsWithService,
  selectIncidentFactsWithService,
  type WithService,
} from '../../store/grouped-facts.ts';
import {
  emptyLeadTimeStats,
  selectLeadTimeStatsByGroup,
  type StatsGroupBy,
} from '../../store/lead-time-stats.ts';
import type { FactFilter } from '../../store/metric-facts.ts';
import { selectServices } from '../../store/services.ts';
import { computeMetricSet, type MetricContext, type MetricSet, type MetricWindows } from './metric-set.ts';

export type GroupBy = StatsGroupBy;

/** Beyond this many groups the answer is refused: a page of a thousand rows is already a report. */
export const MAX_GROUPS = 1000;
/** A slice of computing before an event-loop turn: 200 services' metrics are tens of milliseconds. */
const SLICE_MS = 5;

export type CatalogQuery = Pick<FactFilter, 'service' | 'team' | 'application' | 'environment'>;

/** The key fields of a group: its team, or its service with the service's team and application. */
export type GroupKey =
  | { team: string | null }
  | { application: string | null }
  | { service: string; team: string | null; application: string | null };

export type MetricGroup = GroupKey & MetricSet;

type Key = string | null;

export async function computeGroupedMetrics(
  db: Queryable & Partial<Pick<Db, 'parallelism'>>,
  query: CatalogQuery,
  by: GroupBy,
  context: MetricContext,
): Promise<{ totals: MetricSet; groups: MetricGroup[] }> {
  const facts = await selectFacts(db, query, by, context.windows);
  const pause = slicedPause();
  const totals = await computeMetricSet(facts, context, pause);

  const byName = new Map(facts.catalog.map((service) => [service.name, service]));
  const keyOf = (service: string): Key =>
    by === 'service'
      ? service
      : ((by === 'team' ? byName.get(service)?.team : byName.get(service)?.application) ?? null);
  const keys = new Set<Key>(facts.catalog.filter((s) => matches(s, query)).map((s) => keyOf(s.name)));
  const { deployments, incidents } = facts;
  for (const some of [
    deployments.deployment_frequency,
    deployments.change_failure_rate,
    deployments.other,
    incidents,
  ])
    for (const fact of some) if (fact.service !== null) keys.add(keyOf(fact.service));
  for (const key of facts.groupStats.keys()) keys.add(key);
  if (keys.size > MAX_GROUPS)
    throw new AppError(
      'invalid_query',
      `group_by=${by} gives ${keys.size} groups, more than ${MAX_GROUPS}: narrow it with team, application or service.`,
      { field: 'group_by' },
    );

  const partition = memoByArray(<T extends WithService<object>>(items: T[]) => partitionBy(items, keyOf));
  const parts = {
    deployment_frequency: partition(deployments.deployment_frequency),
    change_failure_rate: partition(deployments.change_failure_rate),
    other: partition(deployments.other),
    incidents: partition(incidents),
  };
  const groups: MetricGroup[] = [];
  for (const key of [...keys].sort(byKey)) {
    const of = <T>(part: Map<Key, T[]>) => part.get(key) ?? [];
    const metrics = await computeMetricSet(
      {
        deployments: {
          deployment_frequency: of(parts.deployment_frequency),
          change_failure_rate: of(parts.change_failure_rate),
          other: of(parts.other),
        },
        leadTimeStats: facts.groupStats.get(key) ?? emptyLeadTimeStats(),
        incidents: of(parts.incidents),
      },
      context,
      pause,
    );
    groups.push({ ...groupKey(by, key, byName), ...metrics });
  }
  return { totals, groups };
}

/** Everything both the totals and the groups are computed from, selected at once. */
async function selectFacts(
  db: Queryable & Partial<Pick<Db, 'parallelism'>>,
  query: CatalogQuery,
  by: GroupBy,
  windows: MetricWindows,
) {
  const filterOf = (window: Window): FactFilter => ({
    ...query,
    from: new Date(window.from),
    to: new Date(window.to),
  });
  // Windows of the same span share one selection (the settings' defaults are often all equal).
  const deploymentsIn = memoByWindow((window) => selectDeploymentFactsWithService(db, filterOf(window)));
  const [catalog, df, cfr, other, incidents, leadTime] = await Promise.all([
    selectServices(db),
    deploymentsIn(windows.deployment_frequency),
    deploymentsIn(windows.change_failure_rate),
    deploymentsIn(windows.other),
    selectIncidentFactsWithService(db, filterOf(windows.other)),
    selectLeadTimeStatsByGroup(db, filterOf(windows.other), by),
  ]);
  return {
    catalog,
    deployments: { deployment_frequency: df, change_failure_rate: cfr, other },
    incidents,
    leadTimeStats: leadTime.total,
    groupStats: leadTime.groups,
  };
}

/** Facts by their service's group; an incident naming no service is in no group's filter. */
function partitionBy<T extends WithService<object>>(
  facts: T[],
  keyOf: (service: string) => Key,
): Map<Key, T[]> {
  const parts = new Map<Key, T[]>();
  for (const fact of facts) {
    if (fact.service === null) continue;
    const key = keyOf(fact.service);
    const part = parts.get(key);
    if (part) part.push(fact);
    else parts.set(key, [fact]);
  }
  return parts;
}

function groupKey(by: GroupBy, key: Key, byName: Map<string, Service>): GroupKey {
  if (by === 'team') return { team: key };
  if (by === 'application') return { application: key };
  const service = byName.get(key!);
  return { service: key!, team: service?.team ?? null, application: service?.application ?? null };
}

function matches(service: Service, query: CatalogQuery): boolean {
  return (
    (query.service === undefined || service.name === query.service) &&
    (query.team === undefined || service.team === query.team) &&
    (query.application === undefined || service.application === query.application)
  );
}

/** By name (code points, the same in every locale); the group without a team or application last. */
function byKey(a: Key, b: Key): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** An event-loop turn once a slice of computing has passed, rather than between every group's metrics. */
function slicedPause(): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < SLICE_MS) return;
    await turn();
    sliceStart = performance.now();
  };
}

/** The same array partitioned once, where two windows selected the same facts. */
function memoByArray(compute: <T extends WithService<object>>(items: T[]) => Map<Key, T[]>) {
  const seen = new Map<unknown[], Map<Key, unknown[]>>();
  return <T extends WithService<object>>(items: T[]): Map<Key, T[]> => {
    if (!seen.has(items)) seen.set(items, compute(items));
    return seen.get(items) as Map<Key, T[]>;
  };
}

function memoByWindow<T>(select: (window: Window) => Promise<T>) {
  const seen = new Map<string, Promise<T>>();
  return (window: Window) => {
    const key = `${window.from}:${window.to}`;
    if (!seen.has(key)) seen.set(key, select(window));
    return seen.get(key)!;
  };
}
