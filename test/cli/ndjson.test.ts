/**
 * `fivekeys export ndjson` → `fivekeys import ndjson` into an empty database must be lossless: the
 * same metrics, series, git ranges, attributions and tie order as the database the events were
 * posted to. Bad lines are reported by number and never stop the import.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Db } from '../../src/store/db.ts';
import { backends } from '../helpers/backends.ts';
import { SCENARIO, type ScenarioEvent } from '../helpers/scenario.ts';
import { startServer } from '../helpers/server.ts';
import { cliBackends, createCliDatabase, runCli, type CliDatabase } from './cli-database.ts';
import { EXTRA_EVENTS, snapshot } from './ndjson-fixtures.ts';

const WINDOW = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';
const QUERIES = [
  `/api/v1/metrics?${WINDOW}`,
  `/api/v1/metrics?${WINDOW}&team=payments`,
  `/api/v1/metrics?${WINDOW}&service=pay&environment=production`,
  ...[
    'deployment-frequency',
    'lead-time',
    'change-failure-rate',
    'time-to-restore',
    'failed-deployment-recovery-time',
    'rework-rate',
  ].map((metric) => `/api/v1/metrics/${metric}/series?bucket=day&${WINDOW}`),
];

/** Every metric and series answer, and the stored rows, of a database. */
async function observe(db: Db) {
  const server = await startServer(db);
  try {
    const answers: unknown[] = [];
    for (const path of QUERIES) answers.push((await server.get(path)).body);
    return { answers, rows: await snapshot(db) };
  } finally {
    await server.close();
  }
}

async function post(db: Db, events: readonly ScenarioEvent[]) {
  const server = await startServer(db);
  try {
    for (const event of events) {
      const response = await server.post(event.path, event.body);
      assert.equal(response.status, 202, JSON.stringify(response.body));
    }
  } finally {
    await server.close();
  }
}

const countRaw = (db: Db) => db.query<{ n: number }>('select count(*)::int as n from raw_requests');

for (const backend of cliBackends()) {
  describe(`export and import ndjson (${backend})`, () => {
    let source: CliDatabase;
    let target: CliDatabase;
    let original: Awaited<ReturnType<typeof observe>>;
    let exported: string;
    const file = join(tmpdir(), `fivekeys-export-${process.pid}-${backend}.ndjson`);

    before(async () => {
      source = await createCliDatabase(backend);
      target = await createCliDatabase(backend);
      original = await source.withDb(async (db) => {
        await post(db, [...SCENARIO, ...EXTRA_EVENTS]);
        return observe(db);
      });
      const result = await runCli(source.env, ['export', 'ndjson']);
      assert.equal(result.status, 0, result.stderr);
      exported = result.stdout;
      writeFileSync(file, exported);
    });
    after(async () => {
      await source.drop();
      await target.drop();
      for (const path of [file, `${file}.window`]) rmSync(path, { force: true });
    });

    test('export writes native lines, changes first, that the native endpoints accept as they are', async () => {
      const lines = exported
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      const types = lines.map((line) => line.type);
      assert.deepEqual(types, [...types].sort(), 'changes, then deployments, then incidents');
      assert.deepEqual(
        [types.filter((t) => t === 'change').length, types.filter((t) => t === 'deployment').length],
        [8, 16],
      );
      assert.equal(types.filter((t) => t === 'incident').length, 5);
      const hotfix = lines.find((line) => line.id === 'd6');
      assert.deepEqual(hotfix.kind, 'hotfix');
      assert.deepEqual(hotfix.fixes_incidents, ['i2']);
      assert.equal(lines.find((line) => line.id === 'd4').kind, undefined, 'an inferred kind is not written');
      const pr = lines.find((line) => line.sha === 'aaaa0001');
      assert.equal(pr.committed_at, '2026-03-05T08:00:00.123456Z', 'microseconds kept');
      assert.deepEqual(pr.pull_request.number, 12);

      // Posting the lines one by one to the native endpoints rebuilds the same database.
      const [posted] = await Promise.all([backends()[0]!.create()]);
      try {
        const events = lines.map(
          ({ type, ...body }) => ({ path: `/api/v1/${type}s`, body }) as ScenarioEvent,
        );
        await post(posted.db, events);
        assert.deepEqual(await observe(posted.db), original);
      } finally {
        await posted.drop();
      }
    });

    test('importing the export into an empty database gives identical metrics, series and rows', async () => {
      const result = await runCli(target.env, ['import', 'ndjson', '-'], exported);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /lines read: +29\n +imported: +29\n +duplicates: +0\n +failed: +0/);
      const imported = await target.withDb(observe);
      assert.deepEqual(imported.answers, original.answers);
      assert.deepEqual(imported.rows, original.rows);
      // Ties keep their storage order: the rollbacks remediate pay-2 and ledger-2, posted second.
      const remediated = imported.rows.deployments
        .filter((d) => d.remediated_at !== null && /^(pay|ledger)-/.test(d.external_id))
        .map((d) => d.external_id);
      assert.deepEqual(remediated, ['ledger-2', 'pay-2']);
    });

    test('importing the same file again stores nothing and reports duplicates', async () => {
      const [before] = await target.withDb(countRaw);
      const result = await runCli(target.env, ['import', 'ndjson', file, '--json']);
      assert.equal(result.status, 0, result.stderr);
      const summary = JSON.parse(result.stdout);
      assert.deepEqual(
        { ...summary, errors: summary.errors.length },
        {
          lines: 29,
          blank: 0,
          imported: 0,
          duplicates: 29,
          failed: 0,
          errors: 0,
        },
      );
      assert.deepEqual(await target.withDb(countRaw), [before]);
    });

    test('each batch is a raw request of a native source that replay parses to the same rows', async () => {
      const result = await runCli(target.env, ['replay', '--json']);
      assert.equal(result.status, 0, result.stderr);
      const summary = JSON.parse(result.stdout);
      assert.equal(summary.failed, 0);
      assert.equal(summary.unchanged, summary.seen, 'every request maps to the rows it produced');
      const sources = await target.withDb((db) =>
        db.query<{ source: string }>('select distinct source from raw_requests order by 1'),
      );
      assert.deepEqual(sources, [
        { source: 'api/changes' },
        { source: 'api/deployments' },
        { source: 'api/incidents' },
      ]);
    });

    test('--from and --to export the events whose own time lies in the window, to a file', async () => {
      const windowFile = `${file}.window`;
      const result = await runCli(source.env, [
        ...['export', 'ndjson', '--from', '2026-03-05', '--to', '2026-03-06T00:00:00Z', '-o', windowFile],
      ]);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stderr, /exported 2 changes, 3 deployments, 1 incidents to /);
      const rerun = await runCli(target.env, ['import', 'ndjson', windowFile]);
      assert.match(rerun.stdout, /lines read: +6\n +imported: +0\n +duplicates: +6/);
    });
  });
}

