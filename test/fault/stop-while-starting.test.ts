/**
 * A SIGTERM that reaches `fivekeys serve` while it is still starting (creating and migrating a fresh
 * embedded folder takes seconds) is held until the server can stop cleanly: exit 0 and the folder's
 * lock released. By default the signal would end the process mid-start, leaving the lock behind.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freePort, until } from '../helpers/processes.ts';

const BUNDLE_DIR = `test-artifacts/stop-while-starting-${process.pid}`;
const BUNDLE = `${BUNDLE_DIR}/main.js`;
const dataDir = mkdtempSync(join(tmpdir(), 'fivekeys-stop-start-'));

before(() => {
  execFileSync(process.execPath, ['scripts/bundle.mjs', BUNDLE], { stdio: 'inherit' });
});

after(() => {
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

test('a SIGTERM during start stops the server cleanly once it has started, and frees the folder', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (/^(FIVEKEYS_|DATABASE_URL$)/.test(name)) delete env[name];
  const child = spawn(process.execPath, [BUNDLE, 'serve'], {
    env: {
      ...env,
      FIVEKEYS_DATA_DIR: dataDir,
      FIVEKEYS_PORT: String(await freePort()),
      FIVEKEYS_HOST: '127.0.0.1',
      FIVEKEYS_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

  // The lock is taken before the folder is created and migrated: the server is starting.
  const lockFile = join(dataDir, 'fivekeys.lock');
  await until('the folder lock', async () => (existsSync(lockFile) ? true : undefined), 60_000);
  assert.doesNotMatch(output, /fivekeys ready on/, 'the signal must arrive before the server is ready');
  child.kill('SIGTERM');

  const [code, signal] = await exited;
  assert.deepEqual({ code, signal }, { code: 0, signal: null }, output.slice(-2000));
  assert.match(output, /fivekeys ready on/);
  assert.equal(existsSync(lockFile), false, 'the lock is released');
});
