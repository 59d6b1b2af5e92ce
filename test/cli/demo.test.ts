/**
 * `fivekeys demo` as a user runs it, on each backend: it loads a small history with its catalog,
 * prints the summary, and a second run with the same seed and end stores nothing new. A bad flag is
 * a usage error (exit 2).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cliBackends, createCliDatabase, runCli } from './cli-database.ts';

const ARGS = ['demo', '--days', '21', '--services', '4', '--seed', '9', '--end', '2026-03-01T00:00:00Z'];

for (const backend of cliBackends()) {
  describe(`fivekeys demo (${backend})`, () => {
    test('loads the history and its catalog; the same seed and end again store nothing', async () => {
      const database = await createCliDatabase(backend);
      try {
        const first = await runCli(database.env, [...ARGS, '--json']);
        assert.equal(first.status, 0, first.stderr);
        const summary = JSON.parse(first.stdout);
        assert.equal(summary.services, 4);
        assert.equal(summary.teams, 4);
        assert.equal(summary.end, '2026-03-01T00:00:00.000Z');
        assert.equal(summary.imported, summary.changes + summary.deployments + summary.incidents);
        const counts = await database.withDb((db) =>
          db.query<{ table: string; count: number }>(
            `select 'changes' as table, count(*)::int as count from changes
             union all select 'deployments', count(*)::int from deployments
             union all select 'incidents', count(*)::int from incidents
             union all select 'teams', count(distinct team)::int from services`,
          ),
        );
        assert.deepEqual(counts, [
          { table: 'changes', count: summary.changes },
          { table: 'deployments', count: summary.deployments },
          { table: 'incidents', count: summary.incidents },
          { table: 'teams', count: 4 },
        ]);

        const second = await runCli(database.env, ARGS);
        assert.equal(second.status, 0, second.stderr);
        assert.match(second.stdout, /4 services, 4 teams/);
        assert.match(second.stdout, new RegExp(`stored 0 rows, ${summary.imported} already there`));
      } finally {
        await database.drop();
      }
    });
  });
}

test('a bad flag is a usage error', async () => {
  const result = await runCli(process.env, ['demo', '--days', '0']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--days/);
});
