/**
 * Evidence rows as the API shows them. A deployment's flags (failed, rework, remediated) are the
 * ones its list was filtered by in SQL, so a row never disagrees with the filter that listed it;
 * test/http/evidence-totals.test.ts checks them against the pure metric functions.
 */
import { changeStages } from '../../metrics/lead-time.ts';
import type { DeploymentChangeRow } from '../../store/evidence.ts';
import type { ChangeRow } from '../../store/evidence-changes.ts';
import type { DeploymentRow } from '../../store/evidence-deployments.ts';
import type { IncidentRow } from '../../store/evidence-incidents.ts';
import { commitLinks, pageLink } from './source-links.ts';

const iso = (date: Date | null) => date?.toISOString() ?? null;
const ms = (date: Date | null) => date?.getTime() ?? null;
const seconds = (from: number | null, to: number | null) =>
  from === null || to === null ? null : (to - from) / 1000;

export function toDeploymentEvidence(
  row: DeploymentRow,
  changes: DeploymentChangeRow[],
  incidents: IncidentRow[],
) {
  const finishedAt = row.finished_at.getTime();
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
    failed: row.failed,
    rework: row.rework,
    remediated: row.remediated,
    fixes_incidents: row.fixes_incidents,
    remediated_at: iso(row.remediated_at),
    recovered_at: iso(row.recovered_at),
    recovery_seconds: seconds(finishedAt, ms(row.recovered_at)),
    links: {
      ...commitLinks(row.source, row.repository_url, row.commit, null),
      pipeline: pageLink(row.url),
    },
    changes: changes.map((change) => ({
      sha: change.sha,
      repository: change.repository,
      committed_at: iso(change.committed_at ?? change.authored_at),
      author: change.author,
      message: change.message,
      pull_request: change.pr_number,
      first_production: change.first_production,
      lead_time_seconds: change.first_production
        ? seconds(ms(change.committed_at ?? change.authored_at), finishedAt)
        : null,
      links: commitLinks(row.source, change.repository_url, change.sha, change.pr_number),
    })),
    incidents: incidents.map(toIncidentEvidence),
  };
}

export function toChangeEvidence(row: ChangeRow) {
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
    links: commitLinks(row.deployment_source, row.repository_url, row.sha, row.pr_number),
  };
}

export function toIncidentEvidence(row: IncidentRow) {
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
    counted: row.counted,
    restored: row.restored,
    restore_seconds: seconds(row.started_at.getTime(), ms(row.resolved_at)),
    deployment:
      row.deployment_external_id === null
        ? null
        : { id: row.deployment_external_id, attribution_method: row.attribution_method },
    links: { incident: pageLink(row.url) },
  };
}
