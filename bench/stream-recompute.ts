/**
 * `node --import tsx bench/stream-recompute.ts [--sizes 15000,60000] [--backend pglite|postgres|both]`:
 * how long storing a deployment older than a whole stream takes (the whole stream recomputed), for
 * streams of each size over 10,000 deployments of other services, after ANALYZE (a server that has
 * run a while). Each size is a fresh database; the fastest of three rolled-back runs is printed.
 * The test (test/store/stream-recompute-scale.test.ts) runs 15,000 and 60,000 in one database.
 */
import { parseArgs } from 'node:util';
import { migrate } from '../src/store/migrate.ts';
import { analyzeTables } from '../src/store/statistics.ts';
import { adminUrl, openBenchDb, type Backend } from './bench-db.ts';
import { loadBackground, loadStream, storeLateAndRollBack } from './stream-history.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '15000,60000' },
    backend: { type: 'string', default: 'both' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const backends: Backend[] = (
  values.backend === 'both' ? (['postgres', 'pglite'] as const) : [values.backend as Backend]
).filter((backend: Backend) => backend === 'pglite' || adminUrl() !== undefined);

for (const backend of backends) {
  for (const size of sizes) {
    const { db, drop } = await openBenchDb(backend, 'stream');
    try {
      await migrate(db);
      const loading = performance.now();
      await loadBackground(db, 10_000);
      await loadStream(db, 0, size);
      await analyzeTables(db);
      const loaded = performance.now() - loading;
      const runs: { ms: number; cpuMs: number }[] = [];
      for (let run = 0; run < 3; run += 1) runs.push(await storeLateAndRollBack(db, async () => undefined));
      // This process's CPU: all of PGlite's work (it runs here), none of PostgreSQL's.
      const list = (key: 'ms' | 'cpuMs') => runs.map((run) => run[key].toFixed(0)).join(', ');
      console.log(
        `${backend} ${size}: late deployment ${Math.min(...runs.map((run) => run.ms)).toFixed(0)} ms ` +
          `(runs ${list('ms')}; this process's CPU ${list('cpuMs')} ms; loaded in ${(loaded / 1000).toFixed(1)} s)`,
      );
    } finally {
      await drop();
    }
  }
}
