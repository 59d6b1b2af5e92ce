/**
 * The admin routes the CLI uses while a server holds the data folder, over real HTTP on each
 * backend: users, replay, the NDJSON export, rebuilt webhook deliveries and importer cursors. Each
 * needs the admin scope once auth is on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const ADMIN = 'admin-routes-token-0123456789abcdef';

const deployment = (id: string, finished_at: string) => ({
  id,
  service: 'shop',
  environment: 'production',
  status: 'success',
  finished_at,
});

for (const backend of backends()) {
  describe(backend.name, () => {
    let testDb: TestDb;
    let server: TestServer;
    let read: string;
    const admin = (method: string, path: string, json?: unknown) =>
      server.request(method, path, { token: ADMIN, ...(json === undefined ? {} : { json }) });

    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db, { adminToken: ADMIN });
      const created = await admin('POST', '/api/v1/tokens', { name: 'reader', scopes: ['read', 'ingest'] });
      read = created.body.token;
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    test('users are added, listed, given a new password and removed; a read token may not', async () => {
      const body = { username: 'alice', password: 'correct horse battery', scopes: ['read'] };
      assert.equal((await server.request('POST', '/api/v1/users', { json: body, token: read })).status, 403);
      assert.equal((await admin('POST', '/api/v1/users', body)).status, 201);
      assert.equal((await admin('POST', '/api/v1/users', body)).status, 400);
      const listed = await admin('GET', '/api/v1/users');
      assert.deepEqual(
        listed.body.users.map((u: { username: string; scopes: string[] }) => [u.username, u.scopes]),
        [['alice', ['read']]],
      );
      assert.equal(listed.body.users[0].password_hash, undefined);
      const login = (password: string) =>
        server.request('POST', '/api/v1/auth/token', { json: { username: 'alice', password } });
      assert.equal(
        (await admin('PUT', '/api/v1/users/alice/password', { password: 'another long secret' })).status,
        204,
      );
      assert.equal((await login('correct horse battery')).status, 401);
      assert.equal((await login('another long secret')).status, 201);
      assert.equal((await admin('PUT', '/api/v1/users/alice/password', { password: 'short' })).status, 400);
      assert.equal((await admin('DELETE', '/api/v1/users/alice')).status, 204);
      assert.equal((await admin('DELETE', '/api/v1/users/alice')).status, 404);
    });

    test('replay answers the summary of a replay run on the server', async () => {
      const posted = await server.post(
        '/api/v1/deployments',
        [deployment('r1', '2026-03-02T10:00:00Z')],
        read,
      );
      assert.equal(posted.status, 202);
      assert.equal((await server.request('POST', '/api/v1/replay', { json: {}, token: read })).status, 403);
      const all = await admin('POST', '/api/v1/replay', { source: 'api/deployments' });
      assert.equal(all.status, 200);
      assert.equal(all.body.seen, 1);
      assert.equal(all.body.unchanged, 1);
      const forced = await admin('POST', '/api/v1/replay', { source: 'api', force: true });
      assert.equal(forced.body.remapped, forced.body.seen);
      const later = await admin('POST', '/api/v1/replay', { since: '2999-01-01T00:00:00Z' });
      assert.equal(later.body.seen, 0);
      assert.equal((await admin('POST', '/api/v1/replay', { since: 'yesterday' })).status, 400);
    });

    test('the NDJSON export streams what import ndjson reads back, in a range', async () => {
      await server.post('/api/v1/deployments', [deployment('e1', '2026-04-02T10:00:00Z')], read);
      const response = await fetch(`${server.url}/api/v1/export/ndjson?from=2026-04-01T00:00:00Z`, {
        headers: { authorization: `Bearer ${read}` },
      });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /application\/x-ndjson/);
      const lines = (await response.text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      assert.deepEqual(
        lines.map((line) => [line.type, line.id]),
        [['deployment', 'e1']],
      );
      const unauthenticated = await fetch(`${server.url}/api/v1/export/ndjson`);
      assert.equal(unauthenticated.status, 401);
      const backwards = await server.get(
        '/api/v1/export/ndjson?from=2026-05-01T00:00:00Z&to=2026-04-01T00:00:00Z',
        read,
      );
      assert.equal(backwards.status, 400);
    });

    test('a rebuilt delivery is received like a live one, without a signature, by an admin only', async () => {
      const delivery = {
        headers: { 'Content-Type': 'application/json', 'X-GitHub-Event': 'ping', 'X-GitHub-Delivery': 'd-1' },
        body: JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 }),
        received_at: '2026-03-01T00:00:00Z',
      };
      const path = '/api/v1/imports/webhooks/github';
      assert.equal((await server.request('POST', path, { json: delivery, token: read })).status, 403);
      const first = await admin('POST', path, delivery);
      assert.equal(first.status, 200);
      assert.equal(first.body.status, 'stored');
      assert.equal(first.body.delivery_id, 'd-1');
      assert.equal((await admin('POST', path, delivery)).body.status, 'duplicate');
      assert.equal((await admin('POST', '/api/v1/imports/webhooks/nope', delivery)).status, 404);
    });

    test('an importer cursor reads null, then only moves forward', async () => {
      const key = { source: 'github', scope: 'acme/shop', resource: 'pulls' };
      const path = `/api/v1/imports/cursor?${new URLSearchParams(key).toString()}`;
      assert.deepEqual((await admin('GET', path)).body, { position: null });
      assert.equal(
        (await admin('PUT', '/api/v1/imports/cursor', { ...key, position: '2026-03-02T00:00:00Z' })).status,
        204,
      );
      await admin('PUT', '/api/v1/imports/cursor', { ...key, position: '2026-01-01T00:00:00Z' });
      assert.deepEqual((await admin('GET', path)).body, { position: '2026-03-02T00:00:00.000Z' });
      assert.equal((await server.request('GET', path, { token: read })).status, 403);
    });
  });
}
