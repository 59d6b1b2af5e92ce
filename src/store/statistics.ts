/**
 * Planner statistics. PGlite has no autovacuum, so without this its planner never learns how big
 * the tables have grown and picks hash joins over whole tables where an index probe would do.
 */
import type { Queryable } from './db.ts';

/**
 * `settings` and `services` are tiny, and autovacuum never analyzes a one-row table: unanalyzed,
 * the planner guessed ~500 rows for `cross join settings`, costed the metric queries past the JIT
 * threshold, and spent 1.7 s compiling a 90 ms query (EXPLAIN ANALYZE on PostgreSQL 15).
 */
export async function analyzeTables(db: Queryable): Promise<void> {
  await db.query('analyze changes, deployments, deployment_changes, incidents, services, settings');
}

/**
 * The rows the planner last counted in the event tables (`reltuples`, as ANALYZE, VACUUM and
 * CREATE INDEX leave it; -1, never counted, is 0): the refresher's starting point.
 */
export async function estimatedEventRows(db: Queryable): Promise<number> {
  const [row] = await db.query<{ rows: number }>(
    `select coalesce(sum(greatest(reltuples, 0)), 0)::float8 as rows from pg_class
      where oid = any(array['changes', 'deployments', 'incidents']::regclass[])`,
  );
  return row?.rows ?? 0;
}
