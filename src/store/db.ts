/**
 * One small database interface over two backends: embedded PGlite (a data folder, no server) and
 * PostgreSQL through `pg`. `pg` was chosen over postgres.js because its `query(text, params)` is
 * the same shape PGlite offers, so the SQL files and `$n` parameters run unchanged on both.
 */
import './wasm-code-gc.ts';
import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { ensurePgliteFolder } from './pglite-folder.ts';
import { startPgliteThread } from './pglite-thread.ts';

/** Anything that runs a statement: the database itself or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** Runs a script of several statements without parameters (migrations). */
export interface Scriptable extends Queryable {
  exec(sql: string): Promise<void>;
}

export interface Db extends Scriptable {
  readonly kind: 'pglite' | 'postgres';
  /** Statements that run at once: the pool's size on PostgreSQL, 1 on PGlite (one thread). */
  readonly parallelism: number;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Scriptable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
  /** The connection pool's counts (PostgreSQL); PGlite is one connection and has none. */
  poolStats?(): PoolStats;
}

export interface TransactionOptions {
  /**
   * Keep the transaction's statements prepared on the connection (on PGlite, in the database):
   * for a hot path that runs the same few statements all the time (ingest), parsing and planning
   * them once per connection instead of on every call. Not for ad-hoc queries, whose plans should
   * follow their parameters.
   */
  prepare?: boolean;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface DbOptions {
  /** A PostgreSQL connection string; without it the embedded database is used. */
  url?: string | undefined;
  /** Where PGlite keeps its files; undefined keeps it in memory (tests). */
  dataDir?: string | undefined;
  poolSize?: number | undefined;
  /** False: PostgreSQL transactions ignore `prepare` (a pooler that cannot keep named statements). */
  prepare?: boolean | undefined;
}

export async function openDb(options: DbOptions): Promise<Db> {
  return options.url
    ? openPostgres(options.url, options.poolSize ?? 10, options.prepare ?? true)
    : openPglite(options.dataDir);
}

/**
 * PGlite's own start parameters, with a smaller buffer cache: PostgreSQL's 128 MB default is
 * allocated inside the WebAssembly heap, while the OS page cache already holds the data folder.
 * Measured on a reopened data folder: 330 MB resident with the default, 213 MB with 16 MB.
 * PGlite passes `-F` (fsync off); without it nothing changes either, since its Node file system
 * never calls fsync (strace: 387 pwrite64, 0 fsync/fdatasync for 200 commits). Each commit is
 * written to the OS before it returns, so a killed process loses nothing, but a power loss can:
 * the embedded mode is crash-safe, not power-loss-safe (docs/operations.md, "Embedded durability").
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/** Statement texts kept prepared, on either backend; ingest uses about ten. */
const MAX_PREPARED = 200;

/**
 * PGlite runs in its own thread (pglite-thread.ts): its statements are WebAssembly, which would
 * otherwise hold the server's event loop for as long as each one runs.
 */
async function openPglite(dataDir: string | undefined): Promise<Db> {
  if (dataDir) await ensurePgliteFolder(dataDir, PGLITE_START_PARAMS);
  const thread = await startPgliteThread({
    dataDir,
    startParams: PGLITE_START_PARAMS,
    maxPrepared: MAX_PREPARED,
  });
  const query = <Row>(sql: string, params: readonly unknown[] | undefined, tx?: number) =>
    thread.call({ op: 'query', sql, params, tx }) as Promise<Row[]>;
  let transactions = 0;
  return {
    kind: 'pglite',
    parallelism: 1,
    query: (sql, params) => query(sql, params),
    exec: async (sql) => void (await thread.call({ op: 'exec', sql })),
    async transaction(work, options) {
      const tx = (transactions += 1);
      await thread.call({ op: 'begin', tx, prepare: options?.prepare ?? false });
      let result;
      try {
        result = await work({
          query: (sql, params) => query(sql, params, tx),
          exec: async (sql) => void (await thread.call({ op: 'exec', sql, tx })),
        });
      } catch (error) {
        await thread.call({ op: 'end', tx, commit: false }).catch(() => undefined);
        throw error;
      }
      await thread.call({ op: 'end', tx, commit: true });
      return result;
    },
    close: () => thread.close(),
  };
}

/**
 * A prepared statement's name: the same for the same text, so each connection prepares it once.
 * Texts are fixed SQL (parameters travel apart), so the set is small; it is capped all the same,
 * beyond which statements run unnamed, as PostgreSQL keeps each connection's prepared ones.
 */
const statementNames = new Map<string, string>();
function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_PREPARED) {
    name = `fivekeys_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    statementNames.set(sql, name);
  }
  return name;
}

async function openPostgres(url: string, poolSize: number, canPrepare: boolean): Promise<Db> {
  // JIT pays off for long analytical scans; for our sub-second queries a misestimated plan made
  // PostgreSQL spend 1.7 s compiling what then ran in 90 ms, so it is off for our sessions.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c jit=off' });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  // A checked-out client (a transaction) has no pool listener: without one, the database going
  // away mid-transaction is an unhandled 'error' event that kills the process (found by the fault
  // tests). The query in flight still rejects.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const query = async <Row>(runner: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) =>
    (await runner.query(sql, params as unknown[])).rows as Row[];
  const prepared = async <Row>(client: pg.PoolClient, sql: string, params?: readonly unknown[]) => {
    const name = statementName(sql);
    const config = name
      ? { name, text: sql, values: params as unknown[] }
      : { text: sql, values: params as unknown[] };
    return (await client.query(config)).rows as Row[];
  };
  return {
    kind: 'postgres',
    parallelism: poolSize,
    query: (sql, params) => query(pool, sql, params),
    exec: async (sql) => void (await pool.query(sql)),
    async transaction(work, options) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work({
          query: (sql, params) =>
            canPrepare && options?.prepare ? prepared(client, sql, params) : query(client, sql, params),
          exec: async (sql) => void (await client.query(sql)),
        });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: poolSize,
    }),
  };
}
