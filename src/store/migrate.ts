/**
 * Forward-only numbered migrations. Each file runs in one transaction that records itself first:
 * when two replicas start at once, the loser's insert hits the primary key, its transaction rolls
 * back, and it moves on, so no migration ever runs twice.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '../package-paths.ts';
import type { Db } from './db.ts';
const UNIQUE_VIOLATION = '23505';
const UNDEFINED_TABLE = '42P01';
const DUPLICATE_TABLE = '42P07';
// Two `create table if not exists` racing can also collide on the table's row type.
const DUPLICATE_OBJECT = '42710';

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(): MigrationFile[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: readFileSync(join(MIGRATIONS_DIR, file), 'utf8'),
    }));
}

/** The versions recorded as applied; none when nothing was ever migrated (no table yet). */
export async function selectAppliedMigrations(db: Db): Promise<number[]> {
  try {
    const rows = await db.query<{ version: number }>(
      'select version from schema_migrations order by version',
    );
    return rows.map((row) => row.version);
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return [];
    throw error;
  }
}

/** Applies what is missing; returns the versions this call applied. */
export async function migrate(db: Db, migrations = listMigrations()): Promise<number[]> {
  await ignoring([UNIQUE_VIOLATION, DUPLICATE_TABLE, DUPLICATE_OBJECT], () =>
    db.exec(`create table if not exists schema_migrations (
      version int primary key, name text not null, applied_at timestamptz not null default now())`),
  );
  const rows = await db.query<{ version: number }>('select version from schema_migrations');
  const applied = new Set(rows.map((row) => row.version));
  const done: number[] = [];
  for (const migration of migrations.filter((m) => !applied.has(m.version))) {
    const ran = await ignoring([UNIQUE_VIOLATION], () =>
      db.transaction(async (tx) => {
        await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        await tx.exec(migration.sql);
        return true;
      }),
    );
    if (ran) done.push(migration.version);
  }
  return done;
}

async function ignoring<T>(codes: string[], work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (codes.includes((error as { code?: string }).code ?? '')) return undefined;
    throw error;
  }
}
