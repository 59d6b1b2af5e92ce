/**
 * GitHub deliveries over a listening server: every captured example of the events we read, signed;
 * form-encoded bodies; secret rotation; a missing secret; and replay of the stored deliveries
 * giving the same rows.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sign } from '@octokit/webhooks-methods';
import { replay } from '../../src/service/ingest/replay.ts';
import { backends, type TestDb } from '../helpers/backends.ts';
import { EXAMPLES, USED_EVENTS } from '../helpers/github-examples.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const SECRET = 'gh-secret';

const deliver = async (
  server: TestServer,
  event: string,
  body: string,
  secret = SECRET,
  type = 'application/json',
) =>
  server.request('POST', '/api/v1/webhooks/github', {
    headers: {
      'content-type': type,
      'x-github-event': event,
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': await sign(secret, body),
    },
    body,
  });

const rowCounts = async (testDb: TestDb) =>
  testDb.db.query<{ changes: number; deployments: number; incidents: number }>(
    `select (select count(*)::int from changes) as changes, (select count(*)::int from deployments) as deployments,
            (select count(*)::int from incidents) as incidents`,
  );

for (const backend of backends()) {
  describe(`GitHub webhooks (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db, {
        webhooks: {
          github: {
            secrets: [SECRET, 'old-secret'],
            options: {
              deploymentWorkflows: ['*'],
              releasesAsDeployments: true,
              incidentLabels: ['bug', 'incident'],
            },
          },
        },
      });
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    test('every @octokit/webhooks-examples payload of the events we read is accepted, none a 5xx', async () => {
      let delivered = 0;
      for (const definition of EXAMPLES.filter(({ name }) => USED_EVENTS.includes(name))) {
        for (const example of definition.examples) {
          const response = await deliver(server, definition.name, JSON.stringify(example));
          assert.ok(
            response.status === 200 || response.status === 202,
            `${definition.name}: ${JSON.stringify(response.body)}`,
          );
          delivered += 1;
        }
      }
      assert.ok(delivered >= 90, `only ${delivered} examples`);
      const [counts] = await rowCounts(testDb);
      assert.ok(counts && counts.changes > 0 && counts.deployments > 0, JSON.stringify(counts));
    });

    test('replaying the stored deliveries gives the same rows and changes nothing', async () => {
      const before = await rowCounts(testDb);
      const summary = await replay(testDb.db, server.services.parseRaw, { source: 'github' });
      assert.ok(summary.seen >= 90, JSON.stringify(summary));
      assert.equal(summary.unchanged, summary.seen, JSON.stringify(summary));
      assert.deepEqual(await rowCounts(testDb), before);
    });

    test('a form-encoded delivery is verified over its bytes and read from its payload field', async () => {
      const payload = {
        action: 'created',
        deployment_status: {
          id: 5,
          state: 'failure',
          created_at: '2026-03-03T10:00:00Z',
          environment: 'production',
        },
        deployment: {
          id: 77,
          sha: 'ab'.repeat(20),
          ref: 'main',
          environment: 'production',
          created_at: '2026-03-03T09:00:00Z',
        },
        repository: { full_name: 'acme/form', name: 'form' },
      };
      const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
      const response = await deliver(
        server,
        'deployment_status',
        body,
        SECRET,
        'application/x-www-form-urlencoded',
      );
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const rows = await testDb.db.query(
        `select service, status from deployments where external_id = 'acme/form/deployments/77'`,
      );
      assert.deepEqual(rows, [{ service: 'form', status: 'failure' }]);
    });

    test('during a rotation the old secret still verifies', async () => {
      const response = await deliver(
        server,
        'ping',
        JSON.stringify({ zen: 'Keep it simple.', hook_id: 1 }),
        'old-secret',
      );
      assert.equal(response.status, 202, JSON.stringify(response.body));
      assert.match(response.body.ignored, /ping/);
    });

    test('a re-delivery with the same X-GitHub-Delivery is a duplicate', async () => {
      const body = JSON.stringify({ zen: 'Once.', hook_id: 2 });
      const headers = {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-github-delivery': 'fixed-delivery-id',
        'x-hub-signature-256': await sign(SECRET, body),
      };
      const first = await server.request('POST', '/api/v1/webhooks/github', { headers, body });
      const second = await server.request('POST', '/api/v1/webhooks/github', { headers, body });
      assert.equal(first.body.status, 'stored');
      assert.equal(second.body.status, 'duplicate');
    });
  });

  describe(`GitHub webhooks without a secret (${backend.name})`, () => {
    test('are refused with a 401 that says what to set, unless bearer tokens are trusted', async () => {
      const testDb = await backend.create();
      const refusing = await startServer(testDb.db, { adminToken: 'admin-token' });
      const trusting = await startServer(testDb.db, {
        adminToken: 'admin-token',
        webhooks: { github: { trust_bearer: true } },
      });
      try {
        const body = JSON.stringify({ zen: 'Hi.', hook_id: 3 });
        const headers = {
          'content-type': 'application/json',
          'x-github-event': 'ping',
          'x-github-delivery': randomUUID(),
        };
        const refused = await refusing.request('POST', '/api/v1/webhooks/github', {
          headers,
          body,
          token: 'admin-token',
        });
        assert.equal(refused.status, 401);
        assert.equal(refused.body.error.code, 'unauthorized');
        assert.match(refused.body.error.message, /FIVEKEYS_GITHUB_WEBHOOK_SECRET/);
        const anonymous = await trusting.request('POST', '/api/v1/webhooks/github', { headers, body });
        assert.equal(anonymous.status, 401);
        const withToken = await trusting.request('POST', '/api/v1/webhooks/github', {
          headers,
          body,
          token: 'admin-token',
        });
        assert.equal(withToken.status, 202, JSON.stringify(withToken.body));
        const viaQuery = await trusting.request('POST', '/api/v1/webhooks/github?access_token=admin-token', {
          headers: { ...headers, 'x-github-delivery': randomUUID() },
          body,
        });
        assert.equal(viaQuery.status, 202, JSON.stringify(viaQuery.body));
        const status = await trusting.get('/api/v1/webhooks', 'admin-token');
        const github = status.body.sources.find((source: { source: string }) => source.source === 'github');
        assert.equal(github.accepting, true);
        assert.equal(github.authentication, 'token');
        assert.equal(github.deliveries.count, 2);
        assert.deepEqual(
          github.rejections.map((row: { reason: string; count: number }) => [row.reason, row.count]),
          [['unauthorized', 2]],
        );
      } finally {
        await refusing.close();
        await trusting.close();
        await testDb.drop();
      }
    });
  });
}
