/**
 * The fact selections read a long window page by page (src/store/metric-facts.ts): the pages must
 * partition the window, so a 10-year selection over thousands of facts gives exactly the rows one
 * statement over the whole window gives, none lost or repeated at a page boundary.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bulkLoad } from '../../bench/bulk-load.ts';
import {
  changeFactsQuery,
  factParams,
  selectChangeFacts,
  selectDeploymentFacts,
  selectLeadTimeFacts,
  type FactFilter,
} from '../../src/store/metric-facts.ts';
import { backends, type TestDb } from '../helpers/backends.ts';

const DAY = 86_400_000;
const END = Date.parse('2026-12-01T00:00:00Z');
const TEN_YEARS: FactFilter = { from: new Date(END - 3660 * DAY), to: new Date(END) };

const sorted = (rows: object[]) => rows.map((row) => JSON.stringify(row)).sort();

for (const backend of backends()) {
  describe(`fact selections over a long window (${backend.name})`, () => {
    let testDb: TestDb;
    before(async () => {
      testDb = await backend.create();
      await bulkLoad(testDb.db, { deployments: 6000, services: 12, teams: 3, days: 3650, end: END });
    });
    after(() => testDb.drop());

    test('change facts read in pages are the rows of one statement over the whole window', async () => {
      const paged = await selectChangeFacts(testDb.db, TEN_YEARS);
      const whole = await testDb.db.query<object>(changeFactsQuery(TEN_YEARS), factParams(TEN_YEARS));
      assert.ok(whole.length > 10_000, `${whole.length} changes: more than several pages`);
      assert.deepEqual(sorted(paged), sorted(whole));
    });

    test('lead-time facts are the change facts, with only the instants lead time spans', async () => {
      const changes = await selectChangeFacts(testDb.db, TEN_YEARS);
      const leadTimes = await selectLeadTimeFacts(testDb.db, TEN_YEARS);
      assert.ok(changes.some((fact) => fact.committedAt !== null && fact.prOpenedAt !== null));
      assert.deepEqual(
        sorted(leadTimes),
        sorted(changes.map(({ deployedAt, committedAt }) => ({ deployedAt, committedAt }))),
      );
    });

    test('deployment facts read in pages are every production deployment of the window once', async () => {
      const paged = await selectDeploymentFacts(testDb.db, { ...TEN_YEARS, team: 'team-1' });
      const whole = await testDb.db.query<{ at: number }>(
        `select date_part('epoch', finished_at) * 1000 as at from deployments d
          where is_production and finished_at >= $1 and finished_at < $2
            and service in (select name from services where team = 'team-1')`,
        [TEN_YEARS.from, TEN_YEARS.to],
      );
      assert.ok(whole.length > 1500, `${whole.length} deployments`);
      assert.deepEqual(
        paged.map((fact) => fact.finishedAt).sort((a, b) => a - b),
        whole.map((row) => Number(row.at)).sort((a, b) => a - b),
      );
    });
  });
}
