/**
 * The evidence API over a listening server: every number of `/api/v1/metrics` for the scenario's week
 * is recounted from the deployment, change and incident lists alone; pages chain without loss.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { medianOrNull, percentileOrNull } from '../../src/metrics/stats.ts';
import { backends, type TestDb } from '../helpers/backends.ts';
import { SCENARIO } from '../helpers/scenario.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const WINDOW = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are inspected field by field
type Item = any;

for (const backend of backends()) {
  describe(`evidence API (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db);
      for (const event of SCENARIO) assert.equal((await server.post(event.path, event.body)).status, 202);
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    /** Every page of a list, following `next_cursor`. */
    async function all(path: string, query: string, limit = 2): Promise<Item[]> {
      const items: Item[] = [];
      let cursor: string | null = null;
      do {
        const response = await server.get(
          `${path}?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.ok(response.body.items.length <= limit);
        items.push(...response.body.items);
        cursor = response.body.next_cursor;
      } while (cursor !== null);
      return items;
    }

    test('each metric of the week is reproduced from the lists alone', async () => {
      const metrics = (await server.get(`/api/v1/metrics?${WINDOW}`)).body;
      const deployments = await all('/api/v1/deployments', `${WINDOW}&production=true`);
      const changes = await all('/api/v1/changes', WINDOW);
      const incidents = await all('/api/v1/incidents', WINDOW);
      const successes = deployments.filter((d) => d.status === 'success');

      assert.equal(successes.length, metrics.deployment_frequency.count);
      const days = new Set(successes.map((d) => d.finished_at.slice(0, 10)));
      assert.equal(days.size, metrics.deployment_frequency.deploy_days);

      const leads = changes
        .map((c) => c.lead_time_seconds)
        .filter((s) => s !== null && s >= 0)
        .sort((a, b) => a - b);
      assert.equal(leads.length, metrics.lead_time.n);
      assert.equal(medianOrNull(leads), metrics.lead_time.median_seconds);
      assert.equal(percentileOrNull(leads, 0.9), metrics.lead_time.p90_seconds);

      assert.equal(successes.length, metrics.change_failure_rate.total);
      assert.equal(successes.filter((d) => d.failed).length, metrics.change_failure_rate.failed);
      assert.equal(deployments.length - successes.length, metrics.change_failure_rate.failed_attempts);

      const restored = incidents.filter(
        (i) =>
          i.counted &&
          i.resolved_at !== null &&
          i.resolved_at >= '2026-03-02' &&
          i.resolved_at < '2026-03-09',
      );
      const restore = restored
        .map((i) => i.restore_seconds)
        .filter((s) => s >= 0)
        .sort((a, b) => a - b);
      assert.equal(restore.length, metrics.time_to_restore.n);
      assert.equal(medianOrNull(restore), metrics.time_to_restore.median_seconds);

      const recovery = successes
        .map((d) => d.recovery_seconds)
        .filter((s) => s !== null && s >= 0)
        .sort((a, b) => a - b);
      assert.equal(recovery.length, metrics.failed_deployment_recovery_time.n);
      assert.equal(medianOrNull(recovery), metrics.failed_deployment_recovery_time.median_seconds);

      assert.equal(successes.filter((d) => d.rework).length, metrics.rework_rate.rework);
    });

    test('a deployment shows its changes with lead times and its attributed incidents', async () => {
      const { body } = await server.get(`/api/v1/deployments?${WINDOW}&service=shop`);
      const d3 = body.items.find((d: Item) => d.id === 'd3');
      assert.deepEqual(
        d3.changes.map((c: Item) => [c.sha, c.lead_time_seconds]),
        [
          ['c3c3c3c3', 10800],
          ['c4c4c4c4', 7200],
        ],
      );
      assert.equal(d3.failed, true);
      assert.equal(d3.recovery_seconds, 7200);
      assert.deepEqual(
        d3.incidents.map((i: Item) => [i.id, i.counted]),
        [['i1', true]],
      );
      assert.deepEqual(
        body.items.filter((d: Item) => d.rework).map((d: Item) => [d.id, d.kind]),
        [
          ['d6', 'hotfix'],
          ['d5', 'rollback'],
          ['d4', 'rollback'],
        ],
      );
      const i2 = (await server.get(`/api/v1/incidents?${WINDOW}`)).body.items.find(
        (i: Item) => i.id === 'i2',
      );
      assert.deepEqual(i2.deployment, { id: 'd5', attribution_method: 'explicit' });
    });

    test('pages of one chain to the same list as one page', async () => {
      const paged = await all('/api/v1/deployments', WINDOW, 3);
      const whole = (await server.get(`/api/v1/deployments?${WINDOW}&limit=1000`)).body;
      assert.equal(whole.next_cursor, null);
      assert.deepEqual(paged, whole.items);
      const times = whole.items.map((d: Item) => d.finished_at);
      assert.deepEqual(times, [...times].sort().reverse());
    });

    test('a bad cursor or limit is a 400 naming it', async () => {
      const cursor = await server.get(`/api/v1/changes?${WINDOW}&cursor=nonsense`);
      assert.equal(cursor.status, 400);
      assert.equal(cursor.body.error.field, 'cursor');
      const limit = await server.get(`/api/v1/incidents?${WINDOW}&limit=0`);
      assert.equal(limit.status, 400);
      assert.equal(limit.body.error.field, 'limit');
    });
  });
}
