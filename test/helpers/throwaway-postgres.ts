/**
 * A PostgreSQL cluster of the test's own, for fault tests that stop and restart the database:
 * `initdb` in a temp folder, `pg_ctl` on a free port with a socket folder of its own, removed
 * afterwards (and stopped on exit if a test dies). It never touches the machine's shared server.
 * `initdb` refuses to run as root: as root, the binaries run as the `postgres` user through
 * `runuser`, in a temp folder handed to that user.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './processes.ts';

const run = promisify(execFile);
const ROOT = '/usr/lib/postgresql';

export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication). */
  url: string;
  start(): Promise<void>;
  /** `immediate` is what a database crash looks like to its clients: connections cut, no checkpoint. */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  destroy(): Promise<void>;
}

interface Runner {
  bin: string;
  /** The user to run as when this process is root, with its uid and gid. */
  as: { name: string; uid: number; gid: number } | undefined;
}

/** Why a throwaway cluster cannot be started here, or undefined when it can. */
export function throwawayPostgresSkipReason(): string | undefined {
  try {
    runner();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function runner(): Runner {
  const versions = existsSync(ROOT)
    ? readdirSync(ROOT)
        .filter((version) => existsSync(join(ROOT, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new Error(`no initdb under ${ROOT}/*/bin: install the PostgreSQL server package`);
  const bin = join(ROOT, versions[0], 'bin');
  if (process.getuid?.() !== 0) return { bin, as: undefined };
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    execFileSync('runuser', ['--help'], { stdio: 'ignore' });
    return { bin, as: { name: 'postgres', uid: id('-u'), gid: id('-g') } };
  } catch {
    throw new Error('running as root, and no `postgres` user or `runuser` to run initdb as');
  }
}

const live = new Set<() => void>();
let hooked = false;

export async function createThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const { bin, as } = runner();
  const base = mkdtempSync(join(tmpdir(), 'fivekeys-pg-'));
  if (as) chownSync(base, as.uid, as.gid);
  const data = join(base, 'data');
  const port = await freePort();
  const exec = async (program: string, args: string[]) => {
    const [file, argv] = as
      ? ['runuser', ['-u', as.name, '--', join(bin, program), ...args]]
      : [join(bin, program), args];
    try {
      await run(file, argv, { cwd: base, timeout: 120_000 });
    } catch (error) {
      const log = existsSync(join(base, 'log')) ? readFileSync(join(base, 'log'), 'utf8').slice(-2000) : '';
      throw new Error(`${program} ${args.join(' ')} failed: ${(error as Error).message}\n${log}`);
    }
  };
  const options = `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c shared_buffers=16MB`;
  const start = () =>
    exec('pg_ctl', ['-D', data, '-l', join(base, 'log'), '-o', options, '-w', '-t', '120', 'start']);
  const stop = (mode: 'immediate' | 'fast' = 'immediate') =>
    exec('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '120', 'stop']);
  const cleanUp = () => {
    // Synchronous: it also runs from the exit hook, where nothing asynchronous completes.
    try {
      const argv = ['-D', data, '-m', 'immediate', 'stop'];
      if (as)
        execFileSync('runuser', ['-u', as.name, '--', join(bin, 'pg_ctl'), ...argv], { stdio: 'ignore' });
      else execFileSync(join(bin, 'pg_ctl'), argv, { stdio: 'ignore' });
    } catch {
      // Already stopped.
    }
    rmSync(base, { recursive: true, force: true });
  };
  live.add(cleanUp);
  if (!hooked) {
    hooked = true;
    process.once('exit', () => live.forEach((clean) => clean()));
  }
  await exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async destroy() {
      live.delete(cleanUp);
      cleanUp();
    },
  };
}
