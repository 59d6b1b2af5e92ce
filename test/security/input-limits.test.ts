/**
 * Values longer than the database can index, absurd numbers and odd asset paths are the sender's
 * mistake: a 4xx naming what to fix, never a 500. A btree index row holds at most ~2.7 KB; random
 * text does not compress below that (repeated characters would, and hide the bug).
 */
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestResponse, type TestServer } from '../helpers/server.ts';

const ADMIN = 'input-limits-admin-token';
const GITHUB_SECRET = 'input-limits-github-secret';
const random = (length: number) => randomBytes(length).toString('base64url').slice(0, length);

function assertRefused(response: TestResponse, field: string): void {
  assert.equal(response.status, 400, JSON.stringify(response.body));
  assert.equal(response.body.error.field, field);
}

const cdevent = (id: string, service = 'limits') => ({
  context: {
    specversion: '0.5.1',
    id,
    source: '/ci/argo',
    type: 'dev.cdevents.service.deployed.0.3.0',
    timestamp: '2026-03-02T10:00:00Z',
  },
  subject: { id: service, content: { environment: { id: 'production' }, artifactId: 'pkg:oci/limits@v1' } },
});

const structured = (id: string) => ({
  specversion: '1.0',
  id,
  source: '/ci/argo',
  type: 'dev.cdevents.service.deployed.0.3.0',
  time: '2026-03-02T10:00:00Z',
  datacontenttype: 'application/json',
  data: cdevent('cd-1'),
});

for (const backend of backends()) {
  describe(`input limits (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;

    before(async () => {
      const dashboard = mkdtempSync(join(tmpdir(), 'fivekeys-limits-dashboard-'));
      mkdirSync(join(dashboard, 'assets'));
      writeFileSync(join(dashboard, 'index.html'), '<div id="app"></div>');
      writeFileSync(join(dashboard, 'assets', 'index-abcdefgh.js'), 'export {};');
      testDb = await backend.create();
      server = await startServer(testDb.db, {
        auth: 'required',
        adminToken: ADMIN,
        dashboardDir: dashboard,
        webhooks: { github: { secrets: [GITHUB_SECRET] } },
      });
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    test('a login with a username of 3,000 characters is a 400 naming the username', async () => {
      assertRefused(
        await server.post('/api/v1/auth/token', { username: random(3000), password: 'wrong-password' }),
        'username',
      );
    });

    test('a token living 1e15 seconds is a 400 naming expires_in_seconds', async () => {
      const body = { name: 'forever', scopes: ['read'], expires_in_seconds: 1e15 };
      assertRefused(await server.post('/api/v1/tokens', body, ADMIN), 'expires_in_seconds');
      const tenYears = { ...body, expires_in_seconds: 10 * 365 * 86_400 };
      assert.equal((await server.post('/api/v1/tokens', tenYears, ADMIN)).status, 201);
    });

    test('odd asset paths are 400 or 404, never 500', async () => {
      for (const path of [
        '/assets/..%5cx',
        '/assets/..%00/x',
        '/assets/%00',
        '/assets/x%5c..%5c..%5cindex.html',
      ]) {
        const response = await fetch(server.url + path);
        assert.ok([400, 404].includes(response.status), `${path}: ${response.status}`);
        assert.match(response.headers.get('content-type') ?? '', /json/, path);
      }
      assert.equal((await fetch(`${server.url}/assets/index-abcdefgh.js`)).status, 200);
    });

    test('a CloudEvent id of 3,000 characters is a 400 naming it, in every mode', async () => {
      const id = random(3000);
      assertRefused(
        await server.request('POST', '/api/v1/cloudevents', {
          json: structured(id),
          token: ADMIN,
          headers: { 'content-type': 'application/cloudevents+json' },
        }),
        'id',
      );
      assertRefused(
        await server.request('POST', '/api/v1/cloudevents', {
          json: cdevent('cd-2'),
          token: ADMIN,
          headers: {
            'ce-specversion': '1.0',
            'ce-id': id,
            'ce-source': '/ci/argo',
            'ce-type': 'dev.cdevents.service.deployed.0.3.0',
          },
        }),
        'ce-id',
      );
      const batch = await server.request('POST', '/api/v1/cloudevents', {
        json: [structured(id), structured('short-id')],
        token: ADMIN,
        headers: { 'content-type': 'application/cloudevents-batch+json' },
      });
      assert.ok(batch.status < 500, JSON.stringify(batch.body));
      assert.deepEqual(
        batch.body.results.map((r: { status: string; error?: { field?: string } }) => [
          r.status,
          r.error?.field,
        ]),
        [
          ['rejected', '[0].id'],
          ['stored', undefined],
        ],
      );
    });

    test('any other value too long to index is a 400, not a 500: a CDEvent service name', async () => {
      const response = await server.request('POST', '/api/v1/cloudevents', {
        json: { ...structured('long-service'), data: cdevent('cd-3', random(3000)) },
        token: ADMIN,
        headers: { 'content-type': 'application/cloudevents+json' },
      });
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(response.body.error.code, 'invalid_payload');
      // Whatever else shared its transaction is stored.
      const other = await server.request('POST', '/api/v1/cloudevents', {
        json: structured('after-long-service'),
        token: ADMIN,
        headers: { 'content-type': 'application/cloudevents+json' },
      });
      assert.equal(other.status, 200, JSON.stringify(other.body));
    });

    test('a GitHub delivery id of 3,000 characters is a 400, not a 500', async () => {
      const body = JSON.stringify({ zen: 'hi', hook_id: 1 });
      const response = await fetch(`${server.url}/api/v1/webhooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'ping',
          'x-github-delivery': random(3000),
          'x-hub-signature-256': `sha256=${createHmac('sha256', GITHUB_SECRET).update(body).digest('hex')}`,
        },
        body,
      });
      assert.equal(response.status, 400, await response.text());
    });

    test('a CloudEvent source of 3,000 characters is a 400 naming it', async () => {
      assertRefused(
        await server.request('POST', '/api/v1/cloudevents', {
          json: { ...structured('long-source'), source: `/${random(3000)}` },
          token: ADMIN,
          headers: { 'content-type': 'application/cloudevents+json' },
        }),
        'source',
      );
    });
  });
}
