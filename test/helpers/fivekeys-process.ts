/**
 * fivekeys as a real child process (`node --import tsx src/cli/main.ts serve`, or a bundle), so a
 * test can kill it with SIGKILL the way an OOM killer or a node failure would, and start another on the same data.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, until } from './processes.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const ADMIN_TOKEN = 'fault-admin-token-0123456789abcdef';

const started = new Set<FivekeysProcess>();

/** Kills whatever a test started and did not stop (a failed assertion): an orphan would hang the run. */
export async function killAllFivekeys(): Promise<void> {
  await Promise.all([...started].map((child) => child.stop('SIGKILL')));
}

export interface FivekeysProcess {
  url: string;
  pid: number;
  /** False once the process has exited (for any reason). */
  alive(): boolean;
  /** The last part of its output, for failure messages. */
  output(): string;
  /** Sends `signal` and resolves once the process has exited, with its exit code. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<number | null>;
  /** Sends `signal` without waiting. */
  signal(signal: 'SIGTERM' | 'SIGINT'): void;
  /** Resolves when the process has exited, with its exit code (null when a signal ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The reader of its stdout goes away (as `| head` or a restarted log shipper does). */
  closeStdout(): void;
}

export interface StartOptions {
  /** More environment (FIVEKEYS_SHUTDOWN_TIMEOUT, FIVEKEYS_LOG_LEVEL, ...). */
  env?: Record<string, string>;
  /** Runs this bundle (scripts/bundle.mjs) instead of src/ through tsx: it starts in a fraction of the time. */
  bundle?: string;
  /** 'unread': nothing reads its stdout, so the pipe fills up (output() then holds stderr only). */
  stdout?: 'read' | 'unread';
  /** The admin token it is started with; null starts it without one (open mode, or auth off). */
  adminToken?: string | null;
  /** Ready also needs this (e.g. the data folder's lock naming the address); /readyz alone is not enough. */
  readyWhen?: (url: string) => boolean;
}

/** Starts fivekeys on `database` (DATABASE_URL or FIVEKEYS_DATA_DIR) and waits until `/readyz` answers 200. */
export async function startFivekeys(
  database: { DATABASE_URL: string } | { FIVEKEYS_DATA_DIR: string },
  readyWithinMs = 120_000,
  options: StartOptions = {},
): Promise<FivekeysProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (/^(FIVEKEYS_|DATABASE_URL$)/.test(name)) delete env[name];
  const entry = options.bundle ? [options.bundle] : ['--import', 'tsx', 'src/cli/main.ts'];
  const child = spawn(process.execPath, [...entry, 'serve'], {
    cwd: REPO,
    env: {
      ...env,
      ...database,
      FIVEKEYS_PORT: String(port),
      FIVEKEYS_HOST: '127.0.0.1',
      ...(options.adminToken === null ? {} : { FIVEKEYS_ADMIN_TOKEN: options.adminToken ?? ADMIN_TOKEN }),
      FIVEKEYS_LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  if (options.stdout !== 'unread') child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const state = await until(
    'fivekeys to answer /readyz',
    async () =>
      exited
        ? 'exited'
        : (await fetch(`${url}/readyz`)).ok && (options.readyWhen?.(url) ?? true)
          ? 'ready'
          : undefined,
    readyWithinMs,
  ).catch((error: Error) => error.message);
  if (state !== 'ready') {
    child.kill('SIGKILL');
    throw new Error(`fivekeys did not become ready (${state}):\n${output}`);
  }
  const handle: FivekeysProcess = {
    url,
    pid: child.pid!,
    alive: () => !exited,
    output: () => output,
    async stop(signal) {
      if (!exited) child.kill(signal);
      const { code } = await exit;
      started.delete(handle);
      return code;
    },
    signal: (signal) => child.kill(signal),
    exited: exit,
    closeStdout: () => child.stdout.destroy(),
  };
  started.add(handle);
  return handle;
}
