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
