/**
 * A Db that remembers how long each statement took, so the bench can name the slowest statement
 * behind an API answer and capture its plan. Everything but `query` passes straight through.
 */
import type { Db } from '../src/store/db.ts';

export interface Statement {
  sql: string;
  params: readonly unknown[];
  ms: number;
}

export function timedDb(db: Db): { db: Db; take(): Statement[] } {
  let statements: Statement[] = [];
  const wrapped: Db = {
    kind: db.kind,
    parallelism: db.parallelism,
    exec: (sql) => db.exec(sql),
    transaction: (work, options) => db.transaction(work, options),
    close: () => db.close(),
    ...(db.poolStats ? { poolStats: () => db.poolStats!() } : {}),
    query: async <Row>(sql: string, params?: readonly unknown[]) => {
      const started = performance.now();
      const rows = await db.query<Row>(sql, params);
      statements.push({ sql, params: params ?? [], ms: performance.now() - started });
      return rows;
    },
  };
  return {
    db: wrapped,
    take: () => {
      const taken = statements;
      statements = [];
      return taken;
    },
  };
}
