/**
 * Idempotency-Key (Stripe's rule): scoped to the token, tied to the body. The same token, key and
 * body get the first answer again; another body under the key is a 422; another token's key of
 * the same name is its own. Concurrent requests with one key store once and never fail with a 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestResponse, type TestServer } from '../helpers/server.ts';

const ADMIN = 'idempotency-admin-token';

const deployment = (id: string, service = 'idem') => ({
  id,
  service,
  environment: 'production',
  status: 'success',
  finished_at: '2026-03-02T10:00:00Z',
});

for (const backend of backends()) {
  describe(`Idempotency-Key (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    let replica: TestServer;
    let open: TestServer;
    let tokenA: string;
    let tokenB: string;

    const count = async (sql: string, params: unknown[] = []): Promise<number> => {
      const rows = await testDb.db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params);
      return rows[0]!.n;
    };
    const keyed = (target: TestServer, key: string, json: unknown, token?: string) =>
      target.request('POST', '/api/v1/deployments', {
        json,
        headers: { 'idempotency-key': key },
        ...(token ? { token } : {}),
      });
    const assertReused = (response: TestResponse) => {
      assert.equal(response.status, 422, JSON.stringify(response.body));
      assert.equal(response.body.error.code, 'idempotency_key_reused');
      assert.equal(response.body.error.field, 'Idempotency-Key');
    };

    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db, { auth: 'required', adminToken: ADMIN });
      // A second process on the same database: its transactions race the first one's.
      replica = await startServer(testDb.db, { auth: 'required', adminToken: ADMIN });
      open = await startServer(testDb.db, { auth: 'off' });
      const create = async (name: string) =>
        (await server.post('/api/v1/tokens', { name, scopes: ['ingest'] }, ADMIN)).body.token as string;
      tokenA = await create('sender-a');
      tokenB = await create('sender-b');
    });
    after(async () => {
      await open.close();
      await replica.close();
      await server.close();
      await testDb.drop();
    });

    test('the same token, key and body get the recorded answer again, stored once', async () => {
      const json = [deployment('replay-1'), deployment('replay-2')];
      const first = await keyed(server, 'replay-key', json, tokenA);
      assert.equal(first.status, 202);
      assert.deepEqual(first.body, { accepted: 2, duplicates: 0 });
      assert.equal(first.headers.get('idempotent-replayed'), null);
      const again = await keyed(server, 'replay-key', json, tokenA);
      assert.equal(again.status, 202);
      assert.deepEqual(again.body, first.body);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(await count(`raw_requests where headers->>'idempotency-key' = 'replay-key'`), 1);
      assert.equal(await count(`deployments where external_id like 'replay-%'`), 2);
    });

    test('another token posting under the same key stores its own deployment', async () => {
      assert.deepEqual((await keyed(server, 'shared-key', deployment('from-a'), tokenA)).body, {
        accepted: 1,
        duplicates: 0,
      });
      const fromB = await keyed(server, 'shared-key', deployment('from-b'), tokenB);
      assert.equal(fromB.status, 202);
      assert.deepEqual(fromB.body, { accepted: 1, duplicates: 0 });
      assert.equal(await count(`deployments where external_id in ('from-a', 'from-b')`), 2);
    });

    test('open mode and a token do not share keys', async () => {
      assert.equal((await keyed(server, 'mode-key', deployment('mode-token'), ADMIN)).body.accepted, 1);
      const anonymous = await keyed(open, 'mode-key', deployment('mode-open'));
      assert.deepEqual(anonymous.body, { accepted: 1, duplicates: 0 });
      assert.equal(await count(`deployments where external_id in ('mode-token', 'mode-open')`), 2);
    });

    test('the same key with another body is refused, and the new body is not stored', async () => {
      assert.equal((await keyed(server, 'reused-key', deployment('reused-1'), tokenA)).status, 202);
      assertReused(await keyed(server, 'reused-key', deployment('reused-2'), tokenA));
      assert.equal(await count(`deployments where external_id = 'reused-2'`), 0);
      // The first body still gets its answer.
      const replayed = await keyed(server, 'reused-key', deployment('reused-1'), tokenA);
      assert.deepEqual(replayed.body, { accepted: 1, duplicates: 0 });
    });

    test('concurrent requests with one key and body store once and all get the same answer', async () => {
      const json = deployment('race-same');
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => keyed(i % 2 ? replica : server, 'race-same', json, tokenA)),
      );
      for (const answer of answers) {
        assert.equal(answer.status, 202, JSON.stringify(answer.body));
        assert.deepEqual(answer.body, { accepted: 1, duplicates: 0 });
      }
      assert.equal(answers.filter((a) => a.headers.get('idempotent-replayed') === null).length, 1);
      assert.equal(await count(`raw_requests where headers->>'idempotency-key' = 'race-same'`), 1);
    });

    test('concurrent requests with one key and different bodies: one is stored, the others refused', async () => {
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          keyed(i % 2 ? replica : server, 'race-other', deployment(`race-other-${i}`), tokenA),
        ),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      assert.deepEqual(statuses, [202, ...Array<number>(11).fill(422)], JSON.stringify(statuses));
      answers.filter((answer) => answer.status === 422).forEach(assertReused);
      assert.equal(await count(`deployments where external_id like 'race-other-%'`), 1);
    });

    test('a key is remembered for a day: then another body under it is a new request', async () => {
      assert.equal((await keyed(server, 'day-key', deployment('day-1'), tokenA)).status, 202);
      assertReused(await keyed(server, 'day-key', deployment('day-2'), tokenA));
      await testDb.db.query(
        `update idempotency_keys set created_at = now() - interval '25 hours' where key = 'day-key'`,
      );
      const later = await keyed(server, 'day-key', deployment('day-2'), tokenA);
      assert.equal(later.status, 202, JSON.stringify(later.body));
      assert.deepEqual(later.body, { accepted: 1, duplicates: 0 });
      // The key now holds the new body and its answer.
      const again = await keyed(server, 'day-key', deployment('day-2'), tokenA);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assertReused(await keyed(server, 'day-key', deployment('day-1'), tokenA));
    });

    test('expired keys are removed as new keys are claimed, so the table holds about a day', async () => {
      await testDb.db.query(
        `insert into idempotency_keys (principal, endpoint, key, body_sha256, created_at)
         select 'old', 'api/deployments', 'old-' || n, 'x', now() - interval '2 days'
           from generate_series(1, 300) n`,
      );
      const old = `idempotency_keys where principal = 'old'`;
      assert.equal((await keyed(server, 'prune-1', deployment('prune-1'), tokenA)).status, 202);
      assert.equal(await count(old), 100, 'at most 200 expired keys go per claiming transaction');
      assert.equal((await keyed(server, 'prune-2', deployment('prune-2'), tokenA)).status, 202);
      assert.equal(await count(old), 0);
      assert.equal(await count(`idempotency_keys where key in ('prune-1', 'prune-2')`), 2);
    });

    test('a key over 255 characters is a 400 naming the header', async () => {
      const long = await keyed(server, 'k'.repeat(3000), deployment('long-key'), tokenA);
      assert.equal(long.status, 400, JSON.stringify(long.body));
      assert.equal(long.body.error.field, 'Idempotency-Key');
      assert.equal(await count(`deployments where external_id = 'long-key'`), 0);
      assert.equal((await keyed(server, 'k'.repeat(255), deployment('long-key'), tokenA)).status, 202);
    });
  });
}
