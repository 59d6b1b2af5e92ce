/**
 * Every SQL of every dashboard (panels, annotations, variables), expanded as Grafana's PostgreSQL data
 * source expands it, runs on each backend against the grafana_* views: on an empty database and on
 * the arrival-order scenario. Each stat panel must show the number GET /api/v1/metrics gives for the
 * same window, or, where the API has none, the number computed by hand.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { SCENARIO } from '../helpers/scenario.ts';
import { startServer } from '../helpers/server.ts';
import { panelsOf } from './dashboard-files.ts';
import { STATS } from './expected-stats.ts';
import { metricAt, runDashboard, sameValue, sqlDashboards, WINDOW } from './grafana-run.ts';

for (const backend of backends()) {
  describe(`Grafana SQL (${backend.name})`, () => {
    let empty: TestDb;
    let loaded: TestDb;
    let metrics: Record<string, Record<string, unknown>>;
    before(async () => {
      empty = await backend.create();
      loaded = await backend.create();
      const server = await startServer(loaded.db);
      try {
        for (const event of SCENARIO) assert.equal((await server.post(event.path, event.body)).status, 202);
        metrics = (await server.get(`/api/v1/metrics?${WINDOW}`)).body;
      } finally {
        await server.close();
      }
    });
    after(async () => {
      await empty.drop();
      await loaded.drop();
    });

    for (const dashboard of sqlDashboards) {
      test(`${dashboard.uid}: every query runs on an empty database`, async () => {
        for (const stat of await runDashboard(empty.db, dashboard))
          assert.ok(stat.value === null || stat.value === 0, `${stat.where}: ${stat.value} with no data`);
      });

      test(`${dashboard.uid}: every query runs on the scenario, and each stat shows the API's number`, async () => {
        for (const stat of await runDashboard(loaded.db, dashboard)) {
          const expected = STATS[stat.key];
          assert.notEqual(expected, undefined, `${stat.where}: no expected value`);
          const value = typeof expected === 'number' ? expected : metricAt(metrics, expected!);
          assert.equal(typeof value, 'number', `${stat.where}: the API has no number at ${expected}`);
          assert.ok(sameValue(stat.value, value), `${stat.where}: ${stat.value}, expected ${value}`);
        }
      });
    }

    test('every stat panel of the SQL dashboards is checked', () => {
      const stats = sqlDashboards.flatMap((dashboard) =>
        panelsOf(dashboard)
          .filter((panel) => panel.type === 'stat')
          .map((panel) => `${dashboard.uid}/${panel.title}`),
      );
      assert.deepEqual(stats.sort(), Object.keys(STATS).sort());
    });
  });
}
