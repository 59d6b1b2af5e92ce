/**
 * `GET /metrics`: the DORA families computed from the database for the scenario of
 * arrival-order.test.ts (moved to last week, so the default windows hold it), checked against
 * hand-computed values and against `/api/v1/metrics`; requests timed by route pattern.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { parseExposition, sampleKey as key, scrape } from '../helpers/exposition.ts';
import { SCENARIO } from '../helpers/scenario.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const DAY = 86_400_000;
/** Whole days from the scenario's Monday to ten days ago. */
const SHIFT = Math.floor((Date.now() - 10 * DAY - Date.parse('2026-03-02T00:00:00Z')) / DAY) * DAY;
const shifted = (iso: string) => new Date(Date.parse(iso) + SHIFT).toISOString();
const recent = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();

function shiftTimes(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [
      key,
      key.endsWith('_at') && typeof value === 'string' ? shifted(value) : value,
    ]),
  );
}

const SHOP = { service: 'shop', environment: 'production', team: 'payments', application: 'webshop' };
const CART = { service: 'cart', environment: 'production', team: '', application: '' };

/** Buckets le=1h, 1d, 1w, 30d, 180d, +Inf, then sum and count. */
function histogram(samples: Map<string, number>, name: string, labels: Record<string, string>) {
  const les = ['3600', '86400', '604800', '2592000', '15552000', '+Inf'];
  return {
    buckets: les.map((le) => samples.get(key(`${name}_bucket`, { ...labels, le }))),
    sum: samples.get(key(`${name}_sum`, labels)),
    count: samples.get(key(`${name}_count`, labels)),
  };
}

for (const backend of backends()) {
  describe(`GET /metrics (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db, { auth: 'off' });
      const put = await server.request('PUT', '/api/v1/services/shop', {
        json: { application: 'webshop', team: 'payments' },
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      const extra = [
        {
          path: '/api/v1/deployments',
          body: {
            id: 'cart-1',
            service: 'cart',
            environment: 'production',
            status: 'success',
            finished_at: recent(1),
          },
        },
        {
          path: '/api/v1/deployments',
          body: {
            id: 'cart-2',
            service: 'cart',
            environment: 'production',
            status: 'failure',
            finished_at: recent(1),
          },
        },
        {
          path: '/api/v1/incidents',
          body: {
            id: 'i-staging',
            service: 'shop',
            environment: 'staging',
            started_at: recent(2),
            resolved_at: recent(1),
          },
        },
      ];
      for (const event of [...SCENARIO.map((e) => ({ path: e.path, body: shiftTimes(e.body) })), ...extra]) {
        const response = await server.post(event.path, event.body);
        assert.equal(response.status, 202, JSON.stringify(response.body));
      }
    });
    after(async () => {
      await server?.close();
      await testDb?.drop();
    });

    test('the deployment counter counts successful production deployments per label set', async () => {
      const { status, type, samples } = await scrape(server);
      assert.equal(status, 200);
      assert.match(type ?? '', /^text\/plain; version=0\.0\.4/);
      const all = samples();
      assert.equal(all.get(key('dora_deployment_frequency_total', SHOP)), 6);
      assert.equal(all.get(key('dora_deployment_frequency_total', CART)), 1);
      const staging = [...all.keys()].filter((k) => k.includes('environment=staging'));
      assert.deepEqual(staging, []);
    });

    test('histograms hold the hand-computed lead, restore and recovery times in cumulative buckets', async () => {
      const all = (await scrape(server)).samples();
      // Lead times 3h 2h 3h 2h 3h 26h: none within an hour, five within a day, all within a week.
      assert.deepEqual(histogram(all, 'dora_lead_time_seconds', SHOP), {
        buckets: [0, 5, 6, 6, 6, 6],
        sum: 39 * 3600,
        count: 6,
      });
      // i1 2h and i2 3.5h; they name no environment. The staging incident is not counted.
      assert.deepEqual(histogram(all, 'dora_mttr_seconds', { ...SHOP, environment: '' }), {
        buckets: [0, 2, 2, 2, 2, 2],
        sum: 5.5 * 3600,
        count: 2,
      });
      assert.equal(all.get(key('dora_mttr_seconds_count', { ...SHOP, environment: 'staging' })), undefined);
      // d3 2h, d4 18h, d5 4h.
      assert.deepEqual(histogram(all, 'dora_failed_deployment_recovery_seconds', SHOP), {
        buckets: [0, 3, 3, 3, 3, 3],
        sum: 24 * 3600,
        count: 3,
      });
      assert.equal(all.get(key('dora_lead_time_seconds_count', CART)), undefined);
    });

    test('the rate gauges equal /api/v1/metrics over the default windows', async () => {
      const all = (await scrape(server)).samples();
      for (const [labels, cfr, rework] of [
        [SHOP, 0.5, 0.5],
        [CART, 0, 0],
      ] as const) {
        const api = (await server.get(`/api/v1/metrics?service=${labels.service}`)).body;
        assert.equal(api.change_failure_rate.rate, cfr);
        assert.equal(api.rework_rate.rate, rework);
        assert.equal(all.get(key('dora_change_failure_rate', labels)), cfr);
        assert.equal(all.get(key('dora_rework_rate', labels)), rework);
      }
    });

    test('each family is described once, and requests are timed by route pattern', async () => {
      assert.equal((await fetch(`${server.url}/no/such/route/42`)).status, 404);
      const { text } = await scrape(server);
      for (const family of [
        'dora_deployment_frequency_total',
        'dora_lead_time_seconds',
        'dora_mttr_seconds',
      ]) {
        assert.equal(text.split(`# TYPE ${family} `).length, 2, family);
        assert.equal(text.split(`# HELP ${family} `).length, 2, family);
      }
      const all = parseExposition(text);
      const count = (labels: Record<string, string>) =>
        all.get(key('fivekeys_http_request_duration_seconds_count', labels));
      assert.equal(count({ method: 'POST', route: '/api/v1/deployments', status_code: '202' }), 10);
      assert.equal(count({ method: 'PUT', route: '/api/v1/services/:name', status_code: '200' }), 1);
      assert.equal(count({ method: 'GET', route: 'unmatched', status_code: '404' }), 1);
      // Node.js defaults keep their standard names, which stock Node.js dashboards query.
      assert.ok((all.get('process_cpu_seconds_total{}') ?? 0) > 0);
      assert.ok((all.get('nodejs_heap_size_used_bytes{}') ?? 0) > 0);
      assert.deepEqual(
        [...all.keys()].filter((name) => /^fivekeys_(process|nodejs)_/.test(name)),
        [],
      );
      const pool = all.get('fivekeys_db_pool_max_connections{}');
      assert.equal(pool, backend.name === 'postgres' ? 4 : undefined);
    });
  });
}
