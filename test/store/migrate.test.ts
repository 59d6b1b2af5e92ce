import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openDb, type Db } from '../../src/store/db.ts';
import { listMigrations, migrate } from '../../src/store/migrate.ts';
import { backends, type TestDb } from '../helpers/backends.ts';

const appliedVersions = async (db: Db): Promise<{ version: number; n: number }[]> =>
  db.query<{ version: number; n: number }>(
    'select version, count(*)::int as n from schema_migrations group by version order by version',
  );

test('migration files are numbered from 1 without gaps', () => {
  const versions = listMigrations().map((migration) => migration.version);
  assert.ok(versions.length >= 2);
  assert.deepEqual(
    versions,
    versions.map((_, index) => index + 1),
  );
});

for (const backend of backends()) {
  describe(backend.name, () => {
    let testDb: TestDb;
    before(async () => {
      testDb = await backend.create({ migrate: false });
    });
    after(() => testDb.drop());

    test('migrating a fresh database applies every migration file', async () => {
      const versions = listMigrations().map((migration) => migration.version);
      assert.deepEqual(await migrate(testDb.db), versions);
      assert.deepEqual(
        await appliedVersions(testDb.db),
        versions.map((version) => ({ version, n: 1 })),
      );
      const names = await testDb.db.query<{ name: string }>(
        'select name from schema_migrations order by version',
      );
      assert.deepEqual(
        names.map((row) => row.name),
        listMigrations().map((migration) => migration.name),
      );
    });

    test('a second run applies nothing', async () => {
      assert.deepEqual(await migrate(testDb.db), []);
      assert.equal((await appliedVersions(testDb.db)).length, listMigrations().length);
    });

    test('the migrated schema holds the default settings row', async () => {
      const rows = await testDb.db.query('select production_pattern, timezone from settings');
      assert.deepEqual(rows, [{ production_pattern: '^prod', timezone: 'UTC' }]);
    });

    test('a failing migration is rolled back, record included', async () => {
      const broken = {
        version: 9001,
        name: 'broken',
        sql: 'create table half_done (id int); select * from nowhere;',
      };
      await assert.rejects(migrate(testDb.db, [...listMigrations(), broken]));
      assert.equal((await appliedVersions(testDb.db)).length, listMigrations().length);
      const tables = await testDb.db.query(
        `select 1 from information_schema.tables where table_name = 'half_done'`,
      );
      assert.deepEqual(tables, []);
    });

    if (backend.name === 'postgres') {
      describe('two replicas starting at once', () => {
        let fresh: TestDb;
        let replicas: Db[] = [];
        before(async () => {
          fresh = await backend.create({ migrate: false });
          replicas = await Promise.all([openDb({ url: fresh.url }), openDb({ url: fresh.url })]);
        });
        after(async () => {
          await Promise.all(replicas.map((replica) => replica.close()));
          await fresh.drop();
        });

        test('both succeed and every migration is recorded exactly once', async () => {
          const versions = listMigrations().map((migration) => migration.version);
          const [first, second] = await Promise.all(replicas.map((replica) => migrate(replica)));
          assert.deepEqual(
            [...first!, ...second!].sort((a, b) => a - b),
            versions,
          );
          assert.deepEqual(
            await appliedVersions(fresh.db),
            versions.map((version) => ({ version, n: 1 })),
          );
          assert.deepEqual(await migrate(fresh.db), []);
        });
      });
    }
  });
}
