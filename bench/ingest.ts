/**
 * The ingest section: fivekeys (a child `serve` process) under 50 connections of single native
 * deployment events, beside the yardsticks of the same run — bare Fastify with no database, one
 * transaction per request (PostgreSQL), and the driver's multi-row INSERT of the same rows — plus
 * cold start to `/readyz` (fresh and existing database) and the server's peak RSS under the load.
 * The server is the build users start (`npm start`: `node dist/cli/main.js serve`); `npm run bench`
 * builds it first. The TypeScript sources through tsx would add the loader's compile time to the
 * start and ~60 MB to the resident set, which no user runs.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { openDb, type Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { createDataDir, createPostgresDatabase, type Backend } from './bench-db.ts';
import { startChildServer } from './child-server.ts';
import type { Figures } from './figures.ts';
import { GITHUB_BENCH_SECRET, postGitHubDeployment } from './github.ts';
import { postLoad, type LoadFigures } from './load-test.ts';
import { runLoad } from './load.ts';
import {
  BASELINE_TABLE,
  CREATE_BASELINE_TABLE,
  baselineRow,
  deploymentEvent,
  insertRowsSql,
} from './rows.ts';

const BUILT_SERVER = ['dist/cli/main.js', 'serve'];

export interface IngestOptions {
  seconds: number;
  connections: number;
  /** Rows written by the multi-row INSERT baseline. */
  rawRows: number;
}

