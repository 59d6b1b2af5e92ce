/**
 * The evidence API's use case: the deployments, changes and incidents behind a metric window, each
 * annotated with what the metric code makes of it (failed, rework, recovery, lead time, stages,
 * counted), computed by the same pure functions, so the lists reproduce the aggregates.
 */
import type { DeploymentFact } from '../../model/facts.ts';
import { isFailedChange } from '../../metrics/change-failure-rate.ts';
import { changeStages } from '../../metrics/lead-time.ts';
import { recoveredAt } from '../../metrics/recovery.ts';
import { isRework } from '../../metrics/rework-rate.ts';
import { resolveWindow } from '../../metrics/window.ts';
import type { Queryable } from '../../store/db.ts';
import {
  selectChangePage,
  selectChangesOfDeployments,
  selectDeploymentPage,
  selectIncidentPage,
  selectIncidentsOfDeployments,
  type ChangeRow,
  type DeploymentRow,
  type IncidentRow,
  type PageAfter,
} from '../../store/evidence.ts';
import { selectSettings } from '../../store/settings.ts';
import type { MetricQuery } from './report.ts';
import { decodeCursor, encodeCursor } from '../imports/cursor.ts';

export interface EvidenceQuery extends Omit<MetricQuery, 'benchmark'> {
  /** Deployments only. */
  production?: boolean | undefined;
  status?: 'success' | 'failure' | undefined;
  cursor?: string | undefined;
  limit: number;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;
const seconds = (from: number | null, to: number | null) =>
  from === null || to === null ? null : (to - from) / 1000;
const ms = (date: Date | null) => date?.getTime() ?? null;

export function createEvidenceService(db: Queryable) {
  /** The filter of a request: its window defaults to the settings' window (DESIGN.md §4). */
  async function filterOf(query: EvidenceQuery, now: number) {
    const settings = await selectSettings(db);
    const window = resolveWindow(query.from?.getTime(), query.to?.getTime(), settings.window_days.other, now);
    const { cursor, limit, ...rest } = query;
    return {
      filter: { ...rest, from: new Date(window.from), to: new Date(window.to) },
      window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
      after: cursor === undefined ? undefined : decodeCursor(cursor),
      limit,
    };
  }

  /** One more row than asked tells whether a next page exists. */
  function page<Row, Item>(
    rows: Row[],
    limit: number,
    window: { from: string; to: string },
    items: Item[],
    positionOf: (row: Row) => PageAfter,
  ) {
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { window, items, next_cursor: last === undefined ? null : encodeCursor(positionOf(last)) };
  }

  return {
    async deployments(query: EvidenceQuery, now: number) {
      const { filter, window, after, limit } = await filterOf(query, now);
      const rows = await selectDeploymentPage(db, filter, after, limit + 1);
      const shown = rows.slice(0, limit);
      const ids = shown.map((row) => row.id);
      const [changes, incidents] = await Promise.all([
        selectChangesOfDeployments(db, ids),
        selectIncidentsOfDeployments(db, ids),
      ]);
      const items = shown.map((row) =>
        toDeploymentEvidence(
          row,
          changes.filter((change) => change.deployment_id === row.id),
          incidents.filter((incident) => incident.deployment_id === row.id),
        ),
      );
      return page(rows, limit, window, items, (row) => ({ at: row.position_at, key: String(row.id) }));
    },

    async changes(query: EvidenceQuery, now: number) {
      const { filter, window, after, limit } = await filterOf(query, now);
      const rows = await selectChangePage(db, filter, after, limit + 1);
      return page(rows, limit, window, rows.slice(0, limit).map(toChangeEvidence), (row) => ({
        at: row.position_at,
        key: `${row.sha}/${row.service}`,
      }));
    },

    async incidents(query: EvidenceQuery, now: number) {
      const { filter, window, after, limit } = await filterOf(query, now);
      const rows = await selectIncidentPage(db, filter, after, limit + 1);
      return page(rows, limit, window, rows.slice(0, limit).map(toIncidentEvidence), (row) => ({
        at: row.position_at,
        key: String(row.id),
      }));
    },
  };
}

function toDeploymentEvidence(row: DeploymentRow, changes: ChangeOfDeployment[], incidents: IncidentRow[]) {
  const fact: DeploymentFact = {
    finishedAt: row.finished_at.getTime(),
    status: row.status,
    kind: row.kind,
    fixesIncident: row.fixes_incidents.length > 0,
    remediatedAt: ms(row.remediated_at),
    hasIncident: row.has_incident,
    incidentsResolvedAt: row.incidents_resolved_at,
  };
  const failed = isFailedChange(fact);
  const recovered = failed ? recoveredAt(fact) : null;
  return {
    id: row.external_id,
    source: row.source,
    service: row.service,
    team: row.team,
    application: row.application,
    environment: row.environment,
    production: row.production,
    status: row.status,
    kind: row.kind,
    started_at: iso(row.started_at),
    finished_at: row.finished_at.toISOString(),
    version: row.version,
    repository: row.repository,
    commit: row.commit,
    /** Change failure: an incident was attributed to it, or the next deployment remediated it. */
    failed,
    rework: row.status === 'success' && isRework(fact),
    fixes_incidents: row.fixes_incidents,
    remediated_at: iso(row.remediated_at),
    recovered_at: recovered === null ? null : new Date(recovered).toISOString(),
    recovery_seconds: seconds(fact.finishedAt, recovered),
    changes: changes.map((change) => ({
      sha: change.sha,
      repository: change.repository,
      committed_at: iso(change.committed_at ?? change.authored_at),
      author: change.author,
      message: change.message,
      pull_request: change.pr_number,
      first_production: change.first_production,
      lead_time_seconds: change.first_production
        ? seconds(ms(change.committed_at ?? change.authored_at), fact.finishedAt)
        : null,
    })),
    incidents: incidents.map(toIncidentEvidence),
  };
}

type ChangeOfDeployment = Awaited<ReturnType<typeof selectChangesOfDeployments>>[number];

function toChangeEvidence(row: ChangeRow) {
  const committedAt = ms(row.committed_at ?? row.authored_at);
  const fact = {
    committedAt,
    prOpenedAt: ms(row.pr_opened_at),
    firstReviewAt: ms(row.pr_first_review_at),
    approvedAt: ms(row.pr_approved_at),
    mergedAt: ms(row.pr_merged_at),
    deployedAt: row.deployed_at.getTime(),
  };
  return {
    sha: row.sha,
    repository: row.repository,
    service: row.service,
    committed_at: iso(row.committed_at ?? row.authored_at),
    author: row.author,
    message: row.message,
    pull_request:
      row.pr_number === null
        ? null
        : {
            number: row.pr_number,
            opened_at: iso(row.pr_opened_at),
            first_review_at: iso(row.pr_first_review_at),
            approved_at: iso(row.pr_approved_at),
            merged_at: iso(row.pr_merged_at),
          },
    first_production_deployment: {
      id: row.deployment_external_id,
      environment: row.environment,
      finished_at: row.deployed_at.toISOString(),
    },
    lead_time_seconds: seconds(committedAt, fact.deployedAt),
    stages: changeStages(fact),
  };
}

function toIncidentEvidence(row: IncidentRow) {
  return {
    id: row.external_id,
    source: row.source,
    service: row.service,
    environment: row.environment,
    severity: row.severity,
    title: row.title,
    started_at: row.started_at.toISOString(),
    /** False when only the resolution was reported: the start is then an upper bound. */
    start_reported: row.start_reported,
    resolved_at: iso(row.resolved_at),
    /** Counted severity in a production environment: it enters time to restore and failure rate. */
    counted: row.counted,
    restore_seconds: seconds(row.started_at.getTime(), ms(row.resolved_at)),
    deployment:
      row.deployment_external_id === null
        ? null
        : { id: row.deployment_external_id, attribution_method: row.attribution_method },
  };
}

export type EvidenceService = ReturnType<typeof createEvidenceService>;
