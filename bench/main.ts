/**
 * `npm run bench [-- --deployments N]`: ingestion throughput and metric latency of fivekeys beside
 * a baseline measured in the same run on the same database (bench/baseline.ts), on PGlite in a
 * temporary data folder and, when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, on PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildServer } from '../src/http/server.ts';
import { createAppServices } from '../src/service/app.ts';
import { openDb, type Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { baselineMetricsQuery, startBaselineServer } from './baseline.ts';
import { GITHUB_BENCH_SECRET, postGitHubDeployment } from './github.ts';
import { generateHistory } from './history.ts';
import { postJson, runLoad } from './load.ts';

const { values } = parseArgs({ options: { deployments: { type: 'string', default: '100000' } } });
const DEPLOYMENTS = Number(values.deployments);
const DAY = 86_400_000;

async function openBenchDb(kind: 'pglite' | 'postgres'): Promise<{ db: Db; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'fivekeys-bench-'));
    const db = await openDb({ dataDir: dir });
    return { db, drop: async () => (await db.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL!;
  const name = `fivekeys_bench_${process.pid}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await run(`drop database if exists ${name} with (force)`);
  await run(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = await openDb({ url: url.toString() });
  return { db, drop: async () => (await db.close(), await run(`drop database ${name} with (force)`)) };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const ratio = (ours: number, base: number) => `${(ours / base).toFixed(2)}×`;

async function timeMany(times: number, work: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

async function benchBackend(kind: 'pglite' | 'postgres') {
  const { db, drop } = await openBenchDb(kind);
  await migrate(db);
  const services = createAppServices(db, {
    auth: 'off',
    adminToken: undefined,
    adminUsername: undefined,
    adminPassword: undefined,
    webhooks: { github: { secrets: [GITHUB_BENCH_SECRET] } },
  });
  const app = await buildServer(services, { bodyLimitBytes: 16 << 20, logLevel: 'warn' });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const baseline = await startBaselineServer(db);
  const now = Date.now();
  const single = (i: number) => ({
    id: `live-${i}`,
    service: `live-${i % 20}`,
    environment: 'production',
    status: 'success',
    finished_at: new Date(now - DAY + i * 1000).toISOString(),
    commit: (0x100000 + i).toString(16),
  });
  console.log(`\n## ${kind}`);
  const base = await runLoad(2000, 32, (i) => postJson(`${baseline.url}/ingest`, single(i)));
  const ours = await runLoad(2000, 32, (i) => postJson(`${url}/api/v1/deployments`, single(i)));
  console.log(
    `single-event POSTs, 32 concurrent: fivekeys ${ours.perSecond.toFixed(0)}/s (p50 ${ms(ours.p50)}, p95 ${ms(ours.p95)}, ${ours.failures} failed)`,
  );
  console.log(
    `  baseline (bare Fastify + one INSERT per request): ${base.perSecond.toFixed(0)}/s (p95 ${ms(base.p95)}) → ratio ${ratio(ours.perSecond, base.perSecond)}`,
  );
  const hooks = await runLoad(2000, 32, (i) =>
    postGitHubDeployment(url, i, new Date(now - DAY + i * 1000).toISOString()),
  );
  console.log(
    `signed GitHub deployment_status deliveries, 32 concurrent: ${hooks.perSecond.toFixed(0)}/s (p50 ${ms(hooks.p50)}, p95 ${ms(hooks.p95)}, ${hooks.failures} failed) → ratio ${ratio(hooks.perSecond, base.perSecond)} of the baseline`,
  );

  let started = performance.now();
  let events = 0;
  const end = now - 2 * DAY;
  const raw = { source: 'bench', delivery_id: null, content_type: null, headers: {}, body: '' };
  for (const batch of generateHistory({ deployments: DEPLOYMENTS, services: 24, days: 365, end })) {
    events += batch.changes.length + batch.deployments.length + batch.incidents.length;
    await services.ingest.ingest({ raw, events: batch });
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `history: ${DEPLOYMENTS} deployments, ${events} events in ${seconds.toFixed(1)} s → ${(events / seconds).toFixed(0)} events/s in batches of 1000 deployments`,
  );

  // Queried as after a real import: once ingest has been idle long enough for its statistics refresh.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const year = `from=${new Date(end - 365 * DAY).toISOString()}&to=${new Date(end).toISOString()}`;
  for (const [label, query, from] of [
    ['default windows (30 days)', '', now - 30 * DAY],
    ['one year', year, end - 365 * DAY],
  ] as const) {
    const to = label === 'one year' ? end : now;
    await fetch(`${url}/api/v1/metrics?${query}`); // warm-up
    started = performance.now();
    const oursMs = await timeMany(7, async () => (await fetch(`${url}/api/v1/metrics?${query}`)).json());
    const baseMs = await timeMany(7, () => baselineMetricsQuery(db, new Date(from), new Date(to)));
    console.log(
      `GET /api/v1/metrics, ${label}: median ${ms(oursMs)}; baseline raw SQL ${ms(baseMs)} → ratio ${ratio(oursMs, baseMs)}`,
    );
  }
  const evidenceMs = await timeMany(7, async () =>
    (await fetch(`${url}/api/v1/deployments?limit=100`)).json(),
  );
  console.log(
    `GET /api/v1/deployments (newest 100 of 30 days, with changes and incidents): median ${ms(evidenceMs)}`,
  );
  // The first scrape refreshes the database-derived families; the next ones are served from the cache.
  const refreshMs = await timeMany(1, async () => (await fetch(`${url}/metrics`)).text());
  const cachedMs = await timeMany(7, async () => (await fetch(`${url}/metrics`)).text());
  console.log(`GET /metrics: refresh ${ms(refreshMs)}, cached ${ms(cachedMs)}`);
  await baseline.close();
  await app.close();
  await services.ingest.flush();
  await drop();
}

console.log(`fivekeys bench: ${DEPLOYMENTS} deployments of history, node ${process.version}`);
await benchBackend('pglite');
if (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL) await benchBackend('postgres');
