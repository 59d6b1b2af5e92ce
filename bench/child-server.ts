/**
 * A fivekeys server in its own process, started by `script` (node's arguments: the build users
 * start, or the sources through tsx). Measures the time from spawn to the first 200 of `/readyz`,
 * and reads the resident set (VmRSS) and its peak (VmHWM) from /proc when asked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface ChildServer {
  url: string;
  pid: number;
  /** Milliseconds from spawn to the first ready answer. */
  readyMs: number;
  /** Peak resident set size so far, in MB (Linux /proc). */
  peakRssMb(): number;
  /** Resident set size now, in MB. */
  rssMb(): number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function startChildServer(env: Record<string, string>, script: string[]): Promise<ChildServer> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, script, {
    env: {
      ...process.env,
      FIVEKEYS_PORT: String(port),
      FIVEKEYS_HOST: '127.0.0.1',
      FIVEKEYS_AUTH: 'off',
      FIVEKEYS_LOG_LEVEL: 'warn',
      // The per-client limit (20,000/min by default) would cap a single-client load run.
      FIVEKEYS_RATE_LIMIT: '10000000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child, () => stderr);
  const readyMs = performance.now() - started;
  const pid = child.pid!;
  return {
    url,
    pid,
    readyMs,
    peakRssMb: () => peakRssMb(pid),
    rssMb: () => statusMb(pid, 'VmRSS'),
    stop: () => stop(child),
  };
}

async function waitReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${stderr()}`);
    const ok = await fetch(`${url}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`server not ready within 120 s: ${stderr()}`);
}

export const peakRssMb = (pid: number): number => statusMb(pid, 'VmHWM');

function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
