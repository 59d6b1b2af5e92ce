/**
 * DESIGN.md §3: results must not depend on arrival order. One scenario, posted event by event in
 * three orders (as it happened, reversed, shuffled), must give the same metrics, and those must be
 * the ones computed by hand from the definitions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { SCENARIO, shuffled, type ScenarioEvent } from '../helpers/scenario.ts';
import { startServer } from '../helpers/server.ts';

const WINDOW = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';

/*
 * By hand, for the week [2026-03-02, 2026-03-09):
 * - production successes: d1 d3 d4 d5 d6 d8 (d2 failed, d7 is staging) → count 6 on 4 days.
 * - contents: d1 {c1,c2}; d3 {c3,c4}; d4 rollback to c2 and d5 redeploy of c4 contain nothing new;
 *   d6 {c5}; d8 {c6} (first production deployment); d7, the first to staging, takes all six.
 *   Lead times: c1 3h, c2 2h, c3 3h, c4 2h, c5 3h (13:00+01:00 = 12:00Z), c6 26h.
 *   Sorted 7200 7200 10800 10800 10800 93600 → median 10800, p75 10800, p90 52200, mean 23400.
 * - d4 (v1 again) and d5 (v2 again) redeploy versions deployed before → inferred rollbacks (§3.5);
 *   d4 remediates d3, d5 remediates d4; i1 starts an hour after d3 → time window → d3; i2 names d5
 *   explicitly; d6 is a hotfix remediating d5. Failed: d3, d4, d5 of 6 → rate 1/2; attempt d2.
 * - Recovery: d3 12:00 → min(i1 resolved 15:00, d4 14:00) = 2h; d4 14:00 → d5 08:00 = 18h;
 *   d5 08:00 → min(i2 12:30, d6 12:00) = 4h → median 14400. Restore: i1 2h, i2 3.5h → median 9900,
 *   p90 12060.
 * - Rework: d4, d5 (rollbacks) and d6 (hotfix) → 3 of 6.
 */
const EXPECTED = {
  deployment_frequency: { count: 6, deploy_days: 4, per_day: 6 / 7, per_week: 6, level: 'high' },
  lead_time: {
    n: 6,
    median_seconds: 10800,
    p75_seconds: 10800,
    p90_seconds: 52200,
    mean_seconds: 23400,
    excluded: 0,
    level: 'elite',
  },
  change_failure_rate: { total: 6, failed: 3, rate: 0.5, failed_attempts: 1, level: 'low' },
  time_to_restore: {
    n: 2,
    median_seconds: 9900,
    mean_seconds: 9900,
    p90_seconds: 12060,
    excluded: 0,
    level: 'high',
  },
  failed_deployment_recovery_time: { n: 3, median_seconds: 14400, level: 'high' },
  rework_rate: { total: 6, rework: 3, rate: 0.5 },
  level: 'low',
};

const ORDERS: [string, readonly ScenarioEvent[]][] = [
  ['as it happened', SCENARIO],
  ['reversed', [...SCENARIO].reverse()],
  ['shuffled', shuffled(SCENARIO)],
];

async function metricsAfterPosting(testDb: TestDb, events: readonly ScenarioEvent[]) {
  const server = await startServer(testDb.db);
  try {
    for (const event of events) {
      const response = await server.post(event.path, event.body);
      assert.equal(response.status, 202, JSON.stringify(response.body));
    }
    const metrics = await server.get(`/api/v1/metrics?${WINDOW}`);
    const series = await server.get(`/api/v1/metrics/lead-time/series?bucket=day&${WINDOW}`);
    const attributions = await testDb.db.query(
      `select i.external_id, d.external_id as deployment, i.attribution_method from incidents i
         left join deployments d on d.id = i.deployment_id order by 1`,
    );
    const contents = await testDb.db.query<{ external_id: string; effective_kind: string; shas: string[] }>(
      `select d.external_id, d.effective_kind, array_agg(dc.sha order by dc.sha) as shas from deployments d
         left join deployment_changes dc on dc.deployment_id = d.id group by 1, 2 order by 1`,
    );
    return { metrics: metrics.body, series: series.body, attributions, contents };
  } finally {
    await server.close();
  }
}

for (const backend of backends()) {
  describe(`arrival order (${backend.name})`, () => {
    const results = new Map<string, Awaited<ReturnType<typeof metricsAfterPosting>>>();
    const dbs: TestDb[] = [];
    before(async () => {
      for (const [name, events] of ORDERS) {
        const testDb = await backend.create();
        dbs.push(testDb);
        results.set(name, await metricsAfterPosting(testDb, events));
      }
    });
    after(async () => {
      for (const testDb of dbs) await testDb.drop();
    });

    test('events posted in the order they happened give the hand-computed metrics', () => {
      const { metrics, attributions } = results.get('as it happened')!;
      for (const [metric, expected] of Object.entries(EXPECTED)) {
        if (typeof expected === 'string') assert.equal(metrics[metric], expected);
        else
          for (const [field, value] of Object.entries(expected))
            assert.deepEqual(metrics[metric][field], value, `${metric}.${field}`);
      }
      assert.deepEqual(
        results
          .get('as it happened')!
          .contents.map((row) => [row.external_id, row.effective_kind, row.shas.join(' ')]),
        [
          ['d1', 'standard', 'c1c1c1c1 c2c2c2c2'],
          ['d2', 'standard', ''],
          ['d3', 'standard', 'c3c3c3c3 c4c4c4c4'],
          ['d4', 'rollback', ''],
          ['d5', 'rollback', ''],
          ['d6', 'hotfix', 'c5c5c5c5'],
          ['d7', 'standard', 'c1c1c1c1 c2c2c2c2 c3c3c3c3 c4c4c4c4 c5c5c5c5 c6c6c6c6'],
          ['d8', 'standard', 'c6c6c6c6'],
        ],
      );
      assert.deepEqual(attributions, [
        { external_id: 'i1', deployment: 'd3', attribution_method: 'time_window' },
        { external_id: 'i2', deployment: 'd5', attribution_method: 'explicit' },
      ]);
    });

    for (const [name] of ORDERS.slice(1)) {
      test(`events posted ${name} give identical metrics, series and attributions`, () => {
        const reference = results.get('as it happened')!;
        const other = results.get(name)!;
        assert.deepEqual(other.metrics, reference.metrics);
        assert.deepEqual(other.contents, reference.contents);
        assert.deepEqual(other.series.points, reference.series.points);
        assert.deepEqual(other.attributions, reference.attributions);
      });
    }
  });
}
