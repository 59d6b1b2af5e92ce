/**
 * The `fivekeys` command as a user runs it: a real process on a real data folder. `serve` is
 * stopped with SIGTERM after acknowledged writes, and the data must be there when it comes back.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const CLI = ['--import', 'tsx', 'src/cli/main.ts'];
const dataDir = mkdtempSync(join(tmpdir(), 'fivekeys-cli-'));
const env: NodeJS.ProcessEnv = { ...process.env, FIVEKEYS_DATA_DIR: dataDir, FIVEKEYS_LOG_LEVEL: 'warn' };
delete env.DATABASE_URL;
delete env.FIVEKEYS_DATABASE_URL;

/** Servers still running when a test fails are killed, or they would keep the file from ending. */
const servers = new Set<ReturnType<typeof spawn>>();
after(() => {
  for (const child of servers) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function run(...args: string[]) {
  return spawnSync(process.execPath, [...CLI, ...args], { env, encoding: 'utf8', timeout: 60_000 });
}

async function serve(port: number, extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, [...CLI, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  servers.add(child);
  child.on('exit', () => servers.delete(child));
  const url = `http://127.0.0.1:${port}`;
  // Generous: on a loaded 2-core machine tsx plus opening PGlite has taken over 20 s.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { url, stop: () => (child.kill('SIGTERM'), exited) };
}

describe('fivekeys CLI', () => {
  test('migrate applies the migrations once, then reports the database is up to date', () => {
    const first = run('migrate');
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /applied migrations 1, 2/);
    const second = run('migrate');
    assert.equal(second.stdout.trim(), 'database is up to date');
  });

  test('token create prints a token once; list shows it without the secret; revoke ends it', () => {
    const created = run('token', 'create', '--name', 'ci', '--scopes', 'ingest,read', '--json');
    assert.equal(created.status, 0, created.stderr);
    const token = JSON.parse(created.stdout) as { id: string; token: string; scopes: string[] };
    assert.match(token.token, /^fk_[a-z0-9]{12}_/);
    assert.deepEqual(token.scopes, ['ingest', 'read']);
    const listed = run('token', 'list');
    assert.match(listed.stdout, new RegExp(`^${token.id}\\tci\\tingest,read\\tactive`, 'm'));
    assert.ok(!listed.stdout.includes(token.token.split('_')[2]!));
    assert.equal(run('token', 'revoke', token.id).status, 0);
    assert.match(run('token', 'list').stdout, new RegExp(`^${token.id}\\tci\\tingest,read\\trevoked`, 'm'));
  });

  test('an unknown scope or a bad setting exits with a message naming it', () => {
    const scope = run('token', 'create', '--name', 'x', '--scopes', 'write');
    assert.notEqual(scope.status, 0);
    assert.match(scope.stderr, /Unknown scope write/);
    const port = spawnSync(process.execPath, [...CLI, 'migrate'], {
      env: { ...env, FIVEKEYS_PORT: 'eighty' },
      encoding: 'utf8',
    });
    assert.equal(port.status, 2);
    assert.match(port.stderr, /FIVEKEYS_PORT/);
  });

  test('serve acknowledges writes, stops cleanly on SIGTERM, and finds them after a restart', async () => {
    const port = 20000 + (process.pid % 20000);
    const admin = { FIVEKEYS_ADMIN_TOKEN: 'admin-secret-for-the-cli-test' };
    const first = await serve(port, admin);
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${admin.FIVEKEYS_ADMIN_TOKEN}`,
    };
    const deployments = Array.from({ length: 50 }, (_, i) => ({
      id: `d${i}`,
      service: 'shop',
      environment: 'production',
      status: 'success',
      finished_at: new Date(Date.now() - (i + 1) * 60_000).toISOString(),
    }));
    const answers = await Promise.all(
      deployments.map((d) =>
        fetch(`${first.url}/api/v1/deployments`, { method: 'POST', headers, body: JSON.stringify(d) }),
      ),
    );
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([202]));
    assert.equal(await first.stop(), 0);

    const second = await serve(port, admin);
    try {
      const response = await fetch(`${second.url}/api/v1/metrics?service=shop`, { headers });
      const metrics = (await response.json()) as { deployment_frequency: { count: number } };
      assert.equal(metrics.deployment_frequency.count, 50);
      const unauthorized = await fetch(`${second.url}/api/v1/metrics`);
      assert.equal(unauthorized.status, 401);
    } finally {
      assert.equal(await second.stop(), 0);
    }
  });
});
