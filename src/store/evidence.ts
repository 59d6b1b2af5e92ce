/**
 * The evidence behind the metrics (DESIGN.md §4): deployments, changes and incidents as lists, with
 * the same filters and the same derived facts as the metric selections (metric-facts.ts), so every
 * number of `/api/v1/metrics` can be recounted from them. Pages are keyset cursors, newest first.
 */
import type { Queryable } from './db.ts';
import {
  catalogFilter,
  COUNTED,
  DEPLOYMENT_INCIDENTS,
  factParams,
  firstInEnvironment,
  PRODUCTION_INCIDENT,
  type FactFilter,
} from './metric-facts.ts';

/** The position after the last row of the previous page: its sort instant and tie-breaker. */
export interface PageAfter {
  /** Microsecond-exact (`exactInstant`), so rows sharing a millisecond are neither skipped nor repeated. */
  at: string;
  key: string;
}

/** A timestamptz as UTC text with all six fractional digits. */
const exactInstant = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position_at`;

export interface EvidenceFilter extends FactFilter {
  production?: boolean | undefined;
  status?: 'success' | 'failure' | undefined;
}

export interface DeploymentRow {
  id: number;
  source: string;
  external_id: string;
  service: string;
  team: string | null;
  application: string | null;
  environment: string;
  production: boolean;
  status: 'success' | 'failure';
  kind: 'standard' | 'rollback' | 'hotfix';
  started_at: Date | null;
  finished_at: Date;
  version: string | null;
  repository: string | null;
  commit: string | null;
  fixes_incidents: string[];
  remediated_at: Date | null;
  /** Epoch ms when every attributed counted incident is resolved; null if none or one is open. */
  incidents_resolved_at: number | null;
  has_incident: boolean;
  position_at: string;
}

/** Deployments that finished in the window, newest first. */
export async function selectDeploymentPage(
  db: Queryable,
  filter: EvidenceFilter,
  after: PageAfter | undefined,
  limit: number,
): Promise<DeploymentRow[]> {
  return db.query<DeploymentRow>(
    `select d.id::float8 as id, d.source, d.external_id, d.service, s.team, s.application, d.environment,
            d.is_production as production, d.status, d.effective_kind as kind, d.started_at, d.finished_at,
            d.version, d.repository, d.head_commit as commit, d.fixes_incidents, d.remediated_at,
            inc.resolved as incidents_resolved_at, coalesce(inc.any, false) as has_incident,
            ${exactInstant('d.finished_at')}
       from deployments d
       left join services s on s.name = d.service
       cross join settings g
       ${DEPLOYMENT_INCIDENTS}
      where d.finished_at >= $1 and d.finished_at < $2
        and ($4::text is null or d.environment = $4) and ${catalogFilter('d.service')}
        and ($7::boolean is null or d.is_production = $7) and ($8::text is null or d.status = $8)
        and ($9::timestamptz is null or (d.finished_at, d.id) < ($9, $10::bigint))
      order by d.finished_at desc, d.id desc
      limit $11`,
    [...factParams(filter), filter.production ?? null, filter.status ?? null, ...afterParams(after), limit],
  );
}

export interface DeploymentChangeRow {
  deployment_id: number;
  sha: string;
  repository: string;
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
    `select dc.deployment_id::float8 as deployment_id, c.sha, c.repository, c.committed_at, c.authored_at,
            c.author, c.message, c.pr_number, dc.first_production
       from deployment_changes dc join changes c on c.sha = dc.sha
      where dc.deployment_id = any($1::bigint[])
      order by c.committed_at nulls last, c.sha`,
    [ids],
  );
}

export interface IncidentRow {
  id: number;
  source: string;
  external_id: string;
  service: string | null;
  environment: string | null;
  severity: string | null;
  title: string | null;
  started_at: Date;
  start_reported: boolean;
  resolved_at: Date | null;
  /** Its severity is counted and its environment is production: it enters the metrics. */
  counted: boolean;
  deployment_id: number | null;
  deployment_external_id: string | null;
  attribution_method: string | null;
  position_at: string;
}

const INCIDENT_COLUMNS = `i.id::float8 as id, i.source, i.external_id, i.service, i.environment, i.severity, i.title,
  i.started_at, i.start_reported, i.resolved_at, (${COUNTED} and ${PRODUCTION_INCIDENT}) as counted,
  i.deployment_id::float8 as deployment_id, d.external_id as deployment_external_id, i.attribution_method,
  ${exactInstant('i.started_at')}`;

/** Incidents open at some point of the window (started before its end, not resolved before its start). */
export async function selectIncidentPage(
  db: Queryable,
  filter: FactFilter,
  after: PageAfter | undefined,
  limit: number,
): Promise<IncidentRow[]> {
  return db.query<IncidentRow>(
    `select ${INCIDENT_COLUMNS}
       from incidents i
       left join services s on s.name = i.service
       left join deployments d on d.id = i.deployment_id
       cross join settings g
      where i.started_at < $2 and (i.resolved_at is null or i.resolved_at >= $1)
        and ($4::text is null or i.environment = $4) and ${catalogFilter('i.service')}
        and ($7::timestamptz is null or (i.started_at, i.id) < ($7, $8::bigint))
      order by i.started_at desc, i.id desc
      limit $9`,
    [...factParams(filter), ...afterParams(after), limit],
  );
}

export async function selectIncidentsOfDeployments(db: Queryable, ids: readonly number[]) {
  return db.query<IncidentRow>(
    `select ${INCIDENT_COLUMNS}
       from incidents i
       left join services s on s.name = i.service
       left join deployments d on d.id = i.deployment_id
       cross join settings g
      where i.deployment_id = any($1::bigint[])
      order by i.started_at, i.id`,
    [ids],
  );
}

export interface ChangeRow {
  sha: string;
  repository: string;
  service: string;
  committed_at: Date | null;
  authored_at: Date | null;
  author: string | null;
  message: string | null;
  pr_number: number | null;
  pr_opened_at: Date | null;
  pr_first_review_at: Date | null;
  pr_approved_at: Date | null;
  pr_merged_at: Date | null;
  deployment_id: number;
  deployment_external_id: string;
  environment: string;
  deployed_at: Date;
  position_at: string;
}

/**
 * Changes whose first successful production deployment (per service, and per environment when the
 * filter names one) finished in the window: the ones lead time counts. A commit deployed by two
 * services appears once per service.
 */
export async function selectChangePage(
  db: Queryable,
  filter: FactFilter,
  after: PageAfter | undefined,
  limit: number,
): Promise<ChangeRow[]> {
  return db.query<ChangeRow>(
    `select c.sha, c.repository, dc.service, c.committed_at, c.authored_at, c.author, c.message, c.pr_number,
            c.pr_opened_at, c.pr_first_review_at, c.pr_approved_at, c.pr_merged_at,
            dc.deployment_id::float8 as deployment_id, d.external_id as deployment_external_id,
            dc.environment, dc.finished_at as deployed_at, ${exactInstant('dc.finished_at')}
       from deployment_changes dc
       join changes c on c.sha = dc.sha
       join deployments d on d.id = dc.deployment_id
      where dc.finished_at >= $1 and dc.finished_at < $2
        and ($4::text is null or dc.environment = $4) and ${catalogFilter('dc.service')}
        and ${filter.environment === undefined ? 'dc.first_production' : firstInEnvironment('$4')}
        and ($7::timestamptz is null or (dc.finished_at, dc.sha || '/' || dc.service) < ($7, $8::text))
      order by dc.finished_at desc, dc.sha || '/' || dc.service desc
      limit $9`,
    [...factParams(filter), ...afterParams(after), limit],
  );
}

const afterParams = (after: PageAfter | undefined) => [after?.at ?? null, after?.key ?? null];
