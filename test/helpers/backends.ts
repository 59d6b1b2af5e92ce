/**
 * Every store and HTTP suite runs on each backend: PGlite always, PostgreSQL when
 * TEST_DATABASE_URL is set. Each call gives a fresh, migrated database (a new in-memory PGlite, or
 * a new PostgreSQL database dropped afterwards).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';

export interface TestDb {
  db: Db;
  /** Connection string of the PostgreSQL database, for tests that open a second connection. */
  url: string | undefined;
  drop(): Promise<void>;
}

export interface Backend {
  name: 'pglite' | 'postgres';
  create(options?: { migrate?: boolean }): Promise<TestDb>;
}

const pglite: Backend = {
  name: 'pglite',
  async create(options = {}) {
    const db = await openDb({});
    if (options.migrate !== false) await migrate(db);
    return { db, url: undefined, drop: () => db.close() };
  },
};

function postgres(adminUrl: string): Backend {
  return {
    name: 'postgres',
    async create(options = {}) {
      const name = `fivekeys_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      await withAdmin(adminUrl, (client) => client.query(`create database ${name}`));
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = await openDb({ url: url.toString(), poolSize: 4 });
      if (options.migrate !== false) await migrate(db);
      return {
        db,
        url: url.toString(),
        async drop() {
          await db.close();
          await withAdmin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
        },
      };
    },
  };
}

async function withAdmin(url: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

export function backends(): Backend[] {
  const url = process.env.TEST_DATABASE_URL;
  return url ? [pglite, postgres(url)] : [pglite];
}
