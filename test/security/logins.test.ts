/**
 * Users stored in the database log in for a token; wrong passwords lock the username; tokens rotate
 * with or without a grace period; every administrative action and login lands in the audit trail.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const ADMIN = 'logins-admin-token';
const PASSWORD = 'a long enough passphrase';

for (const backend of backends()) {
  describe(backend.name, () => {
    let testDb: TestDb;
    let server: TestServer;
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db, { auth: 'required', adminToken: ADMIN });
      await server.services.auth.addUser('dana', PASSWORD, ['read', 'ingest']);
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    test('a stored user logs in for a day-long token with the scopes it holds', async () => {
      const stored = await testDb.db.query<{ password_hash: string }>(
        "select password_hash from users where username = 'dana'",
      );
      assert.match(stored[0]!.password_hash, /^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
      assert.ok(!stored[0]!.password_hash.includes(PASSWORD));
      const login = await server.post('/api/v1/auth/token', {
        username: 'dana',
        password: PASSWORD,
        scopes: ['read'],
      });
      assert.equal(login.status, 201);
      assert.equal(login.body.name, 'login:dana');
      assert.equal((await server.get('/api/v1/metrics', login.body.token)).status, 200);
      const admin = await server.post('/api/v1/auth/token', {
        username: 'dana',
        password: PASSWORD,
        scopes: ['admin'],
      });
      assert.equal(admin.status, 403);
      assert.equal(admin.body.error.field, 'scopes');
    });

    test('five wrong passwords lock the username, even against the right one', async () => {
      await server.services.auth.addUser('erin', PASSWORD, ['read']);
      for (let i = 0; i < 4; i++) {
        const wrong = await server.post('/api/v1/auth/token', {
          username: 'erin',
          password: `guess number ${i}`,
        });
        assert.equal(wrong.status, 401);
      }
      const fifth = await server.post('/api/v1/auth/token', { username: 'erin', password: 'guess number 5' });
      assert.equal(fifth.status, 429);
      assert.equal(fifth.body.error.code, 'login_locked');
      const retryAfter = Number(fifth.headers.get('retry-after'));
      assert.ok(retryAfter > 800 && retryAfter <= 900, `Retry-After ${retryAfter}`);
      const right = await server.post('/api/v1/auth/token', { username: 'erin', password: PASSWORD });
      assert.equal(right.status, 429);
      // Setting a new password lifts the lock.
      await server.services.auth.setPassword('erin', 'another long passphrase');
      const after = await server.post('/api/v1/auth/token', {
        username: 'erin',
        password: 'another long passphrase',
      });
      assert.equal(after.status, 201);
    });

    test('unknown usernames are locked the same way, so guessing reveals nothing', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push(
          (await server.post('/api/v1/auth/token', { username: 'nobody', password: `x-${i}-long-enough` }))
            .status,
        );
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
    });

    test('rotation without grace revokes the old secret at once; with grace both work until it ends', async () => {
      const created = (await server.post('/api/v1/tokens', { name: 'ci', scopes: ['ingest'] }, ADMIN)).body;
      const rotated = await server.post(`/api/v1/tokens/${created.id}/rotate`, {}, ADMIN);
      assert.equal(rotated.status, 201);
      assert.deepEqual(
        [rotated.body.name, rotated.body.scopes, rotated.body.replaces],
        ['ci', ['ingest'], created.id],
      );
      const deployment = {
        service: 'rot',
        environment: 'production',
        status: 'success',
        finished_at: '2026-03-02T10:00:00Z',
      };
      assert.equal((await server.post('/api/v1/deployments', deployment, created.token)).status, 401);
      assert.equal((await server.post('/api/v1/deployments', deployment, rotated.body.token)).status, 202);

      const graced = await server.post(
        `/api/v1/tokens/${rotated.body.id}/rotate`,
        { grace_seconds: 3600 },
        ADMIN,
      );
      assert.equal((await server.post('/api/v1/deployments', deployment, rotated.body.token)).status, 202);
      assert.equal((await server.post('/api/v1/deployments', deployment, graced.body.token)).status, 202);
      const listed = (await server.get('/api/v1/tokens', ADMIN)).body.tokens as {
        id: string;
        expires_at: string | null;
      }[];
      const old = listed.find((token) => token.id === rotated.body.id)!;
      const left = Date.parse(old.expires_at!) - Date.now();
      assert.ok(left > 3500_000 && left <= 3600_000, `old secret expires in ${left} ms`);
    });

    test('administrative actions and logins are in the audit trail, without secrets', async () => {
      const created = (await server.post('/api/v1/tokens', { name: 'audited', scopes: ['read'] }, ADMIN))
        .body;
      await server.request('DELETE', `/api/v1/tokens/${created.id}`, { token: ADMIN });
      await server.request('PUT', '/api/v1/services/audited-svc', { token: ADMIN, json: { team: 'a' } });
      await server.get('/api/v1/tokens', ADMIN); // a read: not recorded
      // Entries are written after the answer is sent (onResponse): read until both are there.
      type Entry = { actor: string; action: string; target: string | null; outcome: string };
      let page = await server.get('/api/v1/audit?limit=200', ADMIN);
      let entries: Entry[] = [];
      const find = (action: string, target?: string) =>
        entries.find((entry) => entry.action === action && (target === undefined || entry.target === target));
      for (const deadline = Date.now() + 5000; ;) {
        assert.equal(page.status, 200);
        entries = page.body.entries as Entry[];
        const written =
          find('DELETE /api/v1/tokens/:id', created.id) && find('PUT /api/v1/services/:name', 'audited-svc');
        if (written || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
        page = await server.get('/api/v1/audit?limit=200', ADMIN);
      }
      assert.deepEqual(
        {
          ...find('DELETE /api/v1/tokens/:id', created.id),
          at: undefined,
          id: undefined,
          ip: undefined,
          detail: undefined,
        },
        {
          actor: 'admin',
          action: 'DELETE /api/v1/tokens/:id',
          target: created.id,
          outcome: 'ok',
          at: undefined,
          id: undefined,
          ip: undefined,
          detail: undefined,
        },
      );
      assert.equal(find('POST /api/v1/tokens')?.outcome, 'ok');
      assert.equal(find('PUT /api/v1/services/:name', 'audited-svc')?.actor, 'admin');
      assert.equal(find('GET /api/v1/tokens'), undefined);
      const logins = entries.filter((entry) => entry.action === 'POST /api/v1/auth/token');
      assert.ok(logins.some((entry) => entry.actor === 'login:dana' && entry.outcome === 'ok'));
      assert.ok(logins.some((entry) => entry.actor === 'login:erin' && entry.outcome === 'refused 429'));
      const text = JSON.stringify(page.body);
      assert.ok(!text.includes(PASSWORD) && !text.includes(ADMIN) && !text.includes('guess number'));
      // Newest first, paged with `before`.
      const first = await server.get('/api/v1/audit?limit=2', ADMIN);
      const second = await server.get(`/api/v1/audit?limit=2&before=${first.body.next_before}`, ADMIN);
      assert.ok(Number(second.body.entries[0].id) < Number(first.body.entries[1].id));
    });
  });
}
