/**
 * The embedded database (PGlite in a data folder, fsync=off) under a process killed with SIGKILL
 * mid-write: the folder must open again in a new process, which answers /readyz, and every event
 * acknowledged before the kill must be there. PGlite writes its WAL with write(2) at each commit,
 * so the operating system holds it even though the process dies; a power loss is another matter
 * (no fsync), which this test cannot and does not claim to cover.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDb } from '../../src/store/db.ts';
import { killAllFivekeys, startFivekeys } from '../helpers/fivekeys-process.ts';
import { assertStoredOnce, deliverAll, startLoad, storedCounts, type Load } from './load.ts';

const PREFIX = 'embedded';

test(
  'PGlite killed with -9 mid-write: the data folder opens again and every acknowledged event is there once',
  { timeout: 300_000 },
  async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fivekeys-pglite-fault-'));
    let load: Load | undefined;
    try {
      // Creating a data folder takes PGlite several seconds (more on a busy machine).
      const first = await startFivekeys({ FIVEKEYS_DATA_DIR: dataDir }, 180_000);
      load = startLoad(first.url, PREFIX, 8);
      await load.waitFor('200 acknowledged events', (report) => report.acknowledged.size >= 200, 90_000);
      await first.stop('SIGKILL');
      const report = await load.stop();
      assert.deepEqual(report.unexpected, [], 'no answer other than 2xx or a broken connection');
      assert.ok(report.lost > 0, 'requests were in flight when the process was killed');

      const started = performance.now();
      const second = await startFivekeys({ FIVEKEYS_DATA_DIR: dataDir }, 120_000);
      const reopenMs = performance.now() - started;
      try {
        await deliverAll(second.url, report.unacknowledged.values());
      } finally {
        await second.stop('SIGTERM');
      }

      // Only the unacknowledged were sent again: the acknowledged ones found here survived the kill.
      const db = await openDb({ dataDir });
      try {
        const stored = await storedCounts(db, PREFIX);
        assertStoredOnce(stored, report.acknowledged.keys(), 'acknowledged before the kill');
        assertStoredOnce(stored, report.unacknowledged.keys(), 'retried after the restart');
      } finally {
        await db.close();
      }
      t.diagnostic(
        `acknowledged ${report.acknowledged.size}, lost at the kill ${report.lost}, ` +
          `restart to /readyz ${(reopenMs / 1000).toFixed(1)} s (process start included)`,
      );
    } finally {
      await load?.stop();
      await killAllFivekeys();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
);
