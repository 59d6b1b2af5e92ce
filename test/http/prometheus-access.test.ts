/**
 * `GET /metrics` around the numbers: the cache shared by concurrent scrapes, who may scrape, and
 * the process metrics the ingest service feeds, the database down included.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Db } from '../../src/store/db.ts';
import { backends, type TestDb } from '../helpers/backends.ts';
import { sampleKey as key, scrape } from '../helpers/exposition.ts';
import { startServer } from '../helpers/server.ts';

const recent = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
const SHOP = { service: 'shop', environment: 'production', team: '', application: '' };

function countingDb(db: Db) {
  let queries = 0;
  return {
    db: { ...db, query: ((sql, params) => (queries++, db.query(sql, params))) as Db['query'] },
    queries: () => queries,
  };
}

for (const backend of backends()) {
  describe(`GET /metrics cache (${backend.name})`, () => {
    test('a refresh is shared: within the interval nothing is queried, then one set of queries for all', async () => {
      const testDb = await backend.create();
      const counting = countingDb(testDb.db);
      const server = await startServer(counting.db, { auth: 'off', metricsCacheSeconds: 1 });
      const deploy = (id: string) =>
        server.post('/api/v1/deployments', {
          id,
          service: 'shop',
          environment: 'production',
          status: 'success',
          finished_at: recent(1),
        });
      const counter = async () =>
        (await scrape(server)).samples().get(key('dora_deployment_frequency_total', SHOP));
      try {
        await deploy('d1');
        let queriesBefore = counting.queries();
        assert.equal(await counter(), 1);
        const perRefresh = counting.queries() - queriesBefore;
        assert.ok(perRefresh > 0);

        await deploy('d2');
        queriesBefore = counting.queries();
        assert.equal(await counter(), 1, 'served from the cache');
        assert.equal(counting.queries(), queriesBefore);

        await new Promise((resolve) => setTimeout(resolve, 1100));
        queriesBefore = counting.queries();
        const values = await Promise.all([counter(), counter(), counter(), counter(), counter()]);
        assert.deepEqual(values, [2, 2, 2, 2, 2]);
        assert.equal(counting.queries() - queriesBefore, perRefresh, 'five concurrent scrapes, one refresh');
      } finally {
        await server.close();
        await testDb.drop();
      }
    });
  });

  describe(`GET /metrics access (${backend.name})`, () => {
    let testDb: TestDb;
    before(async () => {
      testDb = await backend.create();
    });
    after(() => testDb?.drop());

    test('with a metrics token, exactly that bearer token opens it', async () => {
      const server = await startServer(testDb.db, {
        adminToken: 'admin-secret',
        metricsToken: 'scrape-secret',
      });
      try {
        assert.equal((await scrape(server)).status, 401);
        assert.equal((await scrape(server, 'scrape-secre')).status, 401);
        assert.equal((await scrape(server, 'admin-secret')).status, 401);
        const ok = await scrape(server, 'scrape-secret');
        assert.equal(ok.status, 200);
        assert.match(ok.text, /# TYPE dora_deployment_frequency_total counter/);
      } finally {
        await server.close();
      }
    });

    test('without one, it needs the read scope once authentication is on, and is open when it is off', async () => {
      const server = await startServer(testDb.db, { adminToken: 'admin-secret' });
      try {
        const token = async (scopes: string[]) =>
          (await server.post('/api/v1/tokens', { name: scopes.join('+'), scopes }, 'admin-secret')).body
            .token as string;
        assert.equal((await scrape(server)).status, 401);
        assert.equal((await scrape(server, await token(['ingest']))).status, 403);
        assert.equal((await scrape(server, await token(['read']))).status, 200);
      } finally {
        await server.close();
      }
      const open = await startServer(testDb.db, { auth: 'off' });
      try {
        assert.equal((await scrape(open)).status, 200);
      } finally {
        await open.close();
      }
    });
  });

  describe(`ingest metrics (${backend.name})`, () => {
    test('requests are counted by source and outcome, batches by size; the database down leaves process metrics', async () => {
      const testDb = await backend.create();
      const server = await startServer(testDb.db, { auth: 'off' });
      const deployment = {
        service: 'shop',
        environment: 'production',
        status: 'success',
        finished_at: recent(1),
      };
      try {
        assert.equal((await server.post('/api/v1/deployments', deployment)).status, 202);
        assert.equal((await server.post('/api/v1/deployments', deployment)).status, 202);
        const keyed = { json: { ...deployment, id: 'k' }, headers: { 'idempotency-key': 'once' } };
        assert.equal((await server.request('POST', '/api/v1/deployments', keyed)).status, 202);
        assert.equal((await server.request('POST', '/api/v1/deployments', keyed)).status, 202);
        assert.equal(
          (
            await server.post('/api/v1/changes', {
              repository: 'a/b',
              sha: 'abc123',
              committed_at: recent(2),
            })
          ).status,
          202,
        );
        await testDb.db.close();
        assert.equal((await server.post('/api/v1/deployments', { ...deployment, id: 'late' })).status, 503);

        const { status, samples } = await scrape(server);
        assert.equal(status, 200);
        const all = samples();
        const requests = (source: string, outcome: string) =>
          all.get(key('fivekeys_ingest_requests_total', { source, outcome }));
        assert.equal(requests('api/deployments', 'stored'), 2);
        assert.equal(requests('api/deployments', 'duplicate'), 2);
        assert.equal(requests('api/deployments', 'rejected'), 1);
        assert.equal(requests('api/changes', 'stored'), 1);
        assert.ok((all.get('fivekeys_ingest_batch_size_count{}') ?? 0) >= 6);
        assert.equal(
          all.get('fivekeys_ingest_batch_size_bucket{le=+Inf}'),
          all.get('fivekeys_ingest_batch_size_count{}'),
        );
        assert.equal(all.get('fivekeys_dora_refresh_failures_total{}'), 1);
        assert.equal([...all.keys()].filter((k) => k.startsWith('dora_')).length, 0);
      } finally {
        await server.close();
        await testDb.drop().catch(() => undefined);
      }
    });
  });
}
