/**
 * ANALYZE while ingest writes (src/service/ingest/statistics-refresher.ts): a logarithmic number of runs,
 * counted from the rows the database already holds, one at a time, never waited for by ingest.
 * Batches here are row counts; the ANALYZE stand-in counts its runs and can be held open.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { statisticsRefresher } from '../../src/service/ingest/statistics-refresher.ts';
import { estimatedEventRows } from '../../src/store/statistics.ts';
import { backends, type TestDb } from '../helpers/backends.ts';

function countingAnalyze() {
  let release: () => void = () => undefined;
  let gate: Promise<void> | undefined;
  const state = {
    runs: 0,
    analyze: async () => {
      state.runs += 1;
      await gate;
    },
    hold: () => void (gate = new Promise<void>((resolve) => (release = resolve))),
    release: () => (release(), (gate = undefined)),
  };
  return state;
}

const rows = (n: number) => n;

/** A refresher that has learned how many rows the database holds (its first batch asks, unawaited). */
async function primed(testDb: TestDb, analyze: () => Promise<void>) {
  const refresher = statisticsRefresher(testDb.db, rows, analyze);
  await refresher.afterBatch(0);
  await refresher.settled();
  return refresher;
}

for (const backend of backends()) {
  describe(`statistics refresher (${backend.name})`, () => {
    let empty: TestDb;
    let stocked: TestDb;
    before(async () => {
      empty = await backend.create();
      stocked = await backend.create();
      await stocked.db.query(
        `insert into deployments (source, external_id, service, environment, status, finished_at)
         select 'bulk', 'd' || g, 'shop', 'production', 'success', now() - g * interval '1 minute'
           from generate_series(1, 20000) g`,
      );
      await stocked.db.query('analyze deployments');
    });
    after(async () => {
      await empty.drop();
      await stocked.drop();
    });

    test('the baseline is the rows the planner counted: none when empty, all of them after ANALYZE', async () => {
      assert.equal(await estimatedEventRows(empty.db), 0);
      assert.equal(await estimatedEventRows(stocked.db), 20_000);
    });

    test('on an empty database: the first thousand rows, then each fifth more', async () => {
      const counter = countingAnalyze();
      const refresher = await primed(empty, counter.analyze);
      await refresher.afterBatch(999);
      assert.equal(counter.runs, 0);
      await refresher.afterBatch(1);
      assert.equal(counter.runs, 1, 'at 1,000 rows');
      await refresher.settled();
      for (let i = 0; i < 9; i++) await refresher.afterBatch(100);
      assert.equal(counter.runs, 1, '1,900 rows: the next is due at 2,000');
      await refresher.afterBatch(100);
      assert.equal(counter.runs, 2);
      await refresher.settled();
    });

    test('on a database already holding 20,000 rows, the next run waits for a fifth more (4,000), not 1,000', async () => {
      const counter = countingAnalyze();
      const refresher = await primed(stocked, counter.analyze);
      await refresher.afterBatch(1000);
      await refresher.afterBatch(2999);
      assert.equal(counter.runs, 0);
      await refresher.afterBatch(1);
      assert.equal(counter.runs, 1);
      await refresher.settled();
    });

    test('decides nothing until it knows the rows already stored, and never waits for the database', async () => {
      const counter = countingAnalyze();
      const refresher = statisticsRefresher(stocked.db, rows, counter.analyze);
      await refresher.afterBatch(5000); // returns before the estimate arrives
      assert.equal(counter.runs, 0);
      await refresher.settled();
      await refresher.afterBatch(0);
      assert.equal(counter.runs, 1, '5,000 rows written on 20,000 stored: due');
      await refresher.settled();
    });

    test('one ANALYZE at a time, and ingest does not wait for it', async () => {
      const counter = countingAnalyze();
      const refresher = await primed(empty, counter.analyze);
      counter.hold();
      await refresher.afterBatch(1000); // resolves while the ANALYZE is still running
      await refresher.afterBatch(5000); // due again, but one is running
      assert.equal(counter.runs, 1);
      let settled = false;
      const settling = refresher.settled().then(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(settled, false, 'settled() waits for the running ANALYZE');
      counter.release();
      await settling;
      await refresher.afterBatch(1);
      assert.equal(counter.runs, 2, 'the rows written meanwhile are still due');
      await refresher.settled();
    });

    test('a small burst is analyzed once ingest has been idle for two seconds', async () => {
      const counter = countingAnalyze();
      const refresher = await primed(empty, counter.analyze);
      await refresher.afterBatch(150);
      assert.equal(counter.runs, 0);
      await new Promise((resolve) => setTimeout(resolve, 2200));
      assert.equal(counter.runs, 1);
      await refresher.settled();
    });
  });
}
