/**
 * Throwaway databases for one bench run: a PostgreSQL database created next to the one named by
 * BENCH_DATABASE_URL or TEST_DATABASE_URL and dropped afterwards, or a temporary PGlite folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDb, type Db } from '../src/store/db.ts';

export type Backend = 'pglite' | 'postgres';

export const adminUrl = (): string | undefined =>
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

export interface ThrowawayPostgres {
  url: string;
  drop(): Promise<void>;
}

async function runAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

export async function createPostgresDatabase(suffix: string): Promise<ThrowawayPostgres> {
  const name = `fivekeys_bench_${process.pid}_${suffix}`;
  await runAdmin(`drop database if exists ${name} with (force)`);
  await runAdmin(`create database ${name}`);
  const url = new URL(adminUrl()!);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => runAdmin(`drop database if exists ${name} with (force)`) };
}

export function createDataDir(): { dir: string; drop(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'fivekeys-bench-'));
  return { dir, drop: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A throwaway database of either kind, opened; `drop` closes it and removes it. */
export async function openBenchDb(kind: Backend, suffix: string): Promise<{ db: Db; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const folder = createDataDir();
    const db = await openDb({ dataDir: folder.dir });
    return { db, drop: async () => (await db.close(), folder.drop()) };
  }
  const database = await createPostgresDatabase(suffix);
  const db = await openDb({ url: database.url });
  return { db, drop: async () => (await db.close(), await database.drop()) };
}
