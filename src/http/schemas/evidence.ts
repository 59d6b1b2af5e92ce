/** Answers of `GET /api/v1/deployments`, `/changes` and `/incidents`: a window, a page, a cursor. */
import { Type, type TSchema } from '@sinclair/typebox';
import { Instant, Nullable, Seconds, Window } from './common.ts';

const Text = Nullable(Type.String());
const At = Nullable(Instant);

const page = <T extends TSchema>(item: T) =>
  Type.Object({
    window: Window,
    total: Type.Integer({ description: 'Rows matching the filters over the whole window, not this page' }),
    items: Type.Array(item),
    next_cursor: Nullable(
      Type.String({ description: 'Pass as `cursor` for the next page; null on the last' }),
    ),
  });

const Url = Nullable(Type.String({ format: 'uri' }));
const commitLinks = {
  commit: Url,
  pull_request: Url,
};
const Links = Type.Object(commitLinks, {
  description:
    "On the repository's web page the source sent (GitHub, GitHub Enterprise, GitLab); null when it is unknown",
});
const DeploymentLinks = Type.Object(
  {
    ...commitLinks,
    pipeline: Nullable(
      Type.String({
        format: 'uri',
        description: 'The pipeline run, deployment or job log page at the source',
      }),
    ),
  },
  { description: 'Commit links as for changes, and the page of the run the source named' },
);
const IncidentLinks = Type.Object({
  incident: Nullable(Type.String({ format: 'uri', description: "The incident's page at its source" })),
});

const Incident = Type.Object({
  id: Type.String(),
  source: Type.String(),
  service: Text,
  environment: Text,
  severity: Text,
  title: Text,
  started_at: Instant,
  start_reported: Type.Boolean({ description: 'False when only the resolution was reported' }),
  resolved_at: At,
  counted: Type.Boolean({ description: 'It enters time to restore and change failure rate' }),
  restored: Type.Boolean({ description: 'Resolved in the window, not before it started' }),
  restore_seconds: Seconds,
  deployment: Nullable(Type.Object({ id: Type.String(), attribution_method: Text })),
  links: IncidentLinks,
});

const Deployment = Type.Object({
  id: Type.String(),
  source: Type.String(),
  service: Type.String(),
  team: Text,
  application: Text,
  environment: Type.String(),
  production: Type.Boolean(),
  status: Type.Unsafe<string>({ type: 'string', enum: ['success', 'failure'] }),
  kind: Type.Unsafe<string>({ type: 'string', enum: ['standard', 'rollback', 'hotfix'] }),
  started_at: At,
  finished_at: Instant,
  version: Text,
  repository: Text,
  commit: Text,
  failed: Type.Boolean({ description: 'A change failure: an incident was attributed, or a remediation' }),
  rework: Type.Boolean(),
  remediated: Type.Boolean({ description: 'Failed, and its recovery time is measured' }),
  fixes_incidents: Type.Array(Type.String()),
  remediated_at: At,
  recovered_at: At,
  recovery_seconds: Seconds,
  changes: Type.Array(
    Type.Object({
      sha: Type.String(),
      repository: Type.String(),
      committed_at: At,
      author: Text,
      message: Text,
      pull_request: Nullable(Type.Integer()),
      first_production: Type.Boolean(),
      lead_time_seconds: Seconds,
      links: Links,
    }),
  ),
  incidents: Type.Array(Incident),
  links: DeploymentLinks,
});

const Change = Type.Object({
  sha: Type.String(),
  repository: Type.String(),
  service: Type.String(),
  committed_at: At,
  author: Text,
  message: Text,
  pull_request: Nullable(
    Type.Object({
      number: Type.Integer(),
      opened_at: At,
      first_review_at: At,
      approved_at: At,
      merged_at: At,
    }),
  ),
  first_production_deployment: Type.Object({
    id: Type.String(),
    environment: Type.String(),
    finished_at: Instant,
  }),
  lead_time_seconds: Seconds,
  stages: Type.Object({
    coding: Seconds,
    pickup: Seconds,
    review: Seconds,
    deploy: Seconds,
    review_lead_time: Seconds,
    deployment_lead_time: Seconds,
  }),
  links: Links,
});

export const DeploymentPage = page(Deployment);
export const ChangePage = page(Change);
export const IncidentPage = page(Incident);

/** A list answer: the page as JSON, or the same rows as CSV (`Accept: text/csv`). */
export const withCsv = (schema: TSchema) => ({
  description: 'A page of the list; as CSV with `Accept: text/csv` (next page in the `Link` header)',
  content: {
    'application/json': { schema },
    'text/csv': { schema: { type: 'string', description: 'RFC 4180, header row first' } },
  },
});
