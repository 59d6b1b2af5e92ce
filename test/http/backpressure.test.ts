/**
 * Backpressure with a really slow database under a listening server: on PostgreSQL another session
 * holds `LOCK TABLE raw_requests IN ACCESS EXCLUSIVE MODE`; on PGlite (one connection) an open
 * transaction holds the database. Requests beyond the queue's bound get 503 + Retry-After at once,
 * the queue stays at its bound however many more arrive, `/readyz` says so, and once the database
 * is free every queued request commits and every refused one succeeds when retried.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { buildServer } from '../../src/http/server.ts';
import { createAppServices } from '../../src/service/app.ts';
import { createIngestService, type QueueLimits } from '../../src/service/ingest/ingest.ts';
import type { Db } from '../../src/store/db.ts';
import { backends, type TestDb } from '../helpers/backends.ts';

interface ReadyBody {
  status: string;
  ingest: { waiting: number; in_batch: number; max_pending: number; saturated: boolean };
}

const LIMIT = 20;
const FIRST_WAVE = 60;
const SECOND_WAVE = 100;

const deployment = (id: string) => ({
  id,
  service: 'shop',
  environment: 'production',
  status: 'success',
  finished_at: '2026-03-03T10:00:00Z',
});

/** Makes the database stall every ingest transaction until `release()`. */
async function holdDatabase(testDb: TestDb): Promise<() => Promise<void>> {
  if (testDb.url) {
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    await client.query('begin');
    await client.query('lock table raw_requests in access exclusive mode');
    return async () => {
      await client.query('commit');
      await client.end();
    };
  }
  let release: () => void = () => undefined;
  let holding: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const done = testDb.db.transaction(async () => {
    holding();
    await new Promise<void>((resolve) => (release = resolve));
  });
  await held;
  return async () => {
    release();
    await done;
  };
}

