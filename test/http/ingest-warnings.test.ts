/**
 * Events stored that will not count are named in the ingest answer (`warnings`), on every ingest
 * route: native, CloudEvents, webhooks (DevLake's API), and again under an Idempotency-Key replay.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const FULL_SHA = '3f786850e387550fdab836ed7e6dc881de23001b';
const OTHER_SHA = '89e6c98d92887913cadf06b2adb97f26cde4849b';

const deployment = (overrides: Record<string, unknown> = {}) => ({
  id: 'deploy-1',
  service: 'web',
  environment: 'production',
  status: 'success',
  finished_at: '2026-03-02T10:00:00Z',
  ...overrides,
});

const codes = (warnings: { code: string }[] | undefined) => (warnings ?? []).map((w) => w.code);

for (const backend of backends()) {
  describe(backend.name, () => {
    let testDb: TestDb;
    let server: TestServer;

    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db);
      const change = {
        repository: 'acme/web',
        sha: FULL_SHA,
        committed_at: '2026-03-01T10:00:00Z',
      };
      assert.equal((await server.post('/api/v1/changes', change)).status, 202);
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    test('a deployment that counts gets no warnings key', async () => {
      const response = await server.post(
        '/api/v1/deployments',
        deployment({ id: 'clean', commit: FULL_SHA }),
      );
      assert.equal(response.status, 202);
      assert.deepEqual(response.body, { accepted: 1, duplicates: 0 });
    });

    test('an environment outside the production pattern is named, with the pattern and the setting', async () => {
      const response = await server.post('/api/v1/deployments', [
        deployment({ id: 'prod-ok', finished_at: '2026-03-02T11:00:00Z' }),
        deployment({ id: 'prd-1', environment: 'prd', finished_at: '2026-03-02T12:00:00Z' }),
      ]);
      assert.equal(response.status, 202);
      assert.equal(response.body.accepted, 2);
      assert.equal(response.body.warnings.length, 1);
      const [warning] = response.body.warnings;
      assert.equal(warning.code, 'not_production');
      assert.equal(warning.kind, 'deployment');
      assert.equal(warning.index, 1);
      assert.equal(warning.id, 'prd-1');
      assert.match(warning.message, /"prd"/);
      assert.match(warning.message, /"\^prod"/);
      assert.match(warning.message, /production_pattern/);
      assert.match(warning.message, /PUT \/api\/v1\/settings/);
    });

    test('after the pattern is changed, the same environment counts and is not warned about', async () => {
      const put = await server.request('PUT', '/api/v1/settings', {
        json: { production_pattern: '^(prod|prd)' },
      });
      assert.equal(put.status, 200);
      try {
        const response = await server.post(
          '/api/v1/deployments',
          deployment({ id: 'prd-2', environment: 'prd' }),
        );
        assert.equal(response.status, 202);
        assert.equal(response.body.warnings, undefined);
      } finally {
        await server.request('PUT', '/api/v1/settings', { json: { production_pattern: '^prod' } });
      }
    });

    test('a short sha of a known commit is named with the full sha lead time needs', async () => {
      const response = await server.post(
        '/api/v1/deployments',
        deployment({ id: 'short', commit: FULL_SHA.slice(0, 7), finished_at: '2026-03-02T13:00:00Z' }),
      );
      assert.equal(response.status, 202);
      assert.deepEqual(codes(response.body.warnings), ['commit_abbreviated']);
      assert.match(response.body.warnings[0].message, new RegExp(FULL_SHA));
      assert.match(response.body.warnings[0].message, /full sha/);
    });

    test('a short sha of no known commit, and a full sha not known yet, are told apart', async () => {
      const response = await server.post('/api/v1/deployments', [
        deployment({ id: 'short-unknown', commit: 'abc1234', finished_at: '2026-03-02T14:00:00Z' }),
        deployment({ id: 'full-unknown', commit: OTHER_SHA, finished_at: '2026-03-02T15:00:00Z' }),
      ]);
      assert.deepEqual(codes(response.body.warnings), ['commit_abbreviated', 'commit_unknown']);
      assert.deepEqual(
        response.body.warnings.map((w: { index: number; id: string }) => [w.index, w.id]),
        [
          [0, 'short-unknown'],
          [1, 'full-unknown'],
        ],
      );
      assert.match(response.body.warnings[1].message, /not known yet|known yet/);
    });

    test('an incident with no service and no cause is named; one with a service is not', async () => {
      const response = await server.post('/api/v1/incidents', [
        { id: 'inc-service', service: 'web', started_at: '2026-03-02T16:00:00Z' },
        { id: 'inc-nothing', started_at: '2026-03-02T16:30:00Z' },
      ]);
      assert.equal(response.status, 202);
      assert.deepEqual(
        response.body.warnings.map((w: { code: string; index: number; id: string }) => [
          w.code,
          w.index,
          w.id,
        ]),
        [['incident_unattributed', 1, 'inc-nothing']],
      );
      assert.match(response.body.warnings[0].message, /service/);
    });

    test('an Idempotency-Key replay gives the same warnings again', async () => {
      const body = deployment({ id: 'keyed', environment: 'staging', finished_at: '2026-03-02T17:00:00Z' });
      const headers = { 'idempotency-key': 'warn-key-1' };
      const first = await server.request('POST', '/api/v1/deployments', { json: body, headers });
      const again = await server.request('POST', '/api/v1/deployments', { json: body, headers });
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(codes(first.body.warnings), ['not_production']);
      assert.deepEqual(again.body.warnings, first.body.warnings);
    });

    test('a CloudEvent (CDEvents service.deployed) to a non-production environment carries the warning', async () => {
      const cdevent = {
        context: {
          version: '0.4.1',
          id: 'ce-warn-1',
          source: '/ci/warnings',
          type: 'dev.cdevents.service.deployed.0.2.0',
          timestamp: '2026-03-02T18:00:00Z',
        },
        subject: {
          id: 'checkout',
          type: 'service',
          source: '/ci/warnings',
          content: { environment: { id: 'qa' }, artifactId: 'pkg:oci/checkout@sha256%3Aabc' },
        },
      };
      const response = await server.request('POST', '/api/v1/cloudevents', {
        body: JSON.stringify(cdevent),
        headers: {
          'content-type': 'application/json',
          'ce-specversion': '1.0',
          'ce-id': 'ce-warn-1',
          'ce-source': '/ci/warnings',
          'ce-type': 'dev.cdevents.service.deployed.0.2.0',
        },
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.status, 'stored');
      assert.deepEqual(codes(response.body.warnings), ['not_production']);
      assert.match(response.body.warnings[0].message, /"qa"/);
    });

    test("a DevLake deployment outside PRODUCTION is named as its source's choice", async () => {
      const response = await server.request('POST', '/api/plugins/webhook/1/deployments', {
        json: {
          id: 'devlake-staging',
          result: 'SUCCESS',
          environment: 'STAGING',
          startedDate: '2026-03-02T18:00:00Z',
          finishedDate: '2026-03-02T18:05:00Z',
          deploymentCommits: [{ repoUrl: 'https://github.com/acme/web', commitSha: FULL_SHA }],
        },
      });
      assert.equal(response.status, 200);
      assert.deepEqual(codes(response.body.warnings), ['not_production']);
      assert.match(response.body.warnings[0].message, /source marked it/);
    });

    test('GET /api/v1/events/warnings lists them newest first, worded as the answers were', async () => {
      const response = await server.get('/api/v1/events/warnings?limit=2');
      assert.equal(response.status, 200);
      assert.deepEqual(
        response.body.items.map((w: { code: string; source: string; id: string }) => [
          w.code,
          w.source,
          w.id,
        ]),
        [
          ['not_production', 'devlake', '1/devlake-staging'],
          ['not_production', 'cdevents', '/ci/warnings ce-warn-1'],
        ],
      );
      assert.match(response.body.items[0].message, /source marked it/);
      assert.match(response.body.items[0].received_at, /^\d{4}-\d\d-\d\dT/);
      const bad = await server.get('/api/v1/events/warnings?limit=0');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.field, 'limit');
    });

    test('a request is told at most 100 warnings, and the recorded ones stay bounded', async () => {
      const many = Array.from({ length: 2100 }, (_, n) =>
        deployment({ id: `bulk-${n}`, environment: 'qa', finished_at: '2026-03-03T10:00:00Z' }),
      );
      const first = await server.post('/api/v1/deployments', many);
      assert.equal(first.status, 202);
      assert.equal(first.body.accepted, 2100);
      assert.equal(first.body.warnings.length, 100);
      const next = await server.post(
        '/api/v1/deployments',
        deployment({ id: 'bulk-last', environment: 'qa' }),
      );
      assert.equal(next.body.warnings[0].id, 'bulk-last');
      const rows = await testDb.db.query<{ n: number }>('select count(*)::int as n from ingest_warnings');
      const n = rows[0]!.n;
      assert.ok(n >= 2000 && n <= 2001, `${n} rows kept`);
      const newest = await server.get('/api/v1/events/warnings?limit=1');
      assert.equal(newest.body.items[0].id, 'bulk-last');
    });
  });
}
