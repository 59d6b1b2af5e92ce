/**
 * The query section: a bulk-loaded history (bench/bulk-load.ts) served by an in-process fivekeys
 * server listening on loopback; `GET /api/v1/metrics` for a 90-day window (all services, one
 * service, one team, grouped by service and by team) and the weekly deployment-frequency series,
 * p50/p95 over repeated runs, beside
 * the two raw baseline queries timed in the same run on the same data. For each API call the
 * slowest SQL statement behind it is named and its EXPLAIN (ANALYZE, BUFFERS) kept for the JSON.
 */
import { buildServer } from '../src/http/server.ts';
import { createAppServices } from '../src/service/app.ts';
import type { Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import type { Backend } from './bench-db.ts';
import { bulkLoad, type LoadShape } from './bulk-load.ts';
import type { Figures } from './figures.ts';
import { LEAD_TIME_PERCENTILES, WEEKLY_DEPLOYMENTS, withBaselineIndexes } from './query-baselines.ts';
import { timedDb, type Statement } from './statement-timer.ts';

const DAY = 86_400_000;
/** The grouped answers (every service's or team's metrics plus the totals) a team lead's page loads. */
const GROUPED = {
  service: 'GET /api/v1/metrics?group_by=service, 90 days (200 services)',
  team: 'GET /api/v1/metrics?group_by=team, 90 days (20 teams)',
};
const GROUPED_LIMIT_MS = 300;

export interface QueryOptions {
  deployments: number;
  runs: number;
}

async function sample(runs: number, work: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await work(); // warm-up: plans, caches
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95) };
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function explain(db: Db, statement: Statement): Promise<string> {
  const rows = await db.query<Record<string, string>>(
    `explain (analyze, buffers) ${statement.sql}`,
    statement.params,
  );
  return rows.map((row) => Object.values(row)[0]).join('\n');
}

