/**
 * `fivekeys user` and `fivekeys token rotate` as an operator runs them: passwords from stdin (never
 * a flag), hashes in the database, and each action in the audit trail under the machine user.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { createAuthService } from '../../src/service/auth/auth.ts';
import { cliBackends, createCliDatabase, runCli, type CliDatabase } from './cli-database.ts';

for (const backend of cliBackends()) {
  describe(backend, () => {
    let database: CliDatabase;
    before(async () => {
      database = await createCliDatabase(backend);
    });
    after(() => database.drop());

    test('user add reads the password from stdin; the user can log in; list shows no hash', async () => {
      const added = await runCli(
        database.env,
        ['user', 'add', 'casey', '--scopes', 'read,ingest', '--password-stdin'],
        'correct horse battery\n',
      );
      assert.equal(added.status, 0, added.stderr);
      assert.match(added.stdout, /added casey \(scopes read,ingest\)/);
      const listed = await runCli(database.env, ['user', 'list']);
      assert.match(listed.stdout, /^casey\tread,ingest\tactive\t/m);
      assert.ok(!listed.stdout.includes('scrypt'));
      await database.withDb(async (db) => {
        const auth = createAuthService(db, { mode: 'required' });
        const token = await auth.exchangeCredentials('casey', 'correct horse battery');
        assert.deepEqual(token.scopes, ['read', 'ingest']);
      });
    });

    test('a short password, a second add and an unknown scope are refused', async () => {
      const short = await runCli(database.env, ['user', 'add', 'dale', '--password-stdin'], 'short\n');
      assert.notEqual(short.status, 0);
      assert.match(short.stderr, /12 to 1024 characters/);
      const again = await runCli(
        database.env,
        ['user', 'add', 'casey', '--password-stdin'],
        'another long password\n',
      );
      assert.notEqual(again.status, 0);
      assert.match(again.stderr, /exists/);
      const scope = await runCli(
        database.env,
        ['user', 'add', 'erin', '--scopes', 'write', '--password-stdin'],
        'another long password\n',
      );
      assert.notEqual(scope.status, 0);
      assert.match(scope.stderr, /Unknown scope write/);
    });

    test('token rotate prints a new secret; the old one stops working', async () => {
      const created = JSON.parse(
        (await runCli(database.env, ['token', 'create', '--name', 'ci', '--json'])).stdout,
      );
      const rotated = await runCli(database.env, ['token', 'rotate', created.id, '--json']);
      assert.equal(rotated.status, 0, rotated.stderr);
      const replacement = JSON.parse(rotated.stdout);
      assert.equal(replacement.replaces, created.id);
      await database.withDb(async (db) => {
        const auth = createAuthService(db, { mode: 'required', cacheMs: 0 });
        assert.equal(await auth.authenticate(created.token), null);
        assert.equal((await auth.authenticate(replacement.token))?.name, 'ci');
        const trail = await db.query<{ actor: string; action: string; target: string }>(
          'select actor, action, target from audit_log order by id',
        );
        const actor = `cli:${userInfo().username}`;
        assert.deepEqual(
          trail.map((row) => [row.actor, row.action]),
          [
            [actor, 'user add'],
            [actor, 'token create'],
            [actor, 'token rotate'],
          ],
        );
      });
    });
  });
}
