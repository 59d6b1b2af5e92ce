/**
 * `GET /api/v1/metrics?group_by=team|service|application`: the totals are the ungrouped answer,
 * and every group's numbers are exactly those of the ungrouped answer filtered to its key, over
 * the demo history and over a hand-built scenario, on each backend. The team without a name cannot
 * be a filter: its numbers are checked against the hand-computed scenario instead.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadDemo } from '../../src/service/demo/demo.ts';
import { backends, type TestDb } from '../helpers/backends.ts';
import { SCENARIO } from '../helpers/scenario.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const DAY = 86_400_000;
const KEYS = ['team', 'service', 'application'] as const;
type Answer = Record<string, unknown> & { groups?: Record<string, unknown>[] };

/** The metrics of an answer or a group, without the key fields and the answer's own context. */
function metricsOf(answer: Record<string, unknown>): Record<string, unknown> {
  const { window, benchmark, timezone, warnings, group_by, groups, team, service, application, ...metrics } =
    answer;
  void [window, benchmark, timezone, warnings, group_by, groups, team, service, application];
  return metrics;
}

async function get(server: TestServer, path: string): Promise<Answer> {
  const response = await server.get(path);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body as Answer;
}

/** Every named group equals the filtered answer; the totals equal the ungrouped answer. */
async function assertGroupsMatchFilters(server: TestServer, window: string, filter = ''): Promise<void> {
  const ungrouped = await get(server, `/api/v1/metrics?${window}${filter}`);
  for (const by of KEYS) {
    const grouped = await get(server, `/api/v1/metrics?${window}${filter}&group_by=${by}`);
    assert.equal(grouped.group_by, by);
    assert.deepEqual(
      { ...grouped, group_by: undefined, groups: undefined },
      {
        ...ungrouped,
        group_by: undefined,
        groups: undefined,
      },
    );
    const keys = grouped.groups!.map((group) => group[by]);
    const named = keys.filter((key) => key !== null) as string[];
    assert.deepEqual(named, [...named].sort(), `${by} groups sorted by key`);
    assert.ok(keys.indexOf(null) === -1 || keys.indexOf(null) === keys.length - 1, 'null key last');
    for (const group of grouped.groups!) {
      const key = group[by];
      if (key === null) continue;
      // A key the filter already names would be given twice: the group is the filtered answer.
      if (filter.includes(`&${by}=`)) {
        assert.deepEqual(metricsOf(group), metricsOf(ungrouped), `${by}=${String(key)}`);
        continue;
      }
      const alone = await get(
        server,
        `/api/v1/metrics?${window}${filter}&${by}=${encodeURIComponent(String(key))}`,
      );
      assert.deepEqual(metricsOf(group), metricsOf(alone), `${by}=${String(key)}`);
    }
  }
}

