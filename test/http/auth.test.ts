import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestResponse, type TestServer } from '../helpers/server.ts';

const ADMIN_TOKEN = 'admin-token-used-only-in-tests';
const METRICS = '/api/v1/metrics';
const DEPLOYMENTS = '/api/v1/deployments';

const deployment = (id: string) => ({
  id,
  service: 'auth-web',
  environment: 'production',
  status: 'success',
  finished_at: '2026-03-02T10:00:00Z',
});

function assertError(response: TestResponse, status: number, code: string): void {
  assert.equal(response.status, status);
  assert.deepEqual(Object.keys(response.body), ['error']);
  assert.equal(response.body.error.code, code);
  assert.equal(typeof response.body.error.message, 'string');
}

for (const backend of backends()) {
  describe(backend.name, () => {
    describe('with an admin token configured', () => {
      let testDb: TestDb;
      let server: TestServer;

      const createToken = async (name: string, scopes: string[]): Promise<{ id: string; token: string }> => {
        const response = await server.post('/api/v1/tokens', { name, scopes }, ADMIN_TOKEN);
        assert.equal(response.status, 201);
        return response.body;
      };

      before(async () => {
        testDb = await backend.create();
        server = await startServer(testDb.db, {
          adminToken: ADMIN_TOKEN,
          adminUsername: 'ops',
          adminPassword: 'correct horse battery staple',
        });
      });
      after(async () => {
        await server.close();
        await testDb.drop();
      });

      test('a request without Authorization is refused with 401', async () => {
        assertError(await server.get(METRICS), 401, 'unauthorized');
        assertError(await server.post(DEPLOYMENTS, deployment('no-auth')), 401, 'unauthorized');
      });

      test('a wrong token is refused with 401', async () => {
        assertError(await server.get(METRICS, 'not-the-admin-token'), 401, 'unauthorized');
        assertError(
          await server.get(METRICS, 'fk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbb'),
          401,
          'unauthorized',
        );
      });

      test('an Authorization header that is not a bearer token is refused with 401', async () => {
        const response = await server.request('GET', METRICS, {
          headers: { authorization: `Basic ${ADMIN_TOKEN}` },
        });
        assertError(response, 401, 'unauthorized');
      });

      test('public routes need no token', async () => {
        const ping = await server.get('/api/ping');
        assert.equal(ping.status, 200);
        assert.deepEqual(ping.body, { message: 'pong' });
        const version = await server.get('/api/version');
        assert.equal(version.status, 200);
        assert.deepEqual(version.body, {
          name: 'fivekeys',
          version: '0.1.0',
          database: backend.name,
          auth: true,
        });
        const health = await server.get('/healthz');
        assert.equal(health.status, 200);
        assert.deepEqual(health.body, { status: 'ok' });
        const ready = await server.get('/readyz');
        assert.equal(ready.status, 200);
        assert.deepEqual(
          { status: ready.body.status, database: ready.body.database },
          { status: 'ready', database: 'ok' },
        );
        assert.equal(ready.body.ingest.saturated, false);
      });

      test('the admin token can create a token, shown once with its secret', async () => {
        const response = await server.post(
          '/api/v1/tokens',
          { name: 'dashboard', scopes: ['read'] },
          ADMIN_TOKEN,
        );
        assert.equal(response.status, 201);
        const { id, token, ...rest } = response.body;
        assert.match(id, /^[a-z0-9]{12}$/);
        assert.match(token, new RegExp(`^fk_${id}_[A-Za-z0-9_-]{20,}$`));
        assert.deepEqual(rest, { name: 'dashboard', scopes: ['read'], expires_at: null });
      });

      test('a read token can read metrics but not ingest', async () => {
        const { token } = await createToken('reader', ['read']);
        const metrics = await server.get(METRICS, token);
        assert.equal(metrics.status, 200);
        assert.equal(metrics.body.deployment_frequency.count, 0);
        assertError(await server.post(DEPLOYMENTS, deployment('by-reader'), token), 403, 'forbidden');
        assertError(await server.get('/api/v1/tokens', token), 403, 'forbidden');
      });

      test('an ingest token can ingest but not read metrics', async () => {
        const { token } = await createToken('ci', ['ingest']);
        const posted = await server.post(DEPLOYMENTS, deployment('by-ingest'), token);
        assert.equal(posted.status, 202);
        assert.deepEqual(posted.body, { accepted: 1, duplicates: 0 });
        assertError(await server.get(METRICS, token), 403, 'forbidden');
        assertError(
          await server.post('/api/v1/tokens', { name: 'escalate', scopes: ['admin'] }, token),
          403,
          'forbidden',
        );
      });

      test('an admin-scope token can do everything', async () => {
        const { token } = await createToken('root', ['admin']);
        assert.equal((await server.get(METRICS, token)).status, 200);
        assert.equal((await server.post(DEPLOYMENTS, deployment('by-admin'), token)).status, 202);
        const put = await server.request('PUT', '/api/v1/services/auth-web', {
          json: { team: 'platform' },
          token,
        });
        assert.equal(put.status, 200);
        assert.equal((await server.get('/api/v1/tokens', token)).status, 200);
        assert.equal(
          (await server.post('/api/v1/tokens', { name: 'child', scopes: ['read'] }, token)).status,
          201,
        );
      });

      test('a revoked token is refused with 401', async () => {
        const { id, token } = await createToken('short-lived', ['read']);
        assert.equal((await server.get(METRICS, token)).status, 200);
        const revoked = await server.request('DELETE', `/api/v1/tokens/${id}`, { token: ADMIN_TOKEN });
        assert.equal(revoked.status, 204);
        assert.equal(revoked.body, undefined);
        assertError(await server.get(METRICS, token), 401, 'unauthorized');
      });

      test('a token revoked while a request with it is being checked is refused once the revocation answers', async () => {
        for (let round = 0; round < 5; round++) {
          const { id, token } = await createToken(`racing-${round}`, ['read']);
          // The first use is a cache miss: its lookup is in flight when the revocation lands.
          const inFlight = Promise.all(Array.from({ length: 20 }, () => server.get(METRICS, token)));
          await new Promise((resolve) => setTimeout(resolve, round));
          const revoked = await server.request('DELETE', `/api/v1/tokens/${id}`, { token: ADMIN_TOKEN });
          assert.equal(revoked.status, 204);
          await inFlight;
          assertError(await server.get(METRICS, token), 401, 'unauthorized');
        }
      });

      test('a wrong secret for a real token id is not a use of the token', async () => {
        const { id, token } = await createToken('guessed', ['read']);
        const wrong = `fk_${id}_${'x'.repeat(32)}`;
        assertError(await server.get(METRICS, wrong), 401, 'unauthorized');
        const lastUsed = async () =>
          (
            (await server.get('/api/v1/tokens', ADMIN_TOKEN)).body.tokens as {
              id: string;
              last_used_at: string | null;
            }[]
          ).find((listed) => listed.id === id)!.last_used_at;
        assert.equal(await lastUsed(), null);
        assert.equal((await server.get(METRICS, token)).status, 200);
        assert.notEqual(await lastUsed(), null);
      });

      test('revoking an unknown or already revoked token is 404', async () => {
        const { id } = await createToken('twice', ['read']);
        assert.equal(
          (await server.request('DELETE', `/api/v1/tokens/${id}`, { token: ADMIN_TOKEN })).status,
          204,
        );
        assertError(
          await server.request('DELETE', `/api/v1/tokens/${id}`, { token: ADMIN_TOKEN }),
          404,
          'not_found',
        );
        assertError(
          await server.request('DELETE', '/api/v1/tokens/nosuchtoken0', { token: ADMIN_TOKEN }),
          404,
          'not_found',
        );
      });

      test('listing tokens never returns secrets or their hashes', async () => {
        const { id, token } = await createToken('listed', ['read', 'ingest']);
        const response = await server.get('/api/v1/tokens', ADMIN_TOKEN);
        assert.equal(response.status, 200);
        const text = JSON.stringify(response.body);
        assert.equal(text.includes(token.slice(`fk_${id}_`.length)), false);
        assert.equal(text.includes('secret'), false);
        for (const listed of response.body.tokens) {
          assert.deepEqual(Object.keys(listed).sort(), [
            'created_at',
            'expires_at',
            'id',
            'last_used_at',
            'name',
            'revoked_at',
            'scopes',
          ]);
        }
        const mine = response.body.tokens.find((listed: { id: string }) => listed.id === id);
        assert.deepEqual(
          { name: mine.name, scopes: mine.scopes, expires_at: mine.expires_at, revoked_at: mine.revoked_at },
          { name: 'listed', scopes: ['read', 'ingest'], expires_at: null, revoked_at: null },
        );
      });

      test('an unknown scope is refused naming the field', async () => {
        const response = await server.post('/api/v1/tokens', { name: 'bad', scopes: ['write'] }, ADMIN_TOKEN);
        assertError(response, 400, 'invalid_payload');
        assert.equal(response.body.error.field, 'scopes[0]');
      });

      test('the configured credentials buy a working token', async () => {
        const response = await server.post('/api/v1/auth/token', {
          username: 'ops',
          password: 'correct horse battery staple',
        });
        assert.equal(response.status, 201);
        assert.equal(response.body.name, 'login:ops');
        assert.deepEqual(response.body.scopes, ['read', 'ingest']);
        const expiresIn = Date.parse(response.body.expires_at) - Date.now();
        assert.ok(expiresIn > 23 * 3600_000 && expiresIn <= 24 * 3600_000, `expires in ${expiresIn} ms`);
        const { token } = response.body;
        assert.equal((await server.get(METRICS, token)).status, 200);
        assert.equal((await server.post(DEPLOYMENTS, deployment('by-login'), token)).status, 202);
        assertError(await server.get('/api/v1/tokens', token), 403, 'forbidden');
      });

      test('a wrong password or username is refused with 401', async () => {
        const wrongPassword = await server.post('/api/v1/auth/token', { username: 'ops', password: 'guess' });
        assertError(wrongPassword, 401, 'unauthorized');
        const wrongUser = await server.post('/api/v1/auth/token', {
          username: 'root',
          password: 'correct horse battery staple',
        });
        assertError(wrongUser, 401, 'unauthorized');
      });
    });

    describe('auth mode auto without an admin token', () => {
      let testDb: TestDb;
      let server: TestServer;
      before(async () => {
        testDb = await backend.create();
        server = await startServer(testDb.db, { auth: 'auto' });
      });
      after(async () => {
        await server.close();
        await testDb.drop();
      });

      test('credential login is refused when no user or credentials exist', async () => {
        const response = await server.post('/api/v1/auth/token', { username: 'ops', password: 'anything' });
        assertError(response, 401, 'unauthorized');
      });

      test('with no token the API is open', async () => {
        assert.equal((await server.get(METRICS)).status, 200);
        assert.equal((await server.post(DEPLOYMENTS, deployment('open-1'))).status, 202);
        assert.equal((await server.get('/api/version')).body.auth, false);
      });

      test('once a token exists the API is closed', async () => {
        const created = await server.post('/api/v1/tokens', { name: 'first', scopes: ['read'] });
        assert.equal(created.status, 201);
        assertError(await server.get(METRICS), 401, 'unauthorized');
        assertError(await server.post(DEPLOYMENTS, deployment('open-2')), 401, 'unauthorized');
        assert.equal((await server.get(METRICS, created.body.token)).status, 200);
        assert.equal((await server.get('/api/version')).body.auth, true);
        assert.deepEqual((await server.get('/api/ping')).body, { message: 'pong' });
      });
    });

    describe('auth mode off', () => {
      let testDb: TestDb;
      let server: TestServer;
      before(async () => {
        testDb = await backend.create();
        server = await startServer(testDb.db, { auth: 'off', adminToken: ADMIN_TOKEN });
      });
      after(async () => {
        await server.close();
        await testDb.drop();
      });

      test('the API is open even when tokens exist', async () => {
        const created = await server.post('/api/v1/tokens', { name: 'ignored', scopes: ['read'] });
        assert.equal(created.status, 201);
        assert.equal((await server.get(METRICS)).status, 200);
        assert.equal((await server.post(DEPLOYMENTS, deployment('off-1'))).status, 202);
        assert.equal((await server.get(METRICS, 'not-a-token')).status, 200);
        assert.equal((await server.get('/api/version')).body.auth, false);
      });
    });
  });
}
