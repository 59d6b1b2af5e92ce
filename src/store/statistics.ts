/**
 * Planner statistics. PGlite has no autovacuum, so without this its planner never learns how big
 * the tables have grown and picks hash joins over whole tables where an index probe would do.
 */
import type { Queryable } from './db.ts';

export async function analyzeTables(db: Queryable): Promise<void> {
  await db.query('analyze changes, deployments, deployment_changes, incidents, services');
}
