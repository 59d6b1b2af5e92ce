/**
 * The promise of an ingestion service: nothing acknowledged is ever lost. fivekeys on a throwaway
 * PostgreSQL cluster is killed with SIGKILL in the middle of a load run; every event that got a
 * 2xx must be in the database exactly once, and the senders' retries of the rest, answered by a
 * new process, must succeed and be stored once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDb } from '../../src/store/db.ts';
import { createThrowawayPostgres, throwawayPostgresSkipReason } from '../helpers/throwaway-postgres.ts';
import { killAllFivekeys, startFivekeys } from '../helpers/fivekeys-process.ts';
import { assertStoredOnce, deliverAll, startLoad, storedCounts, type Load } from './load.ts';

const PREFIX = 'kill';

test(
  'kill -9 mid-load on PostgreSQL: every acknowledged event stored exactly once; retries of the rest succeed',
  { skip: throwawayPostgresSkipReason(), timeout: 240_000 },
  async (t) => {
    const cluster = await createThrowawayPostgres();
    const db = await openDb({ url: cluster.url, poolSize: 2 });
    let load: Load | undefined;
    try {
      const first = await startFivekeys({ DATABASE_URL: cluster.url });
      load = startLoad(first.url, PREFIX);
      await load.waitFor('200 acknowledged events', (report) => report.acknowledged.size >= 200, 90_000);
      await first.stop('SIGKILL');
      const report = await load.stop();
      assert.deepEqual(
        report.unexpected,
        [],
        'no answer other than 2xx, 503 + Retry-After or a broken connection',
      );
      assert.ok(report.lost > 0, 'requests were in flight when the process was killed');

      const afterKill = await storedCounts(db, PREFIX);
      assertStoredOnce(afterKill, report.acknowledged.keys(), 'acknowledged before the kill');
      const lostButStored = [...report.unacknowledged.keys()].filter((key) => afterKill.has(key)).length;

      const second = await startFivekeys({ DATABASE_URL: cluster.url });
      try {
        await deliverAll(second.url, report.unacknowledged.values());
      } finally {
        await second.stop('SIGTERM');
      }
      const all = [...report.acknowledged.keys(), ...report.unacknowledged.keys()];
      assertStoredOnce(await storedCounts(db, PREFIX), all, 'after the retries');
      t.diagnostic(
        `acknowledged ${report.acknowledged.size}, refused ${report.refused}, lost at the kill ${report.lost} ` +
          `(${lostButStored} of them committed anyway, the retry answered as a duplicate), slowest ${report.slowestMs.toFixed(0)} ms`,
      );
    } finally {
      await load?.stop();
      await killAllFivekeys();
      await db.close();
      await cluster.destroy();
    }
  },
);
