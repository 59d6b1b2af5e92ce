/**
 * The two raw queries issue 9 measures `/api/v1/metrics` against, each with a covering index
 * created for it alone (and dropped after, so fivekeys' own plans never see them): deployments per
 * service per week over 90 days, and p50/p90 lead time per service over 30 days.
 */
import type { Db } from '../src/store/db.ts';

const INDEXES = [
  `create index bench_weekly_deploys on deployments (finished_at) include (service)
     where is_production and status = 'success'`,
  `create index bench_lead_changes on deployment_changes (finished_at) include (service, sha) where first_production`,
  `create index bench_change_commit on changes (sha) include (committed_at)`,
];

export const WEEKLY_DEPLOYMENTS = `select service, date_trunc('week', finished_at) as week, count(*)::int as deployments
  from deployments
 where is_production and status = 'success' and finished_at >= $1 and finished_at < $2
 group by 1, 2`;

export const LEAD_TIME_PERCENTILES = `select dc.service,
       percentile_cont(array[0.5, 0.9]) within group (order by extract(epoch from dc.finished_at - c.committed_at)) as lead
  from deployment_changes dc join changes c on c.sha = dc.sha
 where dc.first_production and dc.finished_at >= $1 and dc.finished_at < $2
 group by dc.service`;

export async function withBaselineIndexes<T>(db: Db, work: () => Promise<T>): Promise<T> {
  for (const sql of INDEXES) await db.exec(sql);
  await db.exec('vacuum analyze deployments, deployment_changes, changes');
  try {
    return await work();
  } finally {
    for (const name of ['bench_weekly_deploys', 'bench_lead_changes', 'bench_change_commit'])
      await db.exec(`drop index if exists ${name}`);
  }
}
