/**
 * One process per data folder, with the built CLI in real processes: while `serve` holds a folder,
 * `migrate`, a second `serve` and `doctor` refuse (naming its pid and address) and the server keeps
 * its data; a normal stop frees the folder, a kill -9 leaves a lock the next start takes over, and a
 * live process's lock is never broken.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { processStartTicks } from '../../src/store/process-identity.ts';
import { killAllFivekeys, startFivekeys, type FivekeysProcess } from '../helpers/fivekeys-process.ts';
import { freePort } from '../helpers/processes.ts';

const BUNDLE = 'dist/cli/main.js';
const dataDir = join(mkdtempSync(join(tmpdir(), 'fivekeys-lock-cli-')), 'data');
const lockFile = join(dataDir, 'fivekeys.lock');
/** Processes a test starts other than servers (a live stranger holding a lock). */
const children = new Set<ReturnType<typeof spawn>>();

function env(folder = dataDir): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(base)) if (/^(FIVEKEYS_|DATABASE_URL$)/.test(name)) delete base[name];
  return {
    ...base,
    FIVEKEYS_DATA_DIR: folder,
    FIVEKEYS_AUTH: 'off',
    FIVEKEYS_LOG_LEVEL: 'warn',
    FIVEKEYS_HOST: '127.0.0.1',
  };
}

interface Run {
  status: number | null;
  output: string;
}

/** Runs the CLI to its end (a command that should refuse but serves instead is killed at the timeout). */
async function run(args: string[], folder = dataDir, timeoutMs = 120_000): Promise<Run> {
  const child = spawn(process.execPath, [BUNDLE, ...args], {
    env: env(folder),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [status] = (await once(child, 'close')) as [number | null];
  return { status, output };
}

const lockOf = () => JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; url?: string };

/** `serve` on the folder, ready once /readyz answers and the lock names its address. */
const serve = () =>
  startFivekeys({ FIVEKEYS_DATA_DIR: dataDir }, 120_000, {
    bundle: BUNDLE,
    adminToken: null,
    env: { FIVEKEYS_AUTH: 'off' },
    readyWhen: (url) => lockOf().url === url,
  });

const deployment = (id: string) => ({
  id,
  service: 'shop',
  environment: 'production',
  status: 'success',
  finished_at: '2026-03-03T10:00:00Z',
});

async function post(url: string, id: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/deployments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(deployment(id)),
  });
  return response.status;
}

async function storedIds(url: string): Promise<string[]> {
  const page = (await (
    await fetch(`${url}/api/v1/deployments?from=2026-03-01T00:00:00Z&to=2026-03-09T00:00:00Z&limit=1000`)
  ).json()) as { items: { id: string }[] };
  return page.items.map((item) => item.id).sort();
}

let first: FivekeysProcess;

before(async () => {
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
  first = await serve();
});

after(async () => {
  await killAllFivekeys();
  for (const child of children) child.kill('SIGKILL');
  rmSync(join(dataDir, '..'), { recursive: true, force: true });
});

test(
  'while serve holds the folder, migrate, a second serve and doctor refuse naming it, and it keeps its data',
  { timeout: 180_000 },
  async (t) => {
    assert.equal(await post(first.url, 'before-migrate'), 202);
    assert.deepEqual(lockOf(), { ...lockOf(), pid: first.pid, url: first.url });

    const migrate = await run(['migrate']);
    assert.notEqual(migrate.status, 0, migrate.output);
    assert.match(migrate.output, new RegExp(`fivekeys serve.*pid ${first.pid}.*${first.url}`));
    assert.match(migrate.output, /Stop it first; the server applies migrations itself when it starts/);

    const started = performance.now();
    const second = await run(['serve', '--port', String(await freePort())]);
    const refusedMs = performance.now() - started;
    assert.notEqual(second.status, 0, second.output);
    assert.match(second.output, new RegExp(`pid ${first.pid}.*${first.url}.*another --data-dir`));

    const doctor = await run(['doctor']);
    assert.equal(doctor.status, 1, doctor.output);
    assert.match(doctor.output, new RegExp(`fivekeys doctor --url ${first.url}`));

    assert.equal(lockOf().pid, first.pid);
    assert.equal(await post(first.url, 'after-migrate'), 202);
    assert.deepEqual(await storedIds(first.url), ['after-migrate', 'before-migrate']);
    t.diagnostic(`the second serve refused in ${Math.round(refusedMs)} ms (process start included)`);
  },
);

test(
  'SIGTERM frees the folder; after a kill -9 the next serve takes the stale lock over with every acknowledged row',
  { timeout: 300_000 },
  async () => {
    assert.equal(await first.stop('SIGTERM'), 0, first.output());
    assert.equal(existsSync(lockFile), false, 'the lock file is removed on a normal stop');

    const second = await serve();
    assert.doesNotMatch(second.output(), /taking over/);
    const ids = Array.from({ length: 20 }, (_, index) => `acknowledged-${index}`);
    for (const id of ids) assert.equal(await post(second.url, id), 202);
    await second.stop('SIGKILL');
    assert.equal(lockOf().pid, second.pid, 'a killed server leaves its lock');

    const third = await serve();
    try {
      assert.match(third.output(), new RegExp(`taking over the lock of pid ${second.pid} \\(fivekeys serve`));
      const stored = await storedIds(third.url);
      for (const id of ['before-migrate', 'after-migrate', ...ids])
        assert.ok(stored.includes(id), `${id} is stored`);
    } finally {
      assert.equal(await third.stop('SIGTERM'), 0, third.output());
    }
  },
);

test(
  'a live process holding the lock is never taken over; a dead or reused pid is',
  { timeout: 180_000 },
  async () => {
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.add(sleeper);
    await once(sleeper, 'spawn');
    const pid = sleeper.pid!;
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const writeLock = (folder: string, startTicks: number) => {
      const text = JSON.stringify({
        pid,
        host: hostname(),
        startedAt: new Date().toISOString(),
        command: 'demo',
        bootId,
        startTicks,
      });
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'fivekeys.lock'), text);
      return text;
    };
    // A folder with no database yet: a refused command must not even start creating one.
    const heldDir = join(dataDir, '..', 'held');
    const live = writeLock(heldDir, processStartTicks(pid)!);
    for (const [args, advice] of [
      [['migrate'], 'Wait for it to finish'],
      [['serve', '--port', '0'], 'another --data-dir'],
    ] as const) {
      const refused = await run([...args], heldDir);
      assert.notEqual(refused.status, 0, refused.output);
      assert.match(refused.output, new RegExp(`fivekeys demo\` \\(pid ${pid}, started .*${advice}`));
      assert.equal(readFileSync(join(heldDir, 'fivekeys.lock'), 'utf8'), live);
      assert.deepEqual(readdirSync(heldDir), ['fivekeys.lock']);
    }

    writeLock(dataDir, processStartTicks(pid)! + 1);
    const reused = await run(['migrate']);
    assert.equal(reused.status, 0, reused.output);
    assert.match(reused.output, new RegExp(`taking over the lock of pid ${pid} `));
    assert.match(reused.output, /database is up to date/);

    sleeper.kill('SIGKILL');
    await once(sleeper, 'close');
    writeLock(dataDir, processStartTicks(process.pid)!);
    const dead = await run(['migrate']);
    assert.equal(dead.status, 0, dead.output);
    assert.match(dead.output, new RegExp(`taking over the lock of pid ${pid} `));
    assert.equal(existsSync(lockFile), false);
  },
);