export async function benchQueries(
  backend: Backend,
  db: Db,
  figures: Figures,
  options: QueryOptions,
): Promise<Record<string, unknown>> {
  await migrate(db);
  const end = Date.now() - 3_600_000;
  const shape: LoadShape = { deployments: options.deployments, services: 200, teams: 20, days: 730, end };
  const counts = await bulkLoad(db, shape);
  figures.add({
    backend,
    section: 'queries',
    label: `bulk load: ${counts.deployments} deployments, ${counts.changes} changes, ${counts.deploymentChanges} deployment_changes, ${counts.incidents} incidents, ${counts.services} services (incl. VACUUM ANALYZE)`,
    value: counts.seconds * 1000,
    unit: 'ms',
  });

  const timer = timedDb(db);
  const services = createAppServices(timer.db, {
    auth: 'off',
    adminToken: undefined,
    adminUsername: undefined,
    adminPassword: undefined,
  });
  const app = await buildServer(services, { bodyLimitBytes: 1 << 20, logLevel: 'warn' });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const now = Date.now();
  const window = (days: number) =>
    `from=${new Date(now - days * DAY).toISOString()}&to=${new Date(now).toISOString()}`;
  const calls: [string, string][] = [
    ['GET /api/v1/metrics, 90 days, all services', `/api/v1/metrics?${window(90)}`],
    ['GET /api/v1/metrics, 90 days, one service', `/api/v1/metrics?${window(90)}&service=svc-7`],
    ['GET /api/v1/metrics, 90 days, one team', `/api/v1/metrics?${window(90)}&team=team-3`],
    [
      'GET /api/v1/metrics/deployment-frequency/series?bucket=week, 90 days',
      `/api/v1/metrics/deployment-frequency/series?bucket=week&${window(90)}`,
    ],
    [GROUPED.service, `/api/v1/metrics?${window(90)}&group_by=service`],
    [GROUPED.team, `/api/v1/metrics?${window(90)}&group_by=team`],
  ];
  const plans: Record<string, unknown> = {};
  const timings: Record<string, { p50: number; p95: number }> = {};
  try {
    for (const [label, path] of calls) {
      timings[label] = await sample(options.runs, () => getJson(`${base}${path}`));
      timer.take();
      await getJson(`${base}${path}`);
      // Statements of one answer run concurrently (PGlite queues them), so wall times overlap:
      // every statement is explained, and the slowest is the one with the longest execution.
      const statements = timer.take();
      const explained = [];
      for (const statement of statements) {
        const plan = await explain(db, statement);
        const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
        explained.push({
          executionMs,
          wallMs: statement.ms,
          sql: statement.sql,
          params: statement.params,
          plan,
        });
      }
      explained.sort((a, b) => b.executionMs - a.executionMs);
      plans[label] = { statements: explained.length, slowest: explained[0], others: explained.slice(1) };
    }
    const evidence = await sample(options.runs, () => getJson(`${base}/api/v1/deployments?limit=100`));
    const refresh = performance.now();
    await fetch(`${base}/metrics`).then((r) => r.text());
    const refreshMs = performance.now() - refresh;
    const cached = await sample(options.runs, () => fetch(`${base}/metrics`).then((r) => r.text()));

    const from90 = new Date(now - 90 * DAY);
    const from30 = new Date(now - 30 * DAY);
    const to = new Date(now);
    const baseline = await withBaselineIndexes(db, async () => ({
      weekly: await sample(options.runs, () => db.query(WEEKLY_DEPLOYMENTS, [from90, to])),
      lead: await sample(options.runs, () => db.query(LEAD_TIME_PERCENTILES, [from30, to])),
    }));
    const sum = baseline.weekly.p50 + baseline.lead.p50;
    const all = timings[calls[0]![0]]!;
    const limits = backend === 'postgres' ? { all: 200, one: 50 } : { all: 500, one: 50 };
    const add = (label: string, value: number, note?: string) =>
      figures.add({ backend, section: 'queries', label, value, unit: 'ms', ...(note ? { note } : {}) });
    add('baseline: deployments per service per week, 90 days (covering index): p50', baseline.weekly.p50);
    add('baseline: p50/p90 lead time per service, 30 days (covering indexes): p50', baseline.lead.p50);
    for (const [label] of calls) {
      const t = timings[label]!;
      const note =
        label === calls[0]![0]
          ? `${(t.p95 / sum).toFixed(2)}× the baselines' sum (target ≤ 2×); target p95 < ${limits.all} ms`
          : label === calls[1]![0]
            ? `target < ${limits.one} ms`
            : label === GROUPED.service || label === GROUPED.team
              ? `target p95 < ${GROUPED_LIMIT_MS} ms → ${t.p95 < GROUPED_LIMIT_MS ? 'met' : 'missed'}`
              : undefined;
      add(`${label}: p50`, t.p50);
      add(`${label}: p95`, t.p95, note);
    }
    figures.add({
      backend,
      section: 'queries',
      label: 'GET /api/v1/metrics all services p95 ÷ baselines sum',
      value: all.p95 / sum,
      unit: '×',
      note: `target ≤ 2× → ${all.p95 / sum <= 2 ? 'met' : 'missed'}`,
    });
    for (const label of [GROUPED.service, GROUPED.team])
      figures.add({
        backend,
        section: 'queries',
        label: `${label}: p95 ÷ ungrouped all-services p95`,
        value: timings[label]!.p95 / all.p95,
        unit: '×',
        note: 'the groups and the totals in one answer, against the totals alone, same run',
      });
    add('GET /api/v1/deployments?limit=100 (default window): p50', evidence.p50);
    add('GET /metrics (Prometheus): first scrape (refresh)', refreshMs);
    add('GET /metrics (Prometheus): cached, p50', cached.p50);
    return { counts, plans, baseline };
  } finally {
    await app.close();
    await services.ingest.flush();
  }
}
