/**
 * The real Prometheus tools (Debian's `prometheus` package) for tests: `promtool` on a text, and a
 * Prometheus scraping one target every second with a bearer token, queried over its HTTP API.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './processes.ts';

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';

/** Why Prometheus tests are skipped here, or false when both binaries are installed. */
export function prometheusMissing(): string | false {
  const missing = [PROMETHEUS, PROMTOOL].filter((binary) => !existsSync(binary));
  return missing.length > 0 && `${missing.join(', ')} not installed (apt-get install prometheus)`;
}

/** Runs promtool with `input` on stdin; resolves with its exit code and output. */
export function promtool(args: string[], input: string): Promise<{ code: number | null; output: string }> {
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

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RunningPrometheus {
  query(promql: string): Promise<PromSample[]>;
  stop(): Promise<void>;
}

/** Starts Prometheus scraping `target` (host:port) as job `fivekeys`, keeping its data in `folder`. */
export async function startPrometheus(
  folder: string,
  target: string,
  token: string,
): Promise<RunningPrometheus> {
  const port = await freePort();
  writeFileSync(
    join(folder, 'prometheus.yml'),
    `
global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: fivekeys
    metrics_path: /metrics
    authorization: { credentials: ${token} }
    static_configs: [{ targets: ['${target}'] }]
`,
  );
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(folder, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(folder, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  const api = `http://127.0.0.1:${port}/api/v1/query?query=`;
  return {
    async query(promql) {
      const body = (await (await fetch(api + encodeURIComponent(promql))).json()) as {
        data: { result: PromSample[] };
      };
      return body.data.result;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}
