/**
 * The largest query the limits allow (a 10-year window, a daily series of 3,661 points, all services)
 * leaves the process answering: `/healthz`, polled every 10 ms while it runs, stays under a bound.
 * The history (20,000 deployments, ~60,000 first deployments of changes, over ten years) is large
 * enough that reading the facts as one result held the loop (worst 489 ms on PostgreSQL, 2,142 ms on
 * PGlite, against 114 / 211 ms read in pages); docs/operations.md gives the figures measured on 100,000.
 * PGlite runs in its own thread, so a statement no longer holds `/healthz`; what is left on this
 * thread on either backend is computing the metrics from the rows (and its garbage collection).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bulkLoad } from '../../bench/bulk-load.ts';
import { backends, type TestDb } from '../helpers/backends.ts';
import { healthzTimes, summarize } from '../helpers/healthz-times.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const DAY = 86_400_000;
const END = Date.parse('2026-12-01T00:00:00Z');
const WINDOW = `from=${new Date(END - 3660 * DAY).toISOString()}&to=${new Date(END).toISOString()}`;
/**
 * `/healthz` answers in ms: the share of answers within `bound` and the worst. Nearly every answer
 * is within 100 ms on either backend; but on a 2-core machine loaded ten times over, this thread's
 * garbage collection (pauses up to 196 ms measured while the series are computed) and the scheduler
 * still delay the odd one (worst 107–290 ms measured on PGlite, 172–200 ms on PostgreSQL), so the
 * worst has a looser bound, still below what one unpaged read took.
 */
const LIMITS = { bound: 100, share: 0.9, worst: 400 } as const;
const DEPLOYMENTS = 20_000;

for (const backend of backends()) {
  describe(`the largest allowed query beside /healthz (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    before(async () => {
      testDb = await backend.create();
      await bulkLoad(testDb.db, { deployments: DEPLOYMENTS, services: 40, teams: 8, days: 3650, end: END });
      server = await startServer(testDb.db);
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    test('metrics and daily series over ten years answer while /healthz stays quick', async () => {
      // Warm: the first request loads lazily built validators and statements, a one-off cost.
      assert.equal((await server.get(`/api/v1/metrics?${WINDOW}`)).status, 200);
      const times = await healthzTimes(server.url, async () => {
        for (const path of [
          `/api/v1/metrics?${WINDOW}`,
          `/api/v1/metrics/deployment-frequency/series?bucket=day&${WINDOW}`,
          `/api/v1/metrics/lead-time/series?bucket=day&${WINDOW}`,
        ]) {
          const response = await server.get(path);
          assert.equal(response.status, 200, path);
          if (path.includes('series')) assert.equal(response.body.points.length, 3660, path);
        }
      });
      const { bound, share, worst: worstBound } = LIMITS;
      const { worst, within, summary } = summarize(times, bound);
      console.log(`during the largest queries (${backend.name}): ${summary}`);
      assert.ok(within >= share && worst < worstBound, summary);
    });
  });
}
