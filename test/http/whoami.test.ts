/**
 * `GET /api/v1/auth/whoami` on both backends: each kind of token learns its own scopes, id and
 * name (and its user when bought with a password); a missing or wrong token is a 401; with
 * authentication off a caller on this machine holds every scope and one behind a proxy no admin.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const ADMIN = 'whoami-admin-token';
const WHOAMI = '/api/v1/auth/whoami';

for (const backend of backends()) {
  describe(`whoami (${backend.name})`, () => {
    describe('authentication on', () => {
      let testDb: TestDb;
      let server: TestServer;
      before(async () => {
        testDb = await backend.create();
        server = await startServer(testDb.db, {
          adminToken: ADMIN,
          adminUsername: 'ops',
          adminPassword: 'correct horse battery staple',
        });
      });
      after(async () => {
        await server.close();
        await testDb.drop();
      });

      test('a read token learns its scopes, id and name', async () => {
        const created = (await server.post('/api/v1/tokens', { name: 'grafana', scopes: ['read'] }, ADMIN))
          .body;
        const response = await server.get(WHOAMI, created.token);
        assert.equal(response.status, 200);
        assert.deepEqual(response.body, {
          authentication: true,
          scopes: ['read'],
          token: { id: created.id, name: 'grafana' },
          user: null,
        });
      });

      test('the configured admin token holds every scope', async () => {
        assert.deepEqual((await server.get(WHOAMI, ADMIN)).body, {
          authentication: true,
          scopes: ['ingest', 'read', 'admin'],
          token: { id: 'admin-token', name: 'admin' },
          user: null,
        });
      });

      test('a token bought with a password names its user', async () => {
        const login = await server.post('/api/v1/auth/token', {
          username: 'ops',
          password: 'correct horse battery staple',
        });
        assert.equal(login.status, 201);
        const answer = (await server.get(WHOAMI, login.body.token)).body;
        assert.equal(answer.user, 'ops');
        assert.deepEqual(answer.scopes, ['read', 'ingest']);
        assert.deepEqual(answer.token, { id: login.body.id, name: 'login:ops' });
      });

      test('no token, or an unknown one, is a 401 like any route', async () => {
        for (const token of [undefined, 'fk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbb']) {
          const response = await server.get(WHOAMI, token);
          assert.equal(response.status, 401);
          assert.equal(response.body.error.code, 'unauthorized');
        }
      });
    });

    describe('authentication off', () => {
      let testDb: TestDb;
      let server: TestServer;
      before(async () => {
        testDb = await backend.create();
        server = await startServer(testDb.db, { auth: 'off' });
      });
      after(async () => {
        await server.close();
        await testDb.drop();
      });

      test('a caller on this machine holds every scope, with no token', async () => {
        assert.deepEqual((await server.get(WHOAMI)).body, {
          authentication: false,
          scopes: ['ingest', 'read', 'admin'],
          token: null,
          user: null,
        });
      });

      test('a caller through a proxy may not administer', async () => {
        const response = await server.request('GET', WHOAMI, {
          headers: { 'x-forwarded-for': '203.0.113.9' },
        });
        assert.equal(response.status, 200);
        assert.deepEqual(response.body.scopes, ['ingest', 'read']);
        const admin = await server.request('GET', '/api/v1/tokens', {
          headers: { 'x-forwarded-for': '203.0.113.9' },
        });
        assert.equal(admin.status, 403);
      });
    });
  });
}
