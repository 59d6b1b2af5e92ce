/**
 * History loaded before Prometheus first scrapes (the demo, as an import would) against a real
 * Prometheus: `promtool check metrics` finds nothing, every documented series is stored, the 30-day
 * window gauges equal `GET /api/v1/metrics` for the same window, and the bundled dashboard's stat
 * row shows them where `increase()` over the counters reads 0.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadDemo } from '../../src/service/demo/demo.ts';
import { loadDashboards, panelsOf } from '../dashboards/dashboard-files.ts';
import { backends, type TestDb } from '../helpers/backends.ts';
import { until } from '../helpers/processes.ts';
import {
  prometheusMissing,
  promtool,
  startPrometheus,
  type RunningPrometheus,
} from '../helpers/prometheus.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const TOKEN = 'prometheus-windows-token';
const DAY_MS = 86_400_000;

/** The window gauges and the field of `/api/v1/metrics` each one carries. */
const GAUGES = {
  dora_deployments: (api: ApiMetrics) => api.deployment_frequency.count,
  dora_lead_time_median_seconds: (api: ApiMetrics) => api.lead_time.median_seconds,
  dora_mttr_median_seconds: (api: ApiMetrics) => api.time_to_restore.median_seconds,
  dora_failed_deployment_recovery_median_seconds: (api: ApiMetrics) =>
    api.failed_deployment_recovery_time.median_seconds,
};

interface ApiMetrics {
  deployment_frequency: { count: number };
  lead_time: { median_seconds: number | null };
  time_to_restore: { median_seconds: number | null };
  failed_deployment_recovery_time: { median_seconds: number | null };
}

/** Every series the exposition documents in its HELP texts; the pool's only on PostgreSQL. */
const DOCUMENTED = [
  'dora_deployment_frequency_total',
  'dora_lead_time_seconds_bucket',
  'dora_change_failure_rate',
  'dora_mttr_seconds_bucket',
  'dora_rework_rate',
  'dora_failed_deployment_recovery_seconds_bucket',
  ...Object.keys(GAUGES),
  'fivekeys_http_request_duration_seconds_bucket',
  'fivekeys_ingest_requests_total',
  'fivekeys_ingest_batch_size_bucket',
  'fivekeys_dora_refresh_failures_total',
  'fivekeys_log_lines_dropped_total',
  'process_cpu_seconds_total',
  'nodejs_heap_size_used_bytes',
];

const statPanels = () => {
  const prometheusDashboard = loadDashboards().find(
    ({ dashboard }) => dashboard.uid === 'fivekeys-prometheus',
  );
  return panelsOf(prometheusDashboard!.dashboard).filter((panel) => panel.type === 'stat');
};
/** A dashboard query with every filter on "All". */
const allSelected = (expr: string) => expr.replace(/\$(service|environment|team|application)\b/g, '.*');

for (const backend of backends()) {
  describe(`window gauges against a real Prometheus (${backend.name})`, { skip: prometheusMissing() }, () => {
    let testDb: TestDb;
    let server: TestServer;
    let prometheus: RunningPrometheus | undefined;
    let folder: string;
    const apiMetrics = async (filter: Record<string, string>): Promise<ApiMetrics> => {
      const now = Date.now();
      const window = { from: new Date(now - 30 * DAY_MS).toISOString(), to: new Date(now).toISOString() };
      const response = await server.get(`/api/v1/metrics?${new URLSearchParams({ ...filter, ...window })}`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body as ApiMetrics;
    };

    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db, { auth: 'off', metricsToken: TOKEN, metricsCacheSeconds: 1 });
      await loadDemo(server.services, { days: 60, services: 4, seed: 7, end: new Date() });
      folder = mkdtempSync(join(tmpdir(), 'fivekeys-prometheus-windows-'));
    });
    after(async () => {
      await prometheus?.stop();
      await server?.close();
      await testDb?.drop();
      if (folder) rmSync(folder, { recursive: true, force: true });
    });

    test('promtool check metrics finds nothing in an exposition over the demo history', async () => {
      const response = await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const text = await response.text();
      assert.match(text, /^dora_deployments\{window="30d",/m);
      const { code, output } = await promtool(['check', 'metrics'], text);
      assert.equal(code, 0, output);
      assert.equal(output, '');
    });

    test('Prometheus stores every documented series, and the gauges equal the API for 30 days', async () => {
      prometheus = await startPrometheus(folder, new URL(server.url).host, TOKEN);
      const { query } = prometheus;
      await until('Prometheus to scrape the window gauges', async () =>
        (await query('dora_deployments')).length > 0 ? true : undefined,
      );
      const documented =
        backend.name === 'postgres' ? [...DOCUMENTED, 'fivekeys_db_pool_connections'] : DOCUMENTED;
      for (const name of documented) {
        assert.ok((await query(`count(${name})`)).length > 0, `${name} is not stored`);
      }
      // A deployment may cross the window's edge between a scrape and the API's answer, and a scrape
      // past its 1 s timeout on a loaded machine marks every series stale until the next: retry.
      // Every label set of the counter is compared, a missing gauge with the API's null: how many
      // medians the demo's last 30 days hold varies from run to run.
      let mismatch = '';
      const agreed = await until(
        'the gauges to equal /api/v1/metrics',
        async () => {
          const labelSets = await query('dora_deployment_frequency_total');
          for (const { metric } of labelSets) {
            const { service, environment } = metric as { service: string; environment: string };
            const api = await apiMetrics({ service, environment });
            for (const [name, field] of Object.entries(GAUGES)) {
              const selector = `${name}{window="30d",service="${service}",environment="${environment}"}`;
              const [sample] = await query(selector);
              const value = sample === undefined ? null : Number(sample.value[1]);
              if (value !== field(api)) {
                mismatch = `${selector}: Prometheus ${value}, API ${field(api)}`;
                return undefined;
              }
            }
          }
          return labelSets.length > 0 ? labelSets.length : undefined;
        },
        20_000,
      ).catch(() => assert.fail(mismatch));
      // The demo's four services; one may have no deployment in its 60 days.
      assert.ok(agreed >= 3, `only ${agreed} label sets compared`);
    });

    test("the dashboard's stat row shows the stored history where increase() sees none", async () => {
      const { query } = prometheus!;
      const since = await query('sum(increase(dora_deployment_frequency_total[1h]))');
      assert.ok(
        since.every(({ value }) => value[1] === '0'),
        JSON.stringify(since),
      );
      const all = await apiMetrics({});
      const panels = statPanels();
      const deployments = panels.find((panel) => panel.title.startsWith('Deployments'));
      const [stat] = await query(allSelected(deployments!.targets![0]!.expr!));
      assert.equal(Number(stat?.value[1]), all.deployment_frequency.count);
      assert.ok(all.deployment_frequency.count > 0);
      for (const panel of panels) {
        for (const target of panel.targets ?? []) {
          const result = await query(allSelected(target.expr!));
          assert.equal(result.length, 1, `${panel.title}: ${JSON.stringify(result)}`);
          assert.ok(Number.isFinite(Number(result[0]!.value[1])), `${panel.title}: ${result[0]!.value[1]}`);
        }
      }
    });
  });
}
