/**
 * Transactions with `prepare: true` (ingest) keep their statements prepared: on PostgreSQL through
 * `pg`'s named statements, on PGlite through our own extended-protocol path
 * (src/store/pglite-prepared.ts). Rows must be exactly what an unprepared query gives, for every
 * kind of value ingest reads back, and an error must neither poison the statement nor the session.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openDb } from '../../src/store/db.ts';
import { backends, type TestDb } from '../helpers/backends.ts';

const TYPES = `select $1::bigint as id, $2::text[] as names, $3::timestamptz as at, $4::jsonb as doc,
  $5::boolean as flag, $6::float8 as x, null::text as nothing, $7::int as n,
  array[$3::timestamptz] as instants, ($1::bigint)::float8 as id_float`;

const PARAMS: unknown[][] = [
  [1, ['a', 'b, "c"', 'd\\e'], new Date('2026-03-29T01:30:00.123Z'), { k: [1, 'two'] }, true, 1.5, 7],
  [9_007_199_254, [], new Date('2026-10-25T00:59:59Z'), [], false, -0.25, null],
  [null, null, null, null, null, null, 0],
];

for (const backend of backends()) {
  describe(`prepared transactions (${backend.name})`, () => {
    let testDb: TestDb;
    before(async () => (testDb = await backend.create()));
    after(() => testDb.drop());

    test('give the same rows as unprepared queries, for each kind of value', async () => {
      const { db } = testDb;
      for (const params of PARAMS) {
        const plain = await db.transaction((tx) => tx.query(TYPES, params));
        // Twice: the first call prepares, the second only binds and executes.
        for (let round = 0; round < 2; round++) {
          const prepared = await db.transaction((tx) => tx.query(TYPES, params), { prepare: true });
          assert.deepEqual(prepared, plain);
        }
      }
    });

    test('writes and reads back in one transaction, and commits', async () => {
      const { db } = testDb;
      const insert = `insert into services (name, team) select * from unnest($1::text[], $2::text[])
        on conflict (name) do nothing returning name, team`;
      const returned = await db.transaction(
        async (tx) => [
          ...(await tx.query(insert, [
            ['p1', 'p2'],
            ['t1', null],
          ])),
          ...(await tx.query(insert, [['p3'], ['t3']])),
        ],
        { prepare: true },
      );
      assert.deepEqual(returned, [
        { name: 'p1', team: 't1' },
        { name: 'p2', team: null },
        { name: 'p3', team: 't3' },
      ]);
      const stored = await db.query(`select name from services where name like 'p_' order by name`);
      assert.deepEqual(stored, [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }]);
    });

    test('an error rolls back and leaves the statement and the session usable', async () => {
      const { db } = testDb;
      const insert = `insert into services (name, team) values ($1, $2) returning name`;
      await db.transaction((tx) => tx.query(insert, ['e1', 'x']), { prepare: true });
      await assert.rejects(
        db.transaction(
          async (tx) => {
            await tx.query(insert, ['e2', 'x']);
            await tx.query(insert, ['e1', 'x']);
          },
          { prepare: true },
        ),
        /duplicate key|unique/,
      );
      await assert.rejects(
        db.transaction((tx) => tx.query('select * from no_such_table where id = $1', [1]), { prepare: true }),
        /no_such_table/,
      );
      const after = await db.transaction((tx) => tx.query(insert, ['e3', 'x']), { prepare: true });
      assert.deepEqual(after, [{ name: 'e3' }]);
      const stored = await db.query(`select name from services where name like 'e_' order by name`);
      assert.deepEqual(stored, [{ name: 'e1' }, { name: 'e3' }], 'e2 was rolled back');
    });

    test('each text is prepared once', async () => {
      const { db } = testDb;
      const text = 'select count(*)::int as n from services where name = any($1::text[])';
      for (let i = 0; i < 5; i++)
        await db.transaction((tx) => tx.query(text, [['p1', 'e1']]), { prepare: true });
      // PGlite is one session; a PostgreSQL pool may have prepared it on each of its connections.
      const [row] = await db.transaction(
        (tx) =>
          tx.query<{ n: number }>(
            'select count(*)::int as n from pg_prepared_statements where statement = $1',
            [text],
          ),
        { prepare: true },
      );
      assert.equal(row!.n, 1);
    });

    if (backend.name === 'postgres')
      test('FIVEKEYS_DATABASE_PREPARE=off (a pooler without named statements): nothing is prepared', async () => {
        const unprepared = await openDb({ url: testDb.url, poolSize: 1, prepare: false });
        try {
          const text = 'select count(*)::int as n from services where team = $1';
          const rows = await unprepared.transaction((tx) => tx.query(text, ['t1']), { prepare: true });
          assert.deepEqual(rows, [{ n: 1 }]);
          const [named] = await unprepared.transaction((tx) =>
            tx.query<{ n: number }>(
              "select count(*)::int as n, string_agg(statement, ' | ') as s from pg_prepared_statements",
            ),
          );
          assert.equal(named!.n, 0, JSON.stringify(named));
        } finally {
          await unprepared.close();
        }
      });
  });
}
