/**
 * The stored events as the native API would have received them, for `fivekeys export ndjson`. Pages
 * are keyset cursors in the order a re-import needs: changes by sha, deployments and incidents in the
 * order they were stored (deployments of one stream finishing at the same instant are ordered so).
 * Instants are UTC text with all six fractional digits: a JavaScript Date would drop microseconds.
 */
import type { Queryable } from './db.ts';

/** Events whose own time (commit, finish, start) lies in `[from, to)`; an open end is unbounded. */
export interface ExportRange {
  from?: Date | undefined;
  to?: Date | undefined;
}

const instant = (column: string, name = column) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as ${name}`;

const inRange = (column: string) =>
  `($2::timestamptz is null or ${column} >= $2) and ($3::timestamptz is null or ${column} < $3)`;

export interface ChangeExportRow {
  sha: string;
  repository: string;
  repository_url: string | null;
  parents: string[] | null;
  committed_at: string | null;
  authored_at: string | null;
  author: string | null;
  message: string | null;
  service: string | null;
  pr_number: number | null;
  pr_opened_at: string | null;
  pr_first_review_at: string | null;
  pr_approved_at: string | null;
  pr_merged_at: string | null;
  pr_merge_sha: string | null;
}

export async function selectChangesForExport(
  db: Queryable,
  range: ExportRange,
  afterSha: string,
  limit: number,
): Promise<ChangeExportRow[]> {
  return db.query<ChangeExportRow>(
    `select sha, repository, repository_url, parents, ${instant('committed_at')}, ${instant('authored_at')}, author, message,
            service, pr_number, ${instant('pr_opened_at')}, ${instant('pr_first_review_at')},
            ${instant('pr_approved_at')}, ${instant('pr_merged_at')}, pr_merge_sha
       from changes
      where sha > $1 and ${inRange('coalesce(committed_at, authored_at)')}
      order by sha limit $4`,
    [afterSha, range.from ?? null, range.to ?? null, limit],
  );
}

export interface DeploymentExportRow {
  id: number;
  external_id: string;
  service: string;
  environment: string;
  status: 'success' | 'failure';
  started_at: string | null;
  finished_at: string;
  version: string | null;
  repository: string | null;
  repository_url: string | null;
  url: string | null;
  head_commit: string | null;
  commits: string[] | null;
  kind: 'standard' | 'rollback' | 'hotfix' | null;
  fixes_incidents: string[];
  production_hint: boolean | null;
  team: string | null;
  application: string | null;
}

/** With the service's team and application, which the native API carries on deployments. */
export async function selectDeploymentsForExport(
  db: Queryable,
  range: ExportRange,
  afterId: number,
  limit: number,
): Promise<DeploymentExportRow[]> {
  return db.query<DeploymentExportRow>(
    `select d.id::float8 as id, d.external_id, d.service, d.environment, d.status, ${instant('d.started_at', 'started_at')},
            ${instant('d.finished_at', 'finished_at')}, d.version, d.repository, d.repository_url, d.url, d.head_commit, d.commits, d.kind,
            d.fixes_incidents, d.production_hint, s.team, s.application
       from deployments d left join services s on s.name = d.service
      where d.id > $1 and ${inRange('d.finished_at')}
      order by d.id limit $4`,
    [afterId, range.from ?? null, range.to ?? null, limit],
  );
}

export interface IncidentExportRow {
  id: number;
  external_id: string;
  service: string | null;
  environment: string | null;
  severity: string | null;
  title: string | null;
  url: string | null;
  started_at: string;
  resolved_at: string | null;
  cause_deployment: string | null;
  cause_version: string | null;
  cause_commit: string | null;
}

export async function selectIncidentsForExport(
  db: Queryable,
  range: ExportRange,
  afterId: number,
  limit: number,
): Promise<IncidentExportRow[]> {
  return db.query<IncidentExportRow>(
    `select id::float8 as id, external_id, service, environment, severity, title, url, ${instant('started_at')},
            ${instant('resolved_at')}, cause_deployment, cause_version, cause_commit
       from incidents
      where id > $1 and ${inRange('started_at')}
      order by id limit $4`,
    [afterId, range.from ?? null, range.to ?? null, limit],
  );
}
