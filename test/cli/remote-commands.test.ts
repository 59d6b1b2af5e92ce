/**
 * While `fivekeys serve` holds a data folder, the commands that would open it go through its API,
 * with the built CLI in real processes: the demo's printed count is what the server shows at once
 * and still holds after a restart; `token create` works in open mode and then needs the admin
 * token (a 401 names FIVEKEYS_ADMIN_TOKEN and --token); `import ndjson`, `replay`, `user`, `export`
 * go through it; `report` through the server equals `report` on the folder once it is stopped.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { killAllFivekeys, startFivekeys } from '../helpers/fivekeys-process.ts';

const BUNDLE = 'dist/cli/main.js';
const work = mkdtempSync(join(tmpdir(), 'fivekeys-remote-cli-'));
const dataDir = join(work, 'data');
const DEMO = ['--days', '3', '--services', '2', '--seed', '5', '--end', '2026-03-01T00:00:00Z'];
const WINDOW = ['--from', '2026-02-20', '--to', '2026-03-01'];

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(base)) if (/^(FIVEKEYS_|DATABASE_URL$)/.test(name)) delete base[name];
  return {
    ...base,
    FIVEKEYS_DATA_DIR: dataDir,
    FIVEKEYS_LOG_LEVEL: 'warn',
    FIVEKEYS_HOST: '127.0.0.1',
    ...extra,
  };
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

async function run(args: string[], extra: Record<string, string> = {}, input?: string): Promise<Run> {
  const child = spawn(process.execPath, [BUNDLE, ...args], { env: env(extra), timeout: 120_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input ?? '');
  const [status] = (await once(child, 'close')) as [number | null];
  return { status, stdout, stderr };
}

/** `serve` on the folder in open mode, ready once /readyz answers and the lock names its address. */
const serve = () =>
  startFivekeys({ FIVEKEYS_DATA_DIR: dataDir }, 240_000, {
    bundle: BUNDLE,
    adminToken: null,
    readyWhen: (url) =>
      (JSON.parse(readFileSync(join(dataDir, 'fivekeys.lock'), 'utf8')) as { url?: string }).url === url,
  });

async function get(url: string, token?: string) {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Rows the server holds for the demo's window. */
async function serverCounts(url: string, token?: string) {
  const window = 'from=2026-02-20T00:00:00Z&to=2026-03-01T00:00:00Z&limit=1000';
  const deployments = await get(`${url}/api/v1/deployments?${window}`, token);
  const services = await get(`${url}/api/v1/services`, token);
  assert.equal(deployments.status, 200);
  return {
    deployments: (deployments.body.items as unknown[]).length,
    services: (services.body.services as unknown[]).length,
  };
}

before(() => {
  // A bundle built before PGlite had its own thread lacks the worker beside it.
  if (!existsSync(BUNDLE) || !existsSync(BUNDLE.replace(/main\.js$/, 'pglite-worker.js')))
    execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
});

after(() => killAllFivekeys());

test('with a server on the folder, the commands go through it and lose nothing', async () => {
  let server = await serve();

  const demo = await run(['demo', ...DEMO, '--json']);
  assert.equal(demo.status, 0, demo.stderr);
  assert.match(demo.stderr, /holds .*going through it/);
  const summary = JSON.parse(demo.stdout);
  assert.equal(summary.imported, summary.changes + summary.deployments + summary.incidents);
  assert.ok(summary.deployments > 0);
  assert.deepEqual(await serverCounts(server.url), { deployments: summary.deployments, services: 2 });

  // Open mode: the first admin token is minted through the server, and works at once.
  const created = await run(['token', 'create', '--name', 'admin', '--scopes', 'admin', '--json']);
  assert.equal(created.status, 0, created.stderr);
  const admin = (JSON.parse(created.stdout) as { token: string }).token;
  assert.equal((await get(`${server.url}/api/v1/tokens`, admin)).status, 200);
  assert.equal((await get(`${server.url}/api/v1/tokens`)).status, 401);

  // Now the server requires a token: without one the command says which flag or variable gives it.
  const refused = await run(['token', 'create', '--name', 'ci']);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /requires an admin token.*FIVEKEYS_ADMIN_TOKEN or pass --token/);
  const ci = await run(['token', 'create', '--name', 'ci', '--scopes', 'read', '--json', '--token', admin]);
  assert.equal(ci.status, 0, ci.stderr);
  const read = (JSON.parse(ci.stdout) as { token: string }).token;
  assert.equal((await get(`${server.url}/api/v1/metrics`, read)).status, 200);
  const listed = await run(['token', 'list'], { FIVEKEYS_ADMIN_TOKEN: admin });
  assert.match(listed.stdout, /\tadmin\tadmin\tactive\t/);
  assert.match(listed.stdout, /\tci\tread\tactive\t/);

  const withToken = { FIVEKEYS_ADMIN_TOKEN: admin };
  const lines = join(work, 'one.ndjson');
  writeFileSync(
    lines,
    `${JSON.stringify({ type: 'deployment', id: 'hand-1', service: 'extra', environment: 'production', status: 'success', finished_at: '2026-02-25T10:00:00Z' })}\n`,
  );
  const imported = await run(['import', 'ndjson', lines], withToken);
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(imported.stdout, /imported: {3}1\n {2}duplicates: 0/);
  const again = await run(['import', 'ndjson', lines], withToken);
  assert.match(again.stdout, /imported: {3}0\n {2}duplicates: 1/);
  const unauthorized = await run(['import', 'ndjson', lines]);
  assert.equal(unauthorized.status, 1);
  assert.match(unauthorized.stderr, /FIVEKEYS_ADMIN_TOKEN or pass --token/);

  const replay = await run(['replay', '--json'], withToken);
  assert.equal(replay.status, 0, replay.stderr);
  const replayed = JSON.parse(replay.stdout);
  // The demo's changes and deployments were one request each, the import one more.
  assert.ok(replayed.seen >= 3, replay.stdout);
  assert.equal(replayed.failed, 0);
  assert.equal(replayed.unchanged, replayed.seen);

  const user = await run(['user', 'add', 'alice', '--password-stdin'], withToken, 'correct horse battery\n');
  assert.equal(user.status, 0, user.stderr);
  assert.match((await run(['user', 'list'], withToken)).stdout, /^alice\tread\tactive\t/m);

  const exported = await run(['export', 'ndjson'], withToken);
  assert.equal(exported.status, 0, exported.stderr);
  const exportedLines = exported.stdout.trim().split('\n');
  assert.equal(exportedLines.length, summary.changes + summary.deployments + summary.incidents + 1);
  assert.match(
    exported.stderr,
    new RegExp(`exported ${summary.changes} changes, ${summary.deployments + 1} deployments`),
  );

  const remoteReport = await run(['report', ...WINDOW, '--format', 'json'], withToken);
  assert.equal(remoteReport.status, 0, remoteReport.stderr);

  assert.equal(await server.stop('SIGTERM'), 0);
  const localReport = await run(['report', ...WINDOW, '--format', 'json']);
  assert.equal(localReport.status, 0, localReport.stderr);
  assert.doesNotMatch(localReport.stderr, /going through it/);
  assert.deepEqual(JSON.parse(localReport.stdout), JSON.parse(remoteReport.stdout));

  server = await serve();
  assert.deepEqual(await serverCounts(server.url, admin), {
    deployments: summary.deployments + 1,
    // The imported deployment's service joins the catalog as it does on the folder.
    services: 3,
  });
  assert.equal(await server.stop('SIGTERM'), 0);
});
