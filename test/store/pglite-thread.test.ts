/**
 * PGlite runs in a worker thread (src/store/pglite-thread.ts). What crosses between the threads
 * must be what callers got when it ran in theirs: rows typed as PGlite parses them, errors with
 * their PostgreSQL fields, a plain query waiting behind an open transaction. A thread that dies
 * rejects every call waiting on it, and a closed database neither hangs nor keeps a process alive.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { openDb, type Db } from '../../src/store/db.ts';
import { classifyDbError } from '../../src/store/db-errors.ts';
import { startPgliteThread } from '../../src/store/pglite-thread.ts';

const VALUES = `select '2026-03-29T01:30:00.123Z'::timestamptz as at, '2026-01-02'::date as day,
  1::int as i, 9007199254740991::bigint as big, 1.5::numeric as num, 2.5::float8 as f, true as yes,
  'text' as t, '{"a": [1, {"b": null}]}'::jsonb as doc, '{"x": 1}'::json as js, '\\x00ff'::bytea as raw,
  null::text as nothing, array[1, 2] as ints, array['a', 'b'] as texts, interval '1 day' as span,
  '8d2c9f4e-0d5b-4c1a-9e57-3a4b2c1d0e9f'::uuid as id,
  $1::timestamptz as at_param, $2::bytea as raw_param, $3::jsonb as doc_param, $4::text[] as texts_param`;
const PARAMS = [new Date('2026-10-25T00:59:59Z'), new Uint8Array([0, 1, 254]), { k: [1, 'two'] }, ['x', 'y']];

const CRASHING = new URL('./crashing-pglite-worker.ts', import.meta.url);
const START = { dataDir: undefined, startParams: PGlite.defaultStartParams, maxPrepared: 10 };
const REPO = fileURLToPath(new URL('../../', import.meta.url));

describe('PGlite in its own thread', () => {
  let db: Db;
  before(async () => {
    db = await openDb({});
    await db.exec('create table item (id int primary key, name text not null)');
  });
  after(() => db.close());

  test('rows arrive typed exactly as PGlite gives them in the calling thread', async () => {
    const local = await PGlite.create();
    try {
      const expected = (await local.query(VALUES, PARAMS)).rows;
      assert.deepEqual(await db.query(VALUES, PARAMS), expected);
      assert.deepEqual(await db.transaction((tx) => tx.query(VALUES, PARAMS)), expected);
      assert.deepEqual(await db.transaction((tx) => tx.query(VALUES, PARAMS), { prepare: true }), expected);
      const [row] = await db.query<{ at: unknown; raw: unknown; doc: unknown }>(VALUES, PARAMS);
      assert.ok(row?.at instanceof Date && row.raw instanceof Uint8Array);
      assert.deepEqual(row.doc, { a: [1, { b: null }] });
    } finally {
      await local.close();
    }
  });

  test('a unique violation keeps its SQLSTATE, constraint and detail, prepared or not', async () => {
    await db.query(`insert into item values (1, 'one')`);
    const duplicate = (error: Error & Record<string, unknown>) => {
      assert.equal(error.code, '23505');
      assert.equal(error.constraint, 'item_pkey');
      assert.equal(error.table, 'item');
      assert.equal(error.detail, 'Key (id)=(1) already exists.');
      assert.match(error.message, /duplicate key value violates unique constraint "item_pkey"/);
      assert.equal(classifyDbError(error), 'data');
      return true;
    };
    await assert.rejects(db.query(`insert into item values (1, 'again')`), duplicate);
    const insert = (tx: { query(sql: string, params: unknown[]): Promise<unknown> }) =>
      tx.query('insert into item values ($1, $2)', [1, 'again']);
    await assert.rejects(db.transaction(insert, { prepare: true }), duplicate);
    await assert.rejects(db.transaction(insert), duplicate);
  });

  test('a plain query waits for the open transaction and sees what it committed', async () => {
    let committed = false;
    let outside: Promise<{ rows: { n: number }[]; committed: boolean }> | undefined;
    await db.transaction(async (tx) => {
      await tx.query(`insert into item values (2, 'two')`);
      outside = db
        .query<{ n: number }>('select count(*)::int as n from item where id = 2')
        .then((rows) => ({ rows, committed }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      committed = true;
    });
    assert.deepEqual(await outside, { rows: [{ n: 1 }], committed: true });
  });

  test('a transaction whose work throws is rolled back and rejects with that error', async () => {
    const failure = new Error('work failed');
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query(`insert into item values (3, 'three')`);
        throw failure;
      }),
      (error) => error === failure,
    );
    assert.deepEqual(await db.query('select id from item where id = 3'), []);
    assert.deepEqual(await db.query<{ one: number }>('select 1 as one'), [{ one: 1 }]);
  });

  test('a parameter that cannot cross to the thread rejects its call, and the next call works', async () => {
    await assert.rejects(db.query('select $1::text as t', [() => 'a function']), { name: 'DataCloneError' });
    assert.deepEqual(await db.query('select $1::text as t', ['text']), [{ t: 'text' }]);
  });

  test('close lets the statements already sent finish, then refuses new ones', async () => {
    const own = await openDb({});
    const running = own.query<{ one: number }>('select pg_sleep(0.3), 1 as one');
    const closed = own.close();
    assert.equal((await running)[0]?.one, 1);
    await closed;
    await assert.rejects(own.query('select 1'), (error: Error) => {
      assert.match(error.message, /PGlite is closed/);
      return classifyDbError(error) === 'unavailable';
    });
    await own.close();
  });
});

describe('a PGlite thread that dies', () => {
  for (const [how, sql] of [
    ['throws', 'crash: throw'],
    ['exits', 'crash: exit'],
  ] as const) {
    test(`rejects every call waiting on it and every later one when it ${how}`, async () => {
      const thread = await startPgliteThread(START, CRASHING);
      const select = () => thread.call({ op: 'query', sql: 'select 1', params: [] });
      assert.deepEqual(await select(), [{ '?column?': 1 }]);
      const dead = (error: Error) => {
        assert.match(error.message, /PGlite is closed: its thread (failed|exited)/);
        return classifyDbError(error) === 'unavailable';
      };
      // Both are waiting when the thread dies: the second was sent behind the crash.
      const crash = thread.call({ op: 'query', sql, params: [] });
      const behind = select();
      await Promise.all([assert.rejects(crash, dead), assert.rejects(behind, dead)]);
      await assert.rejects(select(), dead);
      await thread.close();
    });
  }
});

test('a process that opens databases exits by itself, whether it closed or even queried them', async () => {
  const script = `
    import { openDb } from './src/store/db.ts';
    const [closed, open, neverQueried] = await Promise.all([openDb({}), openDb({}), openDb({})]);
    await Promise.all([closed.query('select 1'), open.query('select 1')]);
    await closed.close();
    console.log('done');`;
  const started = performance.now();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '--eval', script],
    { cwd: REPO, timeout: 120_000 },
  );
  assert.equal(stdout.trim(), 'done');
  assert.ok(performance.now() - started < 120_000);
});
