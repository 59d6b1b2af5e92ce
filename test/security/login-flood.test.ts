/**
 * Password guessing at scale: failed logins are limited per source address across usernames,
 * password checks run a few at a time (the rest wait, boundedly, or get 429), and a flood of
 * failures for random usernames leaves bounded lockout and audit tables.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'a long enough passphrase';
const LOGIN = '/api/v1/auth/token';
const guess = (username: string) => ({ username, password: 'not the password' });

for (const backend of backends()) {
  describe(backend.name, () => {
    let testDb: TestDb;
    const servers: TestServer[] = [];
    before(async () => {
      testDb = await backend.create();
    });
    after(async () => {
      for (const server of servers) await server.close();
      await testDb.drop();
    });
    const start = async (config: Parameters<typeof startServer>[1]) => {
      const server = await startServer(testDb.db, { auth: 'required', adminToken: 'flood-admin', ...config });
      servers.push(server);
      return server;
    };

    test('failed logins are limited per address across usernames, with Retry-After', async () => {
      const server = await start({
        loginLimits: { failuresPerAddressPerMinute: 3, concurrentChecks: 1, waitingChecks: 8 },
      });
      await server.services.auth.addUser('fern', PASSWORD, ['read']);
      // A success is refunded: it does not eat the budget of the address.
      assert.equal((await server.post(LOGIN, { username: 'fern', password: PASSWORD })).status, 201);
      const statuses: number[] = [];
      for (const name of ['a1', 'b2', 'c3', 'd4'])
        statuses.push((await server.post(LOGIN, guess(name))).status);
      assert.deepEqual(statuses, [401, 401, 401, 429]);
      const limited = await server.post(LOGIN, { username: 'fern', password: PASSWORD });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error.code, 'rate_limited');
      const retryAfter = Number(limited.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      // Another address still may log in.
      const other = await postFrom('127.0.0.2', `${server.url}${LOGIN}`, {
        username: 'fern',
        password: PASSWORD,
      });
      assert.equal(other, 201);
    });

    test('password checks beyond the running and waiting caps get 429 at once', async () => {
      const server = await start({
        loginLimits: { failuresPerAddressPerMinute: 100, concurrentChecks: 1, waitingChecks: 1 },
      });
      const statuses = await Promise.all(
        Array.from({ length: 6 }, async (_, i) => (await server.post(LOGIN, guess(`burst-${i}`))).status),
      );
      const refused = statuses.filter((status) => status === 429).length;
      const checked = statuses.filter((status) => status === 401).length;
      assert.equal(refused + checked, 6, String(statuses));
      assert.ok(checked >= 2 && refused >= 2, `401s and 429s: ${statuses}`);
    });

    test('a flood of random usernames leaves bounded lockout and audit tables', async () => {
      const server = await start({
        loginLimits: { failuresPerAddressPerMinute: 1000, concurrentChecks: 1, waitingChecks: 100 },
        auditLimits: { keepRefusedLogins: 4, pruneEvery: 1 },
      });
      for (let i = 0; i < 10; i++) assert.equal((await server.post(LOGIN, guess(`spray-${i}`))).status, 401);
      // Audit entries are written, then pruned, after the answer: wait until the last one is in and pruned.
      const refusedLogins = async () =>
        (
          await testDb.db.query<{ n: number; last: number }>(
            `select count(*)::int as n, count(*) filter (where actor = 'login:spray-9')::int as last
               from audit_log where action = 'POST ${LOGIN}' and outcome <> 'ok'`,
          )
        )[0]!;
      let kept = await refusedLogins();
      for (const deadline = Date.now() + 5000; Date.now() < deadline && !(kept.last === 1 && kept.n <= 4);) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        kept = await refusedLogins();
      }
      assert.deepEqual(kept, { n: 4, last: 1 });
      // Failures older than the lockout window, with no lock running, are forgotten at the next failure.
      const failures = async () =>
        (await testDb.db.query<{ n: number }>('select count(*)::int as n from login_failures'))[0]!.n;
      assert.ok((await failures()) >= 10);
      await testDb.db.query(`update login_failures set last_failed_at = now() - interval '16 minutes'`);
      assert.equal((await server.post(LOGIN, guess('spray-last'))).status, 401);
      assert.equal(await failures(), 1);
    });
  });
}

/** A JSON POST sent from another loopback address (Linux routes all of 127.0.0.0/8 to lo). */
function postFrom(localAddress: string, url: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}
