/**
 * Our `/metrics` against the real tools (Debian's `prometheus` package): `promtool check metrics`
 * accepts the exposition, and a real Prometheus scraping a listening fivekeys with the metrics token
 * stores our values. Skipped, saying so, where the binaries are not installed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { until } from '../helpers/processes.ts';
import {
  prometheusMissing,
  promtool,
  startPrometheus,
  type RunningPrometheus,
} from '../helpers/prometheus.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const TOKEN = 'prometheus-scrape-token';

const deployment = (id: string, service: string, hoursAgo: number) => ({
  id,
  service,
  environment: 'production',
  status: 'success',
  finished_at: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
});

const backend = backends()[0]!;

describe('a real Prometheus scraping fivekeys', { skip: prometheusMissing() }, () => {
  let testDb: TestDb;
  let server: TestServer;
  let prometheus: RunningPrometheus | undefined;
  let folder: string;
  before(async () => {
    testDb = await backend.create();
    server = await startServer(testDb.db, { auth: 'off', metricsToken: TOKEN, metricsCacheSeconds: 1 });
    folder = mkdtempSync(join(tmpdir(), 'fivekeys-prometheus-'));
    await server.post('/api/v1/changes', {
      repository: 'acme/shop',
      sha: 'aaaa1111',
      committed_at: new Date(Date.now() - 5 * 3_600_000).toISOString(),
    });
    for (const event of [
      { ...deployment('s1', 'shop', 3), commit: 'aaaa1111' },
      deployment('s2', 'shop', 2),
      deployment('s3', 'shop', 1),
      deployment('c1', 'cart', 1),
    ]) {
      assert.equal((await server.post('/api/v1/deployments', event)).status, 202);
    }
    await server.post('/api/v1/incidents', {
      id: 'INC-1',
      service: 'shop',
      started_at: new Date(Date.now() - 2.5 * 3_600_000).toISOString(),
      resolved_at: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    });
  });
  after(async () => {
    await prometheus?.stop();
    await server?.close();
    await testDb?.drop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('promtool check metrics accepts the exposition', async () => {
    const response = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /dora_lead_time_seconds_bucket\{.*le="\+Inf"\} 1/);
    const { code, output } = await promtool(['check', 'metrics'], text);
    assert.equal(code, 0, output);
    assert.equal(output, '');
  });

  test('Prometheus stores our deployment counters per label set', async () => {
    prometheus = await startPrometheus(folder, new URL(server.url).host, TOKEN);
    const { query } = prometheus;
    const counters = await until('Prometheus to scrape the DORA counters', async () => {
      const result = await query('dora_deployment_frequency_total');
      return result.length === 2 ? result : undefined;
    });
    assert.deepEqual(
      counters.map(({ metric, value }) => [metric.service, metric.environment, metric.job, value[1]]).sort(),
      [
        ['cart', 'production', 'fivekeys', '1'],
        ['shop', 'production', 'fivekeys', '3'],
      ],
    );
    const [leadTime] = await query('dora_lead_time_seconds_count{service="shop"}');
    assert.equal(leadTime?.value[1], '1');
    const [withinAnHour] = await query('dora_mttr_seconds_bucket{service="shop",le="3600"}');
    assert.equal(withinAnHour?.value[1], '1');
    const [up] = await query('up{job="fivekeys"}');
    assert.equal(up?.value[1], '1');
  });
});