async function startBaseline(mode: 'bare' | 'transaction', databaseUrl?: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/baseline-server.ts', mode, ...(databaseUrl ? [databaseUrl] : [])],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = await createInterface({ input: child.stdout! })
    [Symbol.asyncIterator]()
    .next()
    .then((r) => [r.value as string]);
  const { url } = JSON.parse(line!) as { url: string };
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The driver's multi-row INSERT of the same rows, 1,000 per statement, each statement committed. */
async function rawInsertRate(db: Db, rows: number): Promise<number> {
  await db.exec(CREATE_BASELINE_TABLE);
  const started = performance.now();
  for (let offset = 0; offset < rows; offset += 1000) {
    const batch = Array.from({ length: Math.min(1000, rows - offset) }, (_, k) =>
      baselineRow(deploymentEvent('raw', offset + k)),
    );
    const [sql, params] = insertRowsSql(BASELINE_TABLE, batch);
    await db.query(sql, params);
  }
  return rows / ((performance.now() - started) / 1000);
}

function addLoad(figures: Figures, backend: Backend, label: string, load: LoadFigures, note?: string) {
  const section = 'ingest';
  figures.add({
    backend,
    section,
    label: `${label}: accepted`,
    value: load.accepted,
    unit: 'events/s',
    ...(note ? { note } : {}),
  });
  figures.add({ backend, section, label: `${label}: p50`, value: load.p50, unit: 'ms' });
  figures.add({ backend, section, label: `${label}: p99`, value: load.p99, unit: 'ms' });
  if (load.non2xx + load.errors > 0)
    figures.add({
      backend,
      section,
      label: `${label}: non-2xx + errors`,
      value: load.non2xx + load.errors,
      unit: 'requests',
    });
}

export async function benchIngest(backend: Backend, figures: Figures, options: IngestOptions): Promise<void> {
  const pgDb = backend === 'postgres' ? await createPostgresDatabase('ingest') : undefined;
  const dataDir = backend === 'pglite' ? createDataDir() : undefined;
  const env: Record<string, string> = {
    FIVEKEYS_GITHUB_WEBHOOK_SECRET: GITHUB_BENCH_SECRET,
    ...(pgDb ? { FIVEKEYS_DATABASE_URL: pgDb.url } : { FIVEKEYS_DATA_DIR: dataDir!.dir }),
  };
  const load = { connections: options.connections, seconds: options.seconds };
  const body = (run: string) => (i: number) => JSON.stringify(deploymentEvent(run, i));
  if (!existsSync(BUILT_SERVER[0]!))
    throw new Error(`${BUILT_SERVER[0]} is missing: run \`npm run build\` (npm run bench does) first`);
  try {
    const fresh = await startChildServer(env, BUILT_SERVER);
    const freshPeak = fresh.peakRssMb();
    const freshRss = fresh.rssMb();
    await fresh.stop();
    const server = await startChildServer(env, BUILT_SERVER);
    figures.add({
      backend,
      section: 'start',
      label: 'cold start to /readyz, fresh database',
      value: fresh.readyMs,
      unit: 'ms',
    });
    figures.add({
      backend,
      section: 'start',
      label: 'cold start to /readyz, existing database',
      value: server.readyMs,
      unit: 'ms',
      note: 'target < 1.5 s',
    });
    figures.add({
      backend,
      section: 'start',
      label: 'peak RSS at ready (fresh database)',
      value: freshPeak,
      unit: 'MB',
    });
    figures.add({
      backend,
      section: 'start',
      label: 'RSS at ready (fresh database), kept while serving',
      value: freshRss,
      unit: 'MB',
    });

    const bare = await startBaseline('bare');
    const bareLoad = await postLoad(`${bare.url}/ingest`, body('bare'), load);
    await bare.stop();
    addLoad(figures, backend, 'bare Fastify, no database', bareLoad);

    const ours = await postLoad(`${server.url}/api/v1/deployments`, body('fivekeys'), load);
    const peak = server.peakRssMb();
    const ratioBare = ours.accepted / bareLoad.accepted;
    addLoad(
      figures,
      backend,
      `fivekeys POST /api/v1/deployments, ${options.connections} connections`,
      ours,
      backend === 'postgres' ? 'target ≥ 33% of bare Fastify, p99 < 50 ms' : 'target ≥ 2,000 events/s',
    );
    figures.add({
      backend,
      section: 'ingest',
      label: 'fivekeys ÷ bare Fastify',
      value: ratioBare,
      unit: '%',
      note: backend === 'postgres' ? `target ≥ 33% → ${ratioBare >= 0.33 ? 'met' : 'missed'}` : '',
    });
    figures.add({
      backend,
      section: 'ingest',
      label: 'peak RSS of the server under the ingest load (VmHWM)',
      value: peak,
      unit: 'MB',
      note: backend === 'postgres' ? 'target < 250 MB' : 'target < 400 MB',
    });

    const now = Date.now();
    const hooks = await runLoad(2000, 32, (i) =>
      postGitHubDeployment(server.url, i, new Date(now - 86_400_000 + i * 1000).toISOString()),
    );
    figures.add({
      backend,
      section: 'ingest',
      label: 'signed GitHub deployment_status, 32 concurrent (2,000 requests)',
      value: hooks.perSecond,
      unit: 'events/s',
      note: `p95 ${hooks.p95.toFixed(1)} ms, ${hooks.failures} failed`,
    });
    await server.stop();

    // The same server and work with group commit off: what batching itself is worth.
    const unbatched = await startChildServer({ ...env, FIVEKEYS_INGEST_MAX_BATCH: '1' }, BUILT_SERVER);
    const unbatchedLoad = await postLoad(`${unbatched.url}/api/v1/deployments`, body('unbatched'), load);
    await unbatched.stop();
    addLoad(
      figures,
      backend,
      'fivekeys, one transaction per request (FIVEKEYS_INGEST_MAX_BATCH=1)',
      unbatchedLoad,
    );
    figures.add({
      backend,
      section: 'ingest',
      label: 'fivekeys ÷ fivekeys with one transaction per request (what group commit gives)',
      value: ours.accepted / unbatchedLoad.accepted,
      unit: '×',
    });

    const db = await openDb(pgDb ? { url: pgDb.url } : { dataDir: dataDir!.dir });
    try {
      const [stored] = await db.query<{ n: number }>(
        `select count(*)::int as n from deployments where external_id like 'fivekeys-%'`,
      );
      const answered = Math.round(ours.accepted * ours.seconds);
      figures.add({
        backend,
        section: 'ingest',
        label: 'events stored after the load (2xx answered: ' + answered + ')',
        value: stored!.n,
        unit: 'rows',
      });
      if (pgDb) {
        await db.exec(CREATE_BASELINE_TABLE);
        const tx = await startBaseline('transaction', pgDb.url);
        const txLoad = await postLoad(`${tx.url}/ingest`, body('tx'), load);
        await tx.stop();
        addLoad(figures, backend, 'one transaction per request (pg pool of 10)', txLoad);
        const ratioTx = ours.accepted / txLoad.accepted;
        figures.add({
          backend,
          section: 'ingest',
          label: 'fivekeys ÷ one transaction per request',
          value: ratioTx,
          unit: '×',
          note: `target ≥ 5× → ${ratioTx >= 5 ? 'met' : 'missed'}`,
        });
      }
    } finally {
      await db.close();
    }
    // The raw INSERT runs on a database of its own so the fivekeys rows above do not weigh on it.
    const rawDir = backend === 'pglite' ? createDataDir() : undefined;
    const rawPg = backend === 'postgres' ? await createPostgresDatabase('raw') : undefined;
    const rawDb = await openDb(rawPg ? { url: rawPg.url } : { dataDir: rawDir!.dir });
    try {
      await migrate(rawDb);
      const rate = await rawInsertRate(rawDb, options.rawRows);
      figures.add({
        backend,
        section: 'ingest',
        label: `driver multi-row INSERT of the same rows (1,000 per statement, ${options.rawRows.toLocaleString('en-US')} rows)`,
        value: rate,
        unit: 'rows/s',
        note: `fivekeys = ${((ours.accepted / rate) * 100).toFixed(1)}% of it`,
      });
    } finally {
      await rawDb.close();
      await rawPg?.drop();
      rawDir?.drop();
    }
  } finally {
    await pgDb?.drop();
    dataDir?.drop();
  }
}

/**
 * The same load on the bulk-loaded history of the query section (a database with a past, as users
 * run it, rather than an empty one): the built server started on it, cold, after the queries.
 */
export async function benchIngestOnHistory(
  backend: Backend,
  figures: Figures,
  target: { url: string } | { dir: string },
  deployments: number,
  options: Pick<IngestOptions, 'seconds' | 'connections'>,
): Promise<void> {
  const server = await startChildServer(
    'url' in target ? { FIVEKEYS_DATABASE_URL: target.url } : { FIVEKEYS_DATA_DIR: target.dir },
    BUILT_SERVER,
  );
  try {
    const load = await postLoad(
      `${server.url}/api/v1/deployments`,
      (i) => JSON.stringify(deploymentEvent('history', i)),
      options,
    );
    addLoad(
      figures,
      backend,
      `fivekeys POST /api/v1/deployments, ${options.connections} connections, on the ${deployments.toLocaleString('en-US')}-deployment history`,
      load,
    );
  } finally {
    await server.stop();
  }
}
