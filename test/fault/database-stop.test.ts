/**
 * The database crashes under load (`pg_ctl stop -m immediate` on a throwaway cluster): fivekeys
 * answers 503 + Retry-After (no other 5xx, no crash, an answer in bounded time), `/readyz` fails
 * while `/healthz` stays up, and once the database is back ingestion resumes in the same process
 * with nothing acknowledged missing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDb } from '../../src/store/db.ts';
import { createThrowawayPostgres, throwawayPostgresSkipReason } from '../helpers/throwaway-postgres.ts';
import { startFivekeys } from '../helpers/fivekeys-process.ts';
import { assertStoredOnce, deliverAll, startLoad, storedCounts } from './load.ts';

const PREFIX = 'outage';

const status = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(10_000) })).status;

test(
  'database stopped mid-load: 503 + Retry-After only, no crash; ingestion resumes when it is back; nothing acknowledged lost',
  { skip: throwawayPostgresSkipReason(), timeout: 240_000 },
  async (t) => {
    const cluster = await createThrowawayPostgres();
    const server = await startFivekeys({ DATABASE_URL: cluster.url });
    const load = startLoad(server.url, PREFIX);
    try {
      await load.waitFor('200 acknowledged events', (report) => report.acknowledged.size >= 200, 90_000);

      await cluster.stop('immediate');
      const refusedBefore = load.report.refused;
      await load.waitFor('30 refusals', (report) => report.refused >= refusedBefore + 30, 60_000);
      assert.equal(await status(`${server.url}/readyz`), 503, 'not ready while the database is down');
      assert.equal(await status(`${server.url}/healthz`), 200, 'alive while the database is down');
      const refusedWhileDown = load.report.refused - refusedBefore;

      await cluster.start();
      const resumedFrom = load.report.acknowledged.size;
      await load.waitFor(
        'ingestion to resume',
        (report) => report.acknowledged.size >= resumedFrom + 200,
        90_000,
      );
      const report = await load.stop();

      assert.deepEqual(report.unexpected, [], 'every answer was a 2xx or a 503 with Retry-After, in time');
      assert.equal(report.lost, 0, 'no connection broke: fivekeys did not crash');
      assert.ok(server.alive(), 'the same process served before, during and after the outage');
      assert.equal(await status(`${server.url}/readyz`), 200);

      const db = await openDb({ url: cluster.url, poolSize: 2 });
      try {
        assertStoredOnce(await storedCounts(db, PREFIX), report.acknowledged.keys(), 'acknowledged events');
        await deliverAll(server.url, report.unacknowledged.values());
        const all = [...report.acknowledged.keys(), ...report.unacknowledged.keys()];
        assertStoredOnce(await storedCounts(db, PREFIX), all, 'after the retries');
      } finally {
        await db.close();
      }
      t.diagnostic(
        `acknowledged ${report.acknowledged.size}, refused ${report.refused} (${refusedWhileDown} while down before the check), ` +
          `slowest answer ${report.slowestMs.toFixed(0)} ms`,
      );
    } finally {
      await load.stop();
      await server.stop('SIGTERM');
      await cluster.destroy();
    }
  },
);
