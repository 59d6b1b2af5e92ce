/**
 * `npm run bench [-- --deployments N --duration S --backend pglite|postgres|both]`: ingest
 * throughput, cold start and RSS (bench/ingest.ts), then metric query latency on a bulk-loaded
 * history (bench/queries.ts) and the ingest load again on that history, each beside yardsticks
 * measured in the same run, on PGlite in a temporary data folder and, when BENCH_DATABASE_URL or
 * TEST_DATABASE_URL is set, on PostgreSQL in a throwaway database. Prints one table and writes it
 * as JSON to bench/results/<timestamp>.json.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openDb } from '../src/store/db.ts';
import { adminUrl, createDataDir, createPostgresDatabase, type Backend } from './bench-db.ts';
import { Figures } from './figures.ts';
import { benchIngest, benchIngestOnHistory } from './ingest.ts';
import { benchQueries } from './queries.ts';

const { values } = parseArgs({
  options: {
    deployments: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    // Timed runs per query: with 15 the nearest-rank p95 was the slowest run, one outlier on a busy
    // machine (PGlite all services: p95 231–300 ms at a steady p50 of 192 ms); with 60 it is the 57th.
    runs: { type: 'string', default: '60' },
    'raw-rows': { type: 'string', default: '50000' },
    backend: { type: 'string', default: 'both' },
    skip: { type: 'string', multiple: true, default: [] },
  },
});
const deployments = Number(values.deployments);
const backends: Backend[] = (
  values.backend === 'both' ? (['postgres', 'pglite'] as const) : [values.backend as Backend]
).filter((backend: Backend) => backend === 'pglite' || adminUrl() !== undefined);
const figures = new Figures();
const context = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  loadAtStart: loadavg(),
  options: values,
};
console.log(
  `fivekeys bench: node ${process.version}, ${cpus().length} CPUs, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

for (const backend of backends) {
  console.log(`\n## ${backend}`);
  if (!values.skip.includes('ingest'))
    await benchIngest(backend, figures, {
      seconds: Number(values.duration),
      connections: Number(values.connections),
      rawRows: Number(values['raw-rows']),
    });
  if (!values.skip.includes('queries')) {
    const target = backend === 'postgres' ? await createPostgresDatabase('queries') : createDataDir();
    const db = await openDb('url' in target ? { url: target.url } : { dataDir: target.dir });
    try {
      figures.extra[`${backend}Queries`] = await benchQueries(backend, db, figures, {
        deployments,
        runs: Number(values.runs),
      });
      await db.close();
      if (!values.skip.includes('ingest'))
        await benchIngestOnHistory(backend, figures, target, deployments, {
          seconds: Number(values.duration),
          connections: Number(values.connections),
        });
    } finally {
      await db.close().catch(() => undefined);
      await target.drop();
    }
  }
}

console.log(`\n${figures.table()}`);
console.log(`\nwritten to ${figures.write({ ...context, loadAtEnd: loadavg() })}`);
