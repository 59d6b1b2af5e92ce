/** Opening the configured database: PostgreSQL when a URL is set, else the embedded data folder. */
import type { Config } from '../config.ts';
import { openDb, type Db } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';

export type { Db } from '../store/db.ts';

type DbConfig = Pick<Config, 'databaseUrl' | 'dataDir' | 'databasePrepare'>;

const openConfiguredDb = (config: DbConfig): Promise<Db> =>
  openDb({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
    prepare: config.databasePrepare,
  });

/** Opens and migrates; returns the database and the migration versions this call applied. */
export async function openMigratedDb(config: DbConfig): Promise<{ db: Db; applied: number[] }> {
  const db = await openConfiguredDb(config);
  try {
    return { db, applied: await migrate(db) };
  } catch (error) {
    await db.close();
    throw error;
  }
}
