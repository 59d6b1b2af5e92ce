/**
 * Secrets and tokens never reach the logs, whatever route or failure they travel through; names and
 * filters full of SQL metacharacters are data, stored and matched verbatim.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const ADMIN = 'admin-secret-9f8e7d6c5b4a';
const GITHUB_SECRET = 'github-webhook-secret-1a2b3c';
const USER_PASSWORD = 'user-password-never-logged';
const TRICKY = `x'); drop table deployments; -- "\\ %_ ${'$'}1`;

for (const backend of backends()) {
  describe(backend.name, () => {
    let testDb: TestDb;
    let server: TestServer;
    let logs = '';
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db, {
        auth: 'required',
        adminToken: ADMIN,
        adminUsername: 'ops',
        adminPassword: USER_PASSWORD,
        webhooks: { github: { secrets: [GITHUB_SECRET] } },
        server: { logLevel: 'debug', logStream: { write: (line: string) => void (logs += line) } },
      });
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    test('no token, password or webhook secret appears in the log', async () => {
      const created = (
        await server.post('/api/v1/tokens', { name: 'logged', scopes: ['ingest', 'read'] }, ADMIN)
      ).body;
      const token = created.token as string;
      await server.get('/api/v1/metrics', token);
      await fetch(`${server.url}/api/v1/cloudevents?access_token=${token}`, { method: 'POST', body: '{' });
      await fetch(`${server.url}/api/v1/metrics`, {
        headers: { authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` },
      });
      await server.post('/api/v1/auth/token', { username: 'ops', password: USER_PASSWORD });
      await server.post('/api/v1/auth/token', { username: 'ops', password: `${USER_PASSWORD}-wrong` });
      const body = JSON.stringify({ zen: 'hi', hook_id: 1 });
      const signature = `sha256=${createHmac('sha256', GITHUB_SECRET).update(body).digest('hex')}`;
      await fetch(`${server.url}/api/v1/webhooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'ping',
          'x-github-delivery': 'd-1',
          'x-hub-signature-256': signature,
        },
        body,
      });
      await fetch(`${server.url}/api/v1/tokens/${created.id}/rotate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      assert.ok(logs.length > 1000, 'requests were logged');
      // fk_<id>_<secret>; the secret is base64url and may itself hold '_'.
      const secret = token.split('_').slice(2).join('_');
      for (const leaked of [ADMIN, token, secret, USER_PASSWORD, GITHUB_SECRET, signature.slice(7)]) {
        assert.ok(!logs.includes(leaked), `the log holds ${leaked.slice(0, 12)}…`);
      }
    });

    test('a token in the query is redacted whatever the encoding of its name', async () => {
      const created = (
        await server.post('/api/v1/tokens', { name: 'query-logged', scopes: ['ingest'] }, ADMIN)
      ).body;
      const token = created.token as string;
      const secret = token.split('_').slice(2).join('_');
      const encoded = [...token].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
      const queries = [
        `access%5Ftoken=${token}`,
        `%61ccess_token=${token}`,
        `%61%63%63%65%73%73%5f%74%6f%6b%65%6e=${token}`,
        `x=1&access%5ftoken=${encoded}&y=2`,
        `access_token=${token}&access_token=${token}`,
        `ACCESS_TOKEN=${token}`,
      ];
      for (const query of queries) {
        const response = await fetch(`${server.url}/api/v1/cloudevents?${query}`, {
          method: 'POST',
          body: '{',
        });
        // Past authentication (the token was accepted): refused for its body, not its credentials.
        if (!query.startsWith('ACCESS')) assert.notEqual(response.status, 401, query);
      }
      for (const leaked of [token, secret, encoded, encoded.slice(encoded.length - 30)]) {
        assert.ok(!logs.includes(leaked), `the log holds ${leaked.slice(0, 12)}…`);
      }
      assert.match(logs, /access_token=%5Bredacted%5D|access_token=\[redacted\]/);
    });

    test('names and filters with SQL metacharacters are stored and matched as data', async () => {
      const deployment = {
        id: TRICKY,
        service: TRICKY,
        environment: 'production',
        status: 'success',
        finished_at: '2026-03-02T10:00:00Z',
        team: TRICKY,
      };
      assert.equal((await server.post('/api/v1/deployments', deployment, ADMIN)).status, 202);
      const window = 'from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00Z';
      const exact = await server.get(
        `/api/v1/deployments?${window}&service=${encodeURIComponent(TRICKY)}`,
        ADMIN,
      );
      assert.equal(exact.status, 200);
      assert.deepEqual(
        exact.body.items.map((row: { id: string; service: string }) => [row.id, row.service]),
        [[TRICKY, TRICKY]],
      );
      for (const filter of [`' or '1'='1`, `%`, `_`, `x') or true --`]) {
        const none = await server.get(
          `/api/v1/deployments?${window}&service=${encodeURIComponent(filter)}`,
          ADMIN,
        );
        assert.equal(none.status, 200);
        assert.equal(none.body.items.length, 0, `service=${filter}`);
        const metrics = await server.get(
          `/api/v1/metrics?${window}&team=${encodeURIComponent(filter)}`,
          ADMIN,
        );
        assert.equal(metrics.status, 200);
        assert.equal(metrics.body.deployment_frequency.count, 0);
      }
      const byService = await server.get(
        `/api/v1/metrics?${window}&service=${encodeURIComponent(TRICKY)}`,
        ADMIN,
      );
      assert.equal(byService.body.deployment_frequency.count, 1);
      assert.equal((await testDb.db.query('select count(*)::int as n from deployments'))[0]!.n, 1);
    });
  });
}