for (const backend of backends()) {
  describe(`grouped metrics over demo data (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    let window: string;

    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db);
      const end = new Date();
      await loadDemo(server.services, { days: 45, services: 9, seed: 11, end });
      // A catalogued service that never deployed: it must still have a row.
      const put = await server.request('PUT', '/api/v1/services/silent-svc', { json: { team: 'sandbox' } });
      assert.ok(put.status < 300, JSON.stringify(put.body));
      window = `from=${new Date(end.getTime() - 30 * DAY).toISOString()}&to=${end.toISOString()}`;
    });
    after(async () => {
      await server?.close();
      await testDb?.drop();
    });

    test('each team, service and application row equals the answer filtered to it', async () => {
      await assertGroupsMatchFilters(server, window);
    });

    test('grouping within a filter keeps to it, and still equals each filtered answer', async () => {
      const teams = (await get(server, `/api/v1/metrics?${window}&group_by=team`)).groups!;
      const team = String(teams[0]!.team);
      await assertGroupsMatchFilters(server, window, `&team=${encodeURIComponent(team)}`);
      const services = (await get(server, `/api/v1/metrics?${window}&team=${team}&group_by=service`)).groups!;
      assert.ok(services.length >= 2);
      assert.ok(services.every((group) => group.team === team));
    });

    test('a catalog service with no data has a row of zeros and no levels', async () => {
      const grouped = await get(server, `/api/v1/metrics?${window}&group_by=service`);
      const silent = grouped.groups!.find((group) => group.service === 'silent-svc');
      assert.ok(silent, 'the silent service is listed');
      assert.equal(silent.team, 'sandbox');
      assert.equal(silent.application, null);
      assert.equal(silent.level, null);
      assert.deepEqual(silent.deployment_frequency, {
        count: 0,
        deploy_days: 0,
        per_day: null,
        per_week: null,
        level: null,
        window: (grouped.deployment_frequency as { window: unknown }).window,
      });
      assert.equal((silent.lead_time as { n: number }).n, 0);
      const teams = await get(server, `/api/v1/metrics?${window}&group_by=team`);
      assert.equal(teams.groups!.length, 5, 'four demo teams and the silent service’s own');
    });
  });

  describe(`grouped metrics over a hand-built scenario (${backend.name})`, () => {
    const WINDOW = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';
    let testDb: TestDb;
    let server: TestServer;

    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db);
      // The scenario's service `shop` has no team; `api` is core's; `ghost` and `idle` never deploy.
      for (const event of SCENARIO) assert.equal((await server.post(event.path, event.body)).status, 202);
      for (const [name, team] of [
        ['api', 'core'],
        ['ghost', 'core'],
        ['idle', 'sleepy'],
      ] as const) {
        const put = await server.request('PUT', `/api/v1/services/${name}`, {
          json: { team, application: 'platform' },
        });
        assert.ok(put.status < 300, JSON.stringify(put.body));
      }
      for (const [id, finished_at] of [
        ['a1', '2026-03-03T10:00:00Z'],
        ['a2', '2026-03-05T10:00:00Z'],
      ])
        assert.equal(
          (
            await server.post('/api/v1/deployments', {
              id,
              service: 'api',
              environment: 'production',
              status: 'success',
              finished_at,
            })
          ).status,
          202,
        );
      const orphan = { id: 'i9', started_at: '2026-03-06T10:00:00Z', resolved_at: '2026-03-06T11:00:00Z' };
      assert.equal((await server.post('/api/v1/incidents', orphan)).status, 202);
    });
    after(async () => {
      await server?.close();
      await testDb?.drop();
    });

    test('named groups equal their filtered answers', async () => {
      await assertGroupsMatchFilters(server, WINDOW);
    });

    test('the team without a name holds shop’s hand-computed numbers', async () => {
      const grouped = await get(server, `/api/v1/metrics?${WINDOW}&group_by=team`);
      assert.deepEqual(
        grouped.groups!.map((group) => group.team),
        ['core', 'sleepy', null],
      );
      const none = grouped.groups![2]! as Record<string, Record<string, unknown>>;
      // By hand (test/http/arrival-order.test.ts): shop's week of the scenario.
      assert.deepEqual([none.deployment_frequency!.count, none.deployment_frequency!.deploy_days], [6, 4]);
      assert.deepEqual(
        [none.lead_time!.n, none.lead_time!.median_seconds, none.lead_time!.mean_seconds],
        [6, 10800, 23400],
      );
      assert.deepEqual([none.change_failure_rate!.total, none.change_failure_rate!.failed], [6, 3]);
      assert.deepEqual([none.time_to_restore!.n, none.time_to_restore!.median_seconds], [2, 9900]);
      assert.deepEqual(
        [none.failed_deployment_recovery_time!.n, none.failed_deployment_recovery_time!.median_seconds],
        [3, 14400],
      );
      assert.deepEqual([none.rework_rate!.total, none.rework_rate!.rework], [6, 3]);
      assert.equal(none.level, 'low');
      // core: api's two deployments on two days; sleepy: nothing at all.
      const core = grouped.groups![0]! as Record<string, Record<string, unknown>>;
      assert.deepEqual([core.deployment_frequency!.count, core.change_failure_rate!.failed], [2, 0]);
      const sleepy = grouped.groups![1]! as Record<string, Record<string, unknown>>;
      assert.deepEqual([sleepy.deployment_frequency!.count, sleepy.lead_time!.n, sleepy.level], [0, 0, null]);
      // The incident naming no service counts in the totals only.
      assert.equal((grouped.time_to_restore as { n: number }).n, 3);
    });

    test('grouped by service, each row carries its catalog team and application', async () => {
      const grouped = await get(server, `/api/v1/metrics?${WINDOW}&group_by=service`);
      assert.deepEqual(
        grouped.groups!.map(({ service, team, application }) => [service, team, application]),
        [
          ['api', 'core', 'platform'],
          ['ghost', 'core', 'platform'],
          ['idle', 'sleepy', 'platform'],
          ['shop', null, null],
        ],
      );
      const apps = await get(server, `/api/v1/metrics?${WINDOW}&group_by=application`);
      assert.deepEqual(
        apps.groups!.map((group) => group.application),
        ['platform', null],
      );
    });

    test('more than 1,000 groups is refused, naming group_by', async () => {
      await testDb.db.query(
        `insert into services (name) select 'bulk-' || g from generate_series(1, 1000) g on conflict do nothing`,
      );
      const response = await server.get(`/api/v1/metrics?${WINDOW}&group_by=service`);
      assert.equal(response.status, 400);
      assert.equal(response.body.error.code, 'invalid_query');
      assert.equal(response.body.error.field, 'group_by');
      assert.equal((await server.get(`/api/v1/metrics?${WINDOW}&group_by=team`)).status, 200);
      assert.equal((await server.get(`/api/v1/metrics?${WINDOW}&group_by=teams`)).status, 400);
    });
  });
}
