/**
 * Runs a dashboard's SQL the way Grafana would: variables resolved in their order (a query variable
 * may use the ones before it), then each panel's SQL expanded (grafana-interpolate.ts) and run.
 */
import assert from 'node:assert/strict';
import type { Queryable } from '../../src/store/db.ts';
import {
  isPostgres,
  loadDashboards,
  sqlQueriesOf,
  variableQuery,
  type Dashboard,
} from './dashboard-files.ts';
import { expandMacros, replaceVariables, type TimeRange, type Variable } from './grafana-interpolate.ts';

const RANGE: TimeRange = {
  from: new Date('2026-03-02T00:00:00Z'),
  to: new Date('2026-03-09T00:00:00Z'),
};
/** The same window for GET /api/v1/metrics: Grafana's range includes its end, the API's does not; nothing happens there. */
export const WINDOW = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';
/** What the browser would pick for $__interval; no dashboard relies on it. */
const INTERVAL = '1h';

export const sqlDashboards: Dashboard[] = loadDashboards()
  .map(({ dashboard }) => dashboard)
  .filter((dashboard) => dashboard.templating.list.some((variable) => isPostgres(variable.datasource)));

function expand(sql: string, variables: ReadonlyMap<string, Variable>): string {
  const expanded = expandMacros(replaceVariables(sql, variables, INTERVAL), RANGE, INTERVAL);
  const left = /\$[\w{[]+/.exec(expanded);
  assert.equal(left, null, `nothing in Grafana replaces ${left?.[0]}`);
  return expanded;
}

/** Values picked in the dashboard; a variable not named keeps its saved value (All). */
export type Selection = Readonly<Record<string, readonly string[]>>;

async function resolveVariables(
  db: Queryable,
  dashboard: Dashboard,
  selection: Selection = {},
): Promise<Map<string, Variable>> {
  const variables = new Map<string, Variable>();
  for (const variable of dashboard.templating.list) {
    let options: string[];
    if (variable.type === 'query') {
      const rows = await db.query<Record<string, unknown>>(expand(variableQuery(variable), variables));
      // Without __text/__value columns every value of every column is an option (ResponseParser).
      options = [...new Set(rows.flatMap((row) => Object.values(row).map(String)))];
    } else {
      options = variableQuery(variable)
        .split(',')
        .map((option) => option.trim());
    }
    const picked = selection[variable.name];
    const current = picked ? [...picked] : (variable.current?.value ?? []);
    const { multi = false, includeAll = false } = variable;
    variables.set(variable.name, { name: variable.name, multi, includeAll, options, current });
  }
  return variables;
}

export interface StatResult {
  /** `dashboard-uid/Panel title` */
  key: string;
  where: string;
  value: number | null;
}

/** Runs every panel and annotation query; returns what each stat panel shows (its first row's first column). */
export async function runDashboard(
  db: Queryable,
  dashboard: Dashboard,
  selection: Selection = {},
): Promise<StatResult[]> {
  const variables = await resolveVariables(db, dashboard, selection);
  const stats: StatResult[] = [];
  for (const query of sqlQueriesOf(dashboard)) {
    let rows: Record<string, unknown>[];
    try {
      rows = await db.query<Record<string, unknown>>(expand(query.sql, variables));
    } catch (error) {
      throw new Error(`${dashboard.uid} ${query.where}: ${(error as Error).message}`, { cause: error });
    }
    if (query.panel?.type !== 'stat') continue;
    const first = rows[0] === undefined ? null : Object.values(rows[0])[0];
    const value = first === null || first === undefined ? null : Number(first);
    stats.push({
      key: `${dashboard.uid}/${query.panel.title}`,
      where: `${dashboard.uid} ${query.where}`,
      value,
    });
  }
  return stats;
}

/** `lead_time.median_seconds` in a GET /api/v1/metrics body. */
export function metricAt(body: Record<string, Record<string, unknown>>, path: string): unknown {
  const [metric, field] = path.split('.') as [string, string];
  return body[metric]?.[field];
}

export const sameValue = (actual: number | null, expected: unknown) =>
  typeof expected === 'number' ? actual !== null && Math.abs(actual - expected) < 1e-9 : actual === expected;
