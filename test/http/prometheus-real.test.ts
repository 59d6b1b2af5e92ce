/**
 * Our `/metrics` against the real tools (Debian's `prometheus` package): `promtool check metrics`
 * accepts the exposition, and a real Prometheus scraping a listening fivekeys with the metrics token
 * stores our values. Skipped, saying so, where the binaries are not installed.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { freePort, until } from '../helpers/processes.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';
const TOKEN = 'prometheus-scrape-token';
const missing = [PROMETHEUS, PROMTOOL].filter((binary) => !existsSync(binary));

/** Runs promtool with `input` on stdin; resolves with its exit code and output. */
function promtool(args: string[], input: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(input);
  });
}

const config = (target: string) => `
global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: fivekeys
    metrics_path: /metrics
    authorization: { credentials: ${TOKEN} }
    static_configs: [{ targets: ['${target}'] }]
`;

const deployment = (id: string, service: string, hoursAgo: number) => ({
  id,
  service,
  environment: 'production',
  status: 'success',
  finished_at: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
});

const backend = backends()[0]!;

describe(
  'a real Prometheus scraping fivekeys',
  { skip: missing.length > 0 && `${missing.join(', ')} not installed (apt-get install prometheus)` },
  () => {
    let testDb: TestDb;
    let server: TestServer;
    let prometheus: ChildProcess | undefined;
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
      if (prometheus && prometheus.exitCode === null) {
        const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
        prometheus.kill();
        await exited;
      }
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
      const port = await freePort();
      writeFileSync(join(folder, 'prometheus.yml'), config(new URL(server.url).host));
      prometheus = spawn(
        PROMETHEUS,
        [
          `--config.file=${join(folder, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(folder, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { stdio: 'ignore' },
      );
      const api = `http://127.0.0.1:${port}/api/v1/query?query=`;
      const query = async (promql: string) => {
        const body = (await (await fetch(api + encodeURIComponent(promql))).json()) as {
          data: { result: { metric: Record<string, string>; value: [number, string] }[] };
        };
        return body.data.result;
      };
      const counters = await until('Prometheus to scrape the DORA counters', async () => {
        const result = await query('dora_deployment_frequency_total');
        return result.length === 2 ? result : undefined;
      });
      assert.deepEqual(
        counters
          .map(({ metric, value }) => [metric.service, metric.environment, metric.job, value[1]])
          .sort(),
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
  },
);
