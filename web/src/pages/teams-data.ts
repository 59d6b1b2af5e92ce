/**
 * The Teams & services table as data: which metrics it shows, one row per team with its services
 * beneath, sorting, and the change against the previous period. Pure, free of DOM types: the
 * browser test imports it to check each cell against the API.
 */
import { formatChange } from '../format.ts';
import { METRICS, type MetricDef } from '../metric-defs.ts';
import type { Metrics } from '../types.ts';

/** A group of `GET /api/v1/metrics?group_by=`: its key fields and the metrics of the answer. */
export type MetricGroup = Omit<Metrics, 'window' | 'benchmark' | 'timezone'> & {
  team?: string | null;
  service?: string;
  application?: string | null;
};

export interface GroupedMetrics extends Metrics {
  group_by: 'team' | 'service' | 'application';
  groups: MetricGroup[];
}

const defOf = (key: string): MetricDef => METRICS.find((def) => def.key === key)!;

/**
 * The five keys, one column each. Recovery is DORA's current failed deployment recovery time,
 * or time to restore service when the page reads the 2021 bands, which graded that one.
 */
export function columnsFor(benchmark: number | undefined): MetricDef[] {
  const recovery =
    benchmark !== undefined && benchmark < 2023 ? 'time_to_restore' : 'failed_deployment_recovery_time';
  return ['deployment_frequency', 'lead_time', 'change_failure_rate', recovery, 'rework_rate'].map(defOf);
}

/** A group's number for a column; null is "insufficient data" (no sample). */
export const valueOf = (def: MetricDef, group: MetricGroup): number | null => def.value(group as Metrics);

export interface ServiceRow {
  kind: 'service';
  name: string;
  group: MetricGroup;
  previous: MetricGroup | undefined;
}

export interface TeamRow {
  kind: 'team';
  /** null: the services with no team in the catalog. */
  name: string | null;
  group: MetricGroup;
  previous: MetricGroup | undefined;
  services: ServiceRow[];
}

/** Team rows in the API's order (by name, no team last), each with its services. */
export function teamRows(
  teams: MetricGroup[],
  services: MetricGroup[],
  previousTeams: MetricGroup[] | undefined,
  previousServices: MetricGroup[] | undefined,
): TeamRow[] {
  const before = (groups: MetricGroup[] | undefined, match: (group: MetricGroup) => boolean) =>
    groups?.find(match);
  return teams.map((group) => {
    const name = group.team ?? null;
    return {
      kind: 'team',
      name,
      group,
      previous: before(previousTeams, (other) => (other.team ?? null) === name),
      services: services
        .filter((service) => (service.team ?? null) === name)
        .map((service) => ({
          kind: 'service',
          name: service.service!,
          group: service,
          previous: before(previousServices, (other) => other.service === service.service),
        })),
    };
  });
}

export interface Sort {
  /** `name`, or a metric key. */
  column: string;
  direction: 'ascending' | 'descending';
}

const NAME_SORT: Sort = { column: 'name', direction: 'ascending' };

/** The page's own state in the URL (`sort=lead_time&order=desc&expand=all`), so a view can be shared. */
export function parseTeamsState(search: string): { sort: Sort; expandAll: boolean } {
  const params = new URLSearchParams(search);
  const column = params.get('sort');
  const known = column === 'name' || METRICS.some((def) => def.key === column);
  return {
    sort: known
      ? { column: column!, direction: params.get('order') === 'desc' ? 'descending' : 'ascending' }
      : NAME_SORT,
    expandAll: params.get('expand') === 'all',
  };
}

/** The parameters of parseTeamsState, defaults left out (viewSearch's `extra`). */
export function teamsParams(sort: Sort, expandAll: boolean): Record<string, string | undefined> {
  const isDefault = sort.column === NAME_SORT.column && sort.direction === NAME_SORT.direction;
  return {
    sort: isDefault ? undefined : sort.column,
    order: isDefault || sort.direction === 'ascending' ? undefined : 'desc',
    expand: expandAll ? 'all' : undefined,
  };
}

/**
 * Rows ordered by a column; rows without a value (insufficient data) stay last either way, and
 * ties keep the name order. The group without a team is last when sorting by name.
 */
export function sortRows<T extends { name: string | null; group: MetricGroup }>(
  rows: readonly T[],
  sort: Sort,
  columns: readonly MetricDef[],
): T[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const byName = (a: T, b: T) =>
    a.name === b.name ? 0 : a.name === null ? 1 : b.name === null ? -1 : a.name < b.name ? -1 : 1;
  const def = columns.find((column) => column.key === sort.column);
  if (def === undefined) return [...rows].sort((a, b) => sign * byName(a, b));
  return [...rows].sort((a, b) => {
    const x = valueOf(def, a.group);
    const y = valueOf(def, b.group);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return x === y ? byName(a, b) : sign * (x - y);
  });
}

export interface Trend {
  direction: 'up' | 'down' | 'flat';
  tone: 'better' | 'worse' | 'same';
  /** `+12%`, or percentage points for rates. */
  change: string;
  /** What a screen reader says: `up 12% vs previous 30 days, worse`. */
  label: string;
}

/** The change against the previous period of the same length; undefined without both numbers. */
export function trendOf(
  def: MetricDef,
  current: MetricGroup,
  previous: MetricGroup | undefined,
  days: number,
): Trend | undefined {
  const now = valueOf(def, current);
  const before = previous === undefined ? null : valueOf(def, previous);
  if (now === null || before === null || (def.unit !== 'rate' && before === 0)) return undefined;
  const change = formatChange(now, before, def.unit === 'rate' ? 'rate' : 'other');
  const period = `vs previous ${days} days`;
  // A change that rounds to nothing (+0%, −0.0 pp) reads as level, not as a red or green arrow.
  if (now === before || /^.0(\.0)?( pp|%)$/.test(change))
    return { direction: 'flat', tone: 'same', change: change.slice(1), label: `about the same ${period}` };
  const direction = now > before ? 'up' : 'down';
  const tone = now > before === (def.better === 'higher') ? 'better' : 'worse';
  return { direction, tone, change, label: `${direction} ${change.slice(1)} ${period}, ${tone}` };
}
