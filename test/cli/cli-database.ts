/**
 * A database the real `fivekeys` binary can open, per backend: a PGlite data folder in a temp
 * directory (opened by one process at a time: the test closes it before running the binary), or a
 * fresh PostgreSQL database when TEST_DATABASE_URL is set. And the binary, run asynchronously so a
 * server in the test process can answer it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { backends } from '../helpers/backends.ts';

export interface CliDatabase {
  /** The environment pointing the binary at this database. */
  env: NodeJS.ProcessEnv;
  /** Opens it in this process for the duration of `work`. */
  withDb<T>(work: (db: Db) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

export const cliBackends = () => backends().map((backend) => backend.name);

const baseEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, FIVEKEYS_LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'FIVEKEYS_DATABASE_URL', 'FIVEKEYS_CONFIG', 'FIVEKEYS_ADMIN_TOKEN']) {
    delete env[name];
  }
  return env;
};

export async function createCliDatabase(backend: 'pglite' | 'postgres'): Promise<CliDatabase> {
  if (backend === 'postgres') {
    const testDb = await backends()
      .find((candidate) => candidate.name === 'postgres')!
      .create();
    return {
      env: { ...baseEnv(), DATABASE_URL: testDb.url },
      withDb: (work) => work(testDb.db),
      drop: () => testDb.drop(),
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'fivekeys-cli-'));
  return {
    env: { ...baseEnv(), FIVEKEYS_DATA_DIR: dataDir },
    async withDb(work) {
      const db = await openDb({ dataDir });
      try {
        await migrate(db);
        return await work(db);
      } finally {
        await db.close();
      }
    },
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(env: NodeJS.ProcessEnv, args: string[], stdin?: string): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
