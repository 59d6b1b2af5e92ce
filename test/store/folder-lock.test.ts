/**
 * The data folder's lock on real processes: a live holder (this process, or a `sleep` started here)
 * is never broken, a dead or reused pid is taken over, and of several takers racing for one stale
 * lock exactly one wins.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { AppError } from '../../src/errors.ts';
import { acquireFolderLock, readFolderHolder } from '../../src/store/folder-lock.ts';
import { processStartTicks } from '../../src/store/process-identity.ts';

const root = mkdtempSync(join(tmpdir(), 'fivekeys-lock-'));
after(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const freshFolder = () => join(root, `data-${++folders}`);
const lockPath = (dataDir: string) => join(dataDir, 'fivekeys.lock');
const bootId = () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

function writeLock(dataDir: string, record: Record<string, unknown>): string {
  mkdirSync(dataDir, { recursive: true });
  const text = JSON.stringify({
    host: hostname(),
    startedAt: '2026-01-01T00:00:00.000Z',
    command: 'serve',
    ...record,
  });
  writeFileSync(lockPath(dataDir), text);
  return text;
}

async function sleeper(): Promise<ChildProcess & { pid: number }> {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  await once(child, 'spawn');
  after(() => child.kill('SIGKILL'));
  return child as ChildProcess & { pid: number };
}

async function deadPid(): Promise<number> {
  const child = spawn('true', { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}

const refused = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof AppError, String(error));
  assert.equal(error.code, 'folder_locked');
  assert.equal(error.status, 409);
  assert.match(error.message, pattern);
  return true;
};

test('a lock on a folder that does not exist yet creates it, records this process and goes on release', async () => {
  const dataDir = join(freshFolder(), 'nested');
  const lock = await acquireFolderLock(dataDir, 'demo');
  assert.equal(lock.holder.pid, process.pid);
  assert.equal(lock.holder.command, 'demo');
  assert.ok(Math.abs(Date.parse(lock.holder.startedAt) - (Date.now() - process.uptime() * 1000)) < 5000);
  assert.deepEqual(await readFolderHolder(dataDir), lock.holder);
  await lock.release();
  assert.equal(existsSync(lockPath(dataDir)), false);
  assert.equal(await readFolderHolder(dataDir), undefined);
});

test('a held folder refuses a second taker, naming the holder, its address and what to do', async () => {
  const dataDir = freshFolder();
  const lock = await acquireFolderLock(dataDir, 'serve');
  await lock.setUrl('http://127.0.0.1:9999');
  assert.equal((await readFolderHolder(dataDir))?.url, 'http://127.0.0.1:9999');
  await assert.rejects(
    acquireFolderLock(dataDir, 'migrate'),
    refused(
      new RegExp(`fivekeys serve.*pid ${process.pid}.*http://127\\.0\\.0\\.1:9999.*applies migrations`),
    ),
  );
  await assert.rejects(acquireFolderLock(dataDir, 'serve'), refused(/another --data-dir/));
  await lock.release();
  const next = await acquireFolderLock(dataDir, 'migrate');
  await next.release();
});

test('a live process holding the lock is never taken over, even when idle for long', async () => {
  const dataDir = freshFolder();
  const holder = await sleeper();
  const text = writeLock(dataDir, {
    pid: holder.pid,
    bootId: bootId(),
    startTicks: processStartTicks(holder.pid),
  });
  const lines: string[] = [];
  await assert.rejects(
    acquireFolderLock(dataDir, 'serve', (line) => lines.push(line)),
    refused(new RegExp(`pid ${holder.pid}`)),
  );
  assert.equal((await readFolderHolder(dataDir))?.pid, holder.pid);
  assert.equal(readFileSync(lockPath(dataDir), 'utf8'), text);
  assert.deepEqual(lines, []);
});

test('a lock held on another host is kept, and the refusal says how to clear it', async () => {
  const dataDir = freshFolder();
  const text = writeLock(dataDir, { pid: await deadPid(), host: 'elsewhere.example' });
  await assert.rejects(
    acquireFolderLock(dataDir, 'serve'),
    refused(/on host elsewhere\.example.*delete .*fivekeys\.lock/),
  );
  assert.equal(readFileSync(lockPath(dataDir), 'utf8'), text);
});

for (const [what, stale] of [
  ['a dead pid', async () => ({ pid: await deadPid() })],
  [
    'a reused pid (alive, but started at another time)',
    async () => {
      const pid = (await sleeper()).pid;
      return { pid, bootId: bootId(), startTicks: processStartTicks(pid)! - 1 };
    },
  ],
  [
    'a pid of an earlier boot',
    async () => ({ pid: (await sleeper()).pid, bootId: 'an-earlier-boot', startTicks: 1 }),
  ],
] as const) {
  test(`the lock of ${what} is taken over, with a line naming it`, async () => {
    const dataDir = freshFolder();
    const record = await stale();
    writeLock(dataDir, record);
    assert.equal(await readFolderHolder(dataDir), undefined);
    const lines: string[] = [];
    const lock = await acquireFolderLock(dataDir, 'serve', (line) => lines.push(line));
    assert.equal(lock.holder.pid, process.pid);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, new RegExp(`taking over the lock of pid ${record.pid} .*no longer running`));
    await lock.release();
  });
}

test('an unreadable lock is taken over, and a takeover mutex left by a dead taker does not block', async () => {
  const dataDir = freshFolder();
  mkdirSync(dataDir);
  writeFileSync(lockPath(dataDir), '{"pid": 12');
  const mutex = `${lockPath(dataDir)}.takeover`;
  mkdirSync(mutex);
  utimesSync(mutex, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  const lines: string[] = [];
  const lock = await acquireFolderLock(dataDir, 'serve', (line) => lines.push(line));
  assert.match(lines.join('\n'), /taking over an unreadable lock/);
  assert.equal(existsSync(mutex), false);
  await lock.release();
});

test('concurrent takers of one stale lock in one process: exactly one wins', async () => {
  const dataDir = freshFolder();
  writeLock(dataDir, { pid: await deadPid() });
  const lines: string[] = [];
  const results = await Promise.allSettled(
    Array.from({ length: 8 }, () => acquireFolderLock(dataDir, 'serve', (line) => lines.push(line))),
  );
  const won = results.filter((result) => result.status === 'fulfilled');
  assert.equal(won.length, 1);
  for (const result of results) if (result.status === 'rejected') refused(/in use/)(result.reason);
  assert.equal(lines.length, 1, 'the stale lock is removed once');
  await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireFolderLock>>>).value.release();
});

const TAKER = `
import { acquireFolderLock } from './src/store/folder-lock.ts';
process.stdout.write('ready\\n');
process.stdin.once('data', () => {
  acquireFolderLock(process.argv[1], 'race', (line) => process.stderr.write(line + '\\n')).then(
    () => { process.stdout.write('won\\n'); process.stdin.once('data', () => process.exit(0)); },
    (error) => { process.stdout.write('refused ' + error.code + '\\n'); process.exit(0); },
  );
});
`;

test(
  'processes racing for one stale lock: exactly one wins, the others are refused',
  { timeout: 120_000 },
  async () => {
    const dataDir = freshFolder();
    writeLock(dataDir, { pid: await deadPid() });
    const takers = Array.from({ length: 4 }, () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', TAKER, dataDir],
        {
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      const taker = { child, output: '', errors: '', closed: false };
      child.stdout.on('data', (chunk: Buffer) => (taker.output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (taker.errors += chunk.toString()));
      child.once('close', () => (taker.closed = true));
      return taker;
    });
    after(() => takers.forEach(({ child }) => child.kill('SIGKILL')));
    const settled = async (pattern: RegExp) => {
      while (!takers.every((taker) => pattern.test(taker.output))) {
        const quit = takers.find((taker) => taker.closed && !pattern.test(taker.output));
        if (quit) assert.fail(`a taker exited early: ${quit.errors}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await settled(/ready/);
    for (const { child } of takers) child.stdin.write('go\n');
    await settled(/won|refused/);
    const outcomes = takers.map((taker) => taker.output.replace('ready\n', '').trim()).sort();
    assert.deepEqual(outcomes, [
      'refused folder_locked',
      'refused folder_locked',
      'refused folder_locked',
      'won',
    ]);
    assert.equal(
      takers
        .map((taker) => taker.errors)
        .join('')
        .match(/taking over/g)?.length,
      1,
    );
    const winner = takers.find((taker) => taker.output.includes('won'))!;
    assert.equal((await readFolderHolder(dataDir))?.pid, winner.child.pid);
    winner.child.stdin.write('done\n');
    await once(winner.child, 'exit');
    assert.equal(existsSync(lockPath(dataDir)), false, 'a process exiting frees the folder');
  },
);
