/**
 * `fivekeys serve` as a real process told to stop. It must always end: gracefully (exit 0, every
 * acknowledged event committed) within FIVEKEYS_SHUTDOWN_TIMEOUT, even when its stdout pipe is full
 * and then has no reader (pino's destination used to retry that write for ever, so SIGTERM never
 * ended it); and at once, non-zero, naming what was pending, past the grace period or on a second
 * signal. The embedded data folder is shared by the tests, so each start also shows that the
 * previous stop, forced or not, left it usable.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { openDb, type Db } from '../../src/store/db.ts';
import { backends } from '../helpers/backends.ts';
import {
  ADMIN_TOKEN,
  killAllFivekeys,
  startFivekeys,
  type FivekeysProcess,
} from '../helpers/fivekeys-process.ts';
import { assertStoredOnce, startLoad, storedCounts, summary } from './load.ts';

/** Built once for this file: the bundle starts in ~3 s where src/ through tsx takes ~13 s here. */
const BUNDLE_DIR = `test-artifacts/shutdown-${process.pid}`;
const BUNDLE = `${BUNDLE_DIR}/main.js`;

/** The default grace period; the tests that exceed it set their own. */
const GRACE_MS = 10_000;

const status = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(5000) })).status;

/** Milliseconds from now until the process exits; fails if it is still running after `withinMs`. */
async function exitOf(server: FivekeysProcess, withinMs: number) {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`still running ${withinMs} ms after the signal:\n${server.output().slice(-2000)}`)),
      withinMs,
    );
  });
  try {
    const exit = await Promise.race([server.exited, timeout]);
    return { ...exit, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** A request whose body never finishes arriving: in flight until the request timeout (30 s). */
async function holdRequestOpen(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `POST /api/v1/deployments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id":',
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  return socket;
}

/** `concurrency` senders make `count` requests for a long URL, each logged twice at level info. */
async function logHeavily(url: string, count: number, concurrency = 20): Promise<number> {
  const padded = `${url}/healthz?pad=${'x'.repeat(8000)}`;
  let left = count;
  let answered = 0;
  const sender = async () => {
    while (left > 0) {
      left -= 1;
      const response = await fetch(padded, { signal: AbortSignal.timeout(5000) });
      await response.text();
      if (response.ok) answered += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  return answered;
}

async function droppedLogLines(url: string): Promise<number> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const text = await response.text();
  return Number(/^fivekeys_log_lines_dropped_total (\S+)$/m.exec(text)?.[1] ?? NaN);
}

describe('stopping fivekeys serve', { timeout: 600_000 }, () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'fivekeys-shutdown-'));
    execFileSync(process.execPath, ['scripts/bundle.mjs', BUNDLE], { stdio: 'inherit' });
  });
  after(async () => {
    await killAllFivekeys();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(BUNDLE_DIR, { recursive: true, force: true });
  });

  test('SIGTERM while stdout is a full pipe nobody reads, whose reader then exits: exit 0 within the grace period', async (t) => {
    // Creating the data folder takes PGlite several seconds (more on a busy machine).
    const server = await startFivekeys({ FIVEKEYS_DATA_DIR: dataDir }, 180_000, {
      bundle: BUNDLE,
      env: { FIVEKEYS_LOG_LEVEL: 'info', FIVEKEYS_SHUTDOWN_TIMEOUT: '5' },
      stdout: 'unread',
    });
    // 400 requests log over 3 MiB: the pipe (64 KiB) and fivekeys's 1 MiB of buffered lines fill up.
    assert.equal(await logHeavily(server.url, 400), 400, 'every request answered while nobody reads stdout');
    const dropped = await droppedLogLines(server.url);

    server.signal('SIGTERM');
    // The log shipper restarts meanwhile: its end of the pipe closes (EPIPE from then on).
    setTimeout(() => server.closeStdout(), 1000);
    const exit = await exitOf(server, 5000 + 3000);
    assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, server.output());
    assert.ok(dropped > 0, `lines dropped and counted in fivekeys_log_lines_dropped_total (${dropped})`);
    t.diagnostic(`${dropped} log lines dropped while full; exit 0 ${exit.ms.toFixed(0)} ms after SIGTERM`);
  });

  test('stdout closed by its reader (EPIPE): still serving, lines counted as dropped; SIGTERM with a drain: /readyz 503 stopping while serving, then exit 0', async () => {
    const server = await startFivekeys({ FIVEKEYS_DATA_DIR: dataDir }, 120_000, {
      bundle: BUNDLE,
      env: { FIVEKEYS_LOG_LEVEL: 'info', FIVEKEYS_SHUTDOWN_DRAIN: '5' },
      stdout: 'unread',
    });
    server.closeStdout();
    assert.equal(await logHeavily(server.url, 100), 100, 'every request answered once stdout is gone');
    const dropped = await droppedLogLines(server.url);
    assert.ok(dropped >= 200, `each request's two lines dropped and counted (${dropped})`);

    server.signal('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ready = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(5000) });
    assert.equal(ready.status, 503);
    assert.equal(ready.headers.get('retry-after'), '5');
    assert.equal(((await ready.json()) as { status: string }).status, 'stopping');
    assert.equal(await status(`${server.url}/healthz`), 200, 'still serving while load balancers drain');
    const exit = await exitOf(server, GRACE_MS);
    assert.equal(exit.code, 0, server.output());
  });

  test('a second SIGTERM during a slow stop exits at once, non-zero, naming what was pending', async () => {
    const server = await startFivekeys({ FIVEKEYS_DATA_DIR: dataDir }, 120_000, { bundle: BUNDLE });
    const held = await holdRequestOpen(server.url);
    try {
      server.signal('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.ok(server.alive(), 'the first SIGTERM waits for the request in flight');
      server.signal('SIGTERM');
      const exit = await exitOf(server, 2000);
      assert.equal(exit.code, 128 + 15, server.output());
      assert.match(
        server.output(),
        /SIGTERM again while stopping: exiting now with .* [1-9]\d* open connections/,
      );
    } finally {
      held.destroy();
    }
  });

  test('past FIVEKEYS_SHUTDOWN_TIMEOUT the process exits 1, naming what was pending', async () => {
    const server = await startFivekeys({ FIVEKEYS_DATA_DIR: dataDir }, 120_000, {
      bundle: BUNDLE,
      env: { FIVEKEYS_SHUTDOWN_TIMEOUT: '1' },
    });
    const held = await holdRequestOpen(server.url);
    try {
      server.signal('SIGTERM');
      const exit = await exitOf(server, 1000 + 2000);
      assert.equal(exit.code, 1, server.output());
      assert.match(
        server.output(),
        /not stopped within 1 s \(FIVEKEYS_SHUTDOWN_TIMEOUT\): exiting now with 0 ingest requests waiting, 0 in the running batch, [1-9]\d* open connections/,
      );
    } finally {
      held.destroy();
    }
  });

  for (const backend of ['pglite', 'postgres'] as const) {
    const postgres = backends().find((candidate) => candidate.name === 'postgres');
    test(
      `SIGTERM during a 50-connection ingest load (${backend}): exit 0 within the grace period, every acknowledged event stored`,
      { skip: backend === 'postgres' && !postgres ? 'TEST_DATABASE_URL is not set' : false },
      async (t) => sigtermUnderLoad(t, backend === 'postgres' ? postgres!.create() : undefined, dataDir),
    );
  }
});

async function sigtermUnderLoad(
  t: TestContext,
  postgres: Promise<{ db: Db; url: string | undefined; drop(): Promise<void> }> | undefined,
  dataDir: string,
) {
  const testDb = await postgres;
  const database = testDb?.url ? { DATABASE_URL: testDb.url } : { FIVEKEYS_DATA_DIR: dataDir };
  const prefix = `sigterm-${testDb ? 'pg' : 'pglite'}`;
  try {
    const first = await startFivekeys(database, 120_000, { bundle: BUNDLE });
    const load = startLoad(first.url, prefix, 50);
    await load.waitFor('300 acknowledged events', (report) => report.acknowledged.size >= 300, 90_000);
    first.signal('SIGTERM');
    const exit = await exitOf(first, GRACE_MS);
    const report = await load.stop();
    assert.equal(exit.code, 0, first.output());
    assert.deepEqual(
      report.unexpected,
      [],
      `only 2xx, 503 + Retry-After or refused connections: ${summary(report)}`,
    );

    const second = await startFivekeys(database, 120_000, { bundle: BUNDLE });
    await second.stop('SIGTERM');
    const db = testDb?.db ?? (await openDb({ dataDir }));
    try {
      const stored = await storedCounts(db, prefix);
      const found = [...report.acknowledged.keys()].filter((key) => stored.has(key)).length;
      assertStoredOnce(stored, report.acknowledged.keys(), 'acknowledged before the SIGTERM');
      t.diagnostic(
        `acknowledged ${report.acknowledged.size}, found ${found}, lost ${report.acknowledged.size - found}; ` +
          `refused ${report.refused}, connection refused/broken ${report.lost}; exit 0 ${exit.ms.toFixed(0)} ms after SIGTERM`,
      );
    } finally {
      if (!testDb) await db.close();
    }
  } finally {
    await killAllFivekeys();
    await testDb?.drop();
  }
}