describe('import ndjson with bad lines', () => {
  let database: CliDatabase;
  before(async () => (database = await createCliDatabase('pglite')));
  after(() => database.drop());

  test('imports the good lines and lists each bad one with its number and reason', async () => {
    const lines = [
      '{"type":"change","repository":"acme/shop","sha":"c1c1c1c1","committed_at":"2026-03-02T09:00:00Z"}',
      '{"type":"change", "repository": ',
      '{"type":"pipeline","id":"p1"}',
      '{"type":"deployment","id":"d1","service":"shop","environment":"production","status":"success"}',
      '',
      '{"type":"deployment","id":"d2","service":"shop","environment":"production","status":"success","finished_at":"2026-03-02T12:00:00Z","commit":"c1c1c1c1"}',
      '{"service":"shop"}',
      '["not", "an", "object"]',
      '{"type":"incident","id":"i1","service":"shop","started_at":"2026-03-02T13:00:00Z","colour":"red"}',
    ];
    const result = await runCli(database.env, ['import', 'ndjson', '-'], `${lines.join('\n')}\n`);
    assert.equal(result.status, 1, result.stderr);
    assert.match(
      result.stdout,
      /lines read: +9\n +imported: +2\n +duplicates: +0\n +failed: +6\n +blank: +1/,
    );
    const reported = result.stderr.trimEnd().split('\n');
    assert.equal(reported.length, 6, result.stderr);
    assert.match(reported[0]!, /^line 2: not valid JSON/);
    assert.match(reported[1]!, /^line 3: type is "pipeline"; use one of: change, deployment, incident$/);
    assert.match(reported[2]!, /^line 4: finished_at is required$/);
    assert.match(reported[3]!, /^line 7: type is missing/);
    assert.match(reported[4]!, /^line 8: a line must be one JSON object$/);
    assert.match(reported[5]!, /^line 9: colour is not a known field$/);
    const stored = await database.withDb((db) =>
      db.query(
        `select (select array_agg(sha) from changes) as changes,
                (select array_agg(external_id) from deployments) as deployments,
                (select count(*)::int from incidents) as incidents`,
      ),
    );
    assert.deepEqual(stored, [{ changes: ['c1c1c1c1'], deployments: ['d2'], incidents: 0 }]);
  });

  test('a file that does not exist is a usage error naming it', async () => {
    const result = await runCli(database.env, ['import', 'ndjson', '/nonexistent/events.ndjson']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /\/nonexistent\/events\.ndjson/);
  });
});