/** A server with its own queue limits (until they come from the config, the defaults are fixed). */
async function startBoundedServer(db: Db, limits: QueueLimits) {
  const services = {
    ...createAppServices(db, {
      auth: 'off',
      adminToken: undefined,
      adminUsername: undefined,
      adminPassword: undefined,
    }),
    ingest: createIngestService(db, undefined, undefined, limits),
  };
  const app = await buildServer(services, { bodyLimitBytes: 1 << 20, logLevel: 'silent' });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const post = async (id: string) => {
    const started = performance.now();
    const response = await fetch(`${url}/api/v1/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(deployment(id)),
    });
    return {
      id,
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as { error?: { code: string; message: string } },
      ms: performance.now() - started,
    };
  };
  const ready = async () => {
    const response = await fetch(`${url}/readyz`);
    return { status: response.status, body: (await response.json()) as ReadyBody };
  };
  return { services, post, ready, close: async () => (await app.close(), await services.ingest.flush()) };
}

type Answer = Awaited<ReturnType<Awaited<ReturnType<typeof startBoundedServer>>['post']>>;

for (const backend of backends()) {
  describe(`backpressure on a slow database (${backend.name})`, () => {
    test('beyond the bound: 503 + Retry-After at once, the queue stays bounded, and all recovers', async (t) => {
      const testDb = await backend.create();
      // A long maxWaitMs: here only the count bound refuses, so the figures are exact.
      const server = await startBoundedServer(testDb.db, { maxPending: LIMIT, maxWaitMs: 120_000 });
      const release = await holdDatabase(testDb);
      let released = false;
      try {
        const answered: Answer[] = [];
        const firstWave = Array.from({ length: FIRST_WAVE }, (_, i) =>
          server.post(`first-${i}`).then((answer) => (answered.push(answer), answer)),
        );
        await until(() => answered.length >= FIRST_WAVE - LIMIT);
        assert.equal(answered.length, FIRST_WAVE - LIMIT, 'only requests beyond the bound were answered');
        for (const answer of answered) {
          assert.equal(answer.status, 503);
          assert.equal(answer.retryAfter, '5');
          assert.equal(answer.body.error?.code, 'database_unavailable');
          assert.match(answer.body.error?.message ?? '', /retry later/);
        }

        const secondWave = await Promise.all(
          Array.from({ length: SECOND_WAVE }, (_, i) => server.post(`second-${i}`)),
        );
        assert.deepEqual(new Set(secondWave.map((answer) => answer.status)), new Set([503]));
        const queue = server.services.ingest.queue();
        assert.equal(queue.waiting + queue.inBatch, LIMIT, 'the queue holds no more than its bound');

        const readiness = await server.ready();
        assert.equal(readiness.status, 503);
        assert.equal(readiness.body.status, 'not_ready');
        assert.equal(readiness.body.ingest.waiting + readiness.body.ingest.in_batch, LIMIT);
        assert.equal(readiness.body.ingest.max_pending, LIMIT);
        assert.equal(readiness.body.ingest.saturated, true);

        await release();
        released = true;
        const first = await Promise.all(firstWave);
        const acknowledged = first.filter((answer) => answer.status === 202).map((answer) => answer.id);
        assert.equal(acknowledged.length, LIMIT, 'every queued request committed once the lock was gone');
        assert.deepEqual(await storedIds(testDb.db), acknowledged.sort());

        const refused = [...first, ...secondWave].filter((answer) => answer.status !== 202);
        const retries: Answer[] = [];
        for (let start = 0; start < refused.length; start += LIMIT) {
          const chunk = refused.slice(start, start + LIMIT);
          retries.push(...(await Promise.all(chunk.map((answer) => server.post(answer.id)))));
        }
        assert.deepEqual(new Set(retries.map((answer) => answer.status)), new Set([202]));
        const slowestRefusal = Math.max(...refused.map((answer) => answer.ms));
        const all = [...first, ...secondWave].map((answer) => answer.id).sort();
        assert.deepEqual(await storedIds(testDb.db), all, 'each event stored exactly once');

        const recovered = await server.ready();
        assert.equal(recovered.status, 200);
        assert.equal(recovered.body.ingest.saturated, false);
        assert.equal(recovered.body.ingest.waiting, 0);
        t.diagnostic(
          `${refused.length} of ${FIRST_WAVE + SECOND_WAVE} refused while the queue held ${LIMIT}; ` +
            `slowest refusal ${slowestRefusal.toFixed(0)} ms`,
        );
      } finally {
        if (!released) await release().catch(() => undefined);
        await server.close();
        await testDb.drop().catch(() => undefined);
      }
    });

    test('a batch stuck past maxWaitMs: the waiting request is dropped and new ones fail fast', async () => {
      const testDb = await backend.create();
      const server = await startBoundedServer(testDb.db, { maxWaitMs: 1000 });
      const release = await holdDatabase(testDb);
      let released = false;
      try {
        const stuck = server.post('in-batch');
        await until(() => server.services.ingest.queue().inBatch === 1);
        const waiting = await server.post('waiting');
        assert.equal(waiting.status, 503);
        assert.match(waiting.body.error?.message ?? '', /without a turn/);
        await new Promise((resolve) => setTimeout(resolve, 200));
        const fresh = await server.post('fresh');
        assert.equal(fresh.status, 503, 'answered while the database is still held: it failed fast');
        assert.equal(fresh.retryAfter, '5');
        assert.match(fresh.body.error?.message ?? '', /writing the current batch/);
        const readiness = await server.ready();
        assert.equal(readiness.status, 503);
        assert.equal(readiness.body.ingest.saturated, true);

        await release();
        released = true;
        assert.equal((await stuck).status, 202, 'the request in the batch gets what the transaction did');
        assert.equal((await server.post('fresh')).status, 202);
        assert.equal((await server.post('waiting')).status, 202);
        assert.deepEqual(await storedIds(testDb.db), ['fresh', 'in-batch', 'waiting']);
      } finally {
        if (!released) await release().catch(() => undefined);
        await server.close();
        await testDb.drop().catch(() => undefined);
      }
    });
  });
}

async function storedIds(db: Db): Promise<string[]> {
  const rows = await db.query<{ external_id: string }>(
    'select external_id from deployments order by external_id collate "C"',
  );
  return rows.map((row) => row.external_id);
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
