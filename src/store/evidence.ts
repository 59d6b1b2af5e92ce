/**
 * What a page of evidence deployments contains: their changes, read in one statement for the page.
 * The lists themselves are evidence-deployments.ts, evidence-changes.ts and evidence-incidents.ts.
 */
import type { Queryable } from './db.ts';

export interface DeploymentChangeRow {
  deployment_id: number;
  sha: string;
  repository: string;
  repository_url: string | null;
  committed_at: Date | null;
  authored_at: Date | null;
  author: string | null;
  message: string | null;
  pr_number: number | null;
  /** This deployment is the change's first successful production deployment: its lead time ends here. */
  first_production: boolean;
}

export async function selectChangesOfDeployments(db: Queryable, ids: readonly number[]) {
  return db.query<DeploymentChangeRow>(
    `select dc.deployment_id::float8 as deployment_id, c.sha, c.repository, c.repository_url, c.committed_at, c.authored_at,
            c.author, c.message, c.pr_number, dc.first_production
       from deployment_changes dc join changes c on c.sha = dc.sha
      where dc.deployment_id = any($1::bigint[])
      order by c.committed_at nulls last, c.sha`,
    [ids],
  );
}
