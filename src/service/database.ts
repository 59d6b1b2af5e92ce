/**
 * Opening the configured database: PostgreSQL when a URL is set, else the embedded data folder,
 * whose lock this process holds until the database is closed (one process per folder).
 */
import type { Config } from '../config.ts';
import { openDb, type Db } from '../store/db.ts';
import { acquireFolderLock, type FolderLock } from '../store/folder-lock.ts';
import { migrate } from '../store/migrate.ts';

export type { Db } from '../store/db.ts';
export type { FolderLock } from '../store/folder-lock.ts';

type DbConfig = Pick<Config, 'databaseUrl' | 'dataDir' | 'databasePrepare'>;

export interface OpenedDb {
  db: Db;
  /** The data folder's lock (embedded database only), released by `db.close()`. */
  lock: FolderLock | undefined;
}

/**
 * Opens the database for `command` (named in the refusal another process gets). Throws AppError
 * 'folder_locked', without touching the folder, when another live process holds it.
 */
export async function openConfiguredDb(
  config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'databasePrepare'>>,
  command: string,
  poolSize?: number,
): Promise<OpenedDb> {
  if (config.databaseUrl) {
    return {
      db: await openDb({ url: config.databaseUrl, prepare: config.databasePrepare, poolSize }),
      lock: undefined,
    };
  }
  const lock = await acquireFolderLock(config.dataDir, command);
  try {
    const db = await openDb({ dataDir: config.dataDir });
    const close = async () => {
      try {
        await db.close();
      } finally {
        await lock.release();
      }
    };
    return { db: { ...db, close }, lock };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** Opens and migrates; returns the database, its folder's lock and the migration versions this call applied. */
export async function openMigratedDb(
  config: DbConfig,
  command: string,
): Promise<OpenedDb & { applied: number[] }> {
  const opened = await openConfiguredDb(config, command);
  try {
    return { ...opened, applied: await migrate(opened.db) };
  } catch (error) {
    await opened.db.close();
    throw error;
  }
}
