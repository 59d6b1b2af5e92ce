/**
 * Read latency while someone guesses passwords: a fivekeys server in its own process (demo data,
 * PGlite unless DATABASE_URL is set) answers GET /api/v1/metrics ten times a second, alone and then
 * beside failed logins for random usernames, each from another address, at LOGINS_PER_SECOND
 * (default 7). Prints the median and
 * p90 of each phase. `node --import tsx bench/login-load.ts [seconds per phase]`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer } from './child-server.ts';

const SECONDS = Number(process.argv[2] ?? 20);
const LOGINS_PER_SECOND = Number(process.env.LOGINS_PER_SECOND ?? 7);
const READS_PER_SECOND = 10;
const ADMIN = 'login-load-admin-token';

const dataDir = mkdtempSync(join(tmpdir(), 'fivekeys-login-load-'));
const script = ['--import', 'tsx', 'src/cli/main.ts'];
const env = {
  FIVEKEYS_DATA_DIR: dataDir,
  FIVEKEYS_ADMIN_TOKEN: ADMIN,
  FIVEKEYS_ADMIN_USERNAME: 'root',
  FIVEKEYS_ADMIN_PASSWORD: 'a long enough admin passphrase',
  FIVEKEYS_AUTH: 'required',
  // Each guess comes from another address (X-Forwarded-For), as from a botnet: the per-address
  // limit never applies, so what is measured is the cost of the password checks themselves.
  FIVEKEYS_TRUST_PROXY: 'on',
};
execFileSync(process.execPath, [...script, 'demo', '--days', '90'], {
  env: { ...process.env, ...env },
  stdio: 'ignore',
});
const server = await startChildServer(env, [...script, 'serve']);

function every(perSecond: number, work: () => Promise<void>): () => Promise<void> {
  let running = true;
  const pending = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const done = work().finally(() => pending.delete(done));
    pending.add(done);
  }, 1000 / perSecond);
  return async () => {
    if (!running) return;
    running = false;
    clearInterval(timer);
    await Promise.all(pending);
  };
}

async function readPhase(withLogins: boolean): Promise<number[]> {
  const latencies: number[] = [];
  let n = 0;
  const stopLogins = withLogins
    ? every(LOGINS_PER_SECOND, async () => {
        await fetch(`${server.url}/api/v1/auth/token`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': `198.18.${(n >> 8) & 255}.${n & 255}`,
          },
          body: JSON.stringify({ username: `guess-${n++}-${Math.random()}`, password: 'not the password' }),
        }).then((response) => response.arrayBuffer());
      })
    : async () => {};
  const stopReads = every(READS_PER_SECOND, async () => {
    const started = performance.now();
    const response = await fetch(`${server.url}/api/v1/metrics`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    await response.arrayBuffer();
    if (response.status === 200) latencies.push(performance.now() - started);
  });
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  await Promise.all([stopReads(), stopLogins()]);
  return latencies.sort((a, b) => a - b);
}

const at = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
try {
  await readPhase(false); // warm-up
  for (const withLogins of [false, true, false, true]) {
    const sorted = await readPhase(withLogins);
    console.log(
      `${withLogins ? `with ${LOGINS_PER_SECOND} logins/s` : 'reads alone        '}: median ${at(sorted, 0.5).toFixed(1)} ms, p90 ${at(sorted, 0.9).toFixed(1)} ms (n=${sorted.length})`,
    );
  }
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
