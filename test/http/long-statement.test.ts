/**
 * A long statement leaves the process answering: `/healthz`, polled every 10 ms while one runs,
 * answers within 100 ms. On PGlite this holds because the database runs in its own thread: in the
 * server's thread each WebAssembly statement held the event loop for as long as it ran (one
 * answer, after 1,006–1,024 ms for the sleep and 1,332–1,792 ms for the sorts). On a 2-core machine
 * loaded ten times over, this thread's own garbage collection and the scheduler still delay the odd
 * answer (worst 25–187 ms measured), so the bound is on nearly all answers, and the worst has a
 * looser one that a held loop would still break.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { healthzTimes, summarize } from '../helpers/healthz-times.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const BOUND_MS = 100;
const SHARE_WITHIN_BOUND = 0.9;
const WORST_MS = 400;
/** Statements run one after another for at least this long, however fast the machine. */
const RUN_MS = 1000;
const STATEMENTS = {
  'a sleeping statement': 'select pg_sleep(1)',
  'a large sort': 'select count(*) from (select g from generate_series(1, 500000) g order by md5(g::text)) s',
};

for (const backend of backends()) {
  describe(`a long statement beside /healthz (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db);
      // Warm: the first request pays for lazily built routes and the client's connection.
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    for (const [name, sql] of Object.entries(STATEMENTS)) {
      test(`${name} leaves /healthz answering, nearly always within ${BOUND_MS} ms`, async () => {
        const started = performance.now();
        const times = await healthzTimes(server.url, async () => {
          do await testDb.db.query(sql);
          while (performance.now() - started < RUN_MS);
        });
        const tookMs = performance.now() - started;
        const { worst, within, summary } = summarize(times, BOUND_MS);
        console.log(`${name} (${backend.name}): ${tookMs.toFixed(0)} ms, ${summary}`);
        assert.ok(within >= SHARE_WITHIN_BOUND && worst < WORST_MS, summary);
      });
    }
  });
}
