/**
 * The normalized delivery model every source is translated into (DESIGN.md §2).
 *
 * Glossary:
 * - change: a commit, optionally with the pull request that carried it.
 * - deployment: one attempt to put a version of a service into an environment.
 * - incident: a degradation of a service, possibly caused by a deployment.
 * - stream: the deployments of one service to one environment, ordered by finish time.
 * Times are ISO 8601 strings with an offset; the store keeps them as timestamptz.
 */

export type DeploymentStatus = 'success' | 'failure';
export type DeploymentKind = 'standard' | 'rollback' | 'hotfix';

export interface PullRequest {
  /** Absent when the source names changes otherwise (a CDEvents change id is the commit's key). */
  number?: number | undefined;
  opened_at?: string | undefined;
  first_review_at?: string | undefined;
  approved_at?: string | undefined;
  merged_at?: string | undefined;
  merge_sha?: string | undefined;
}

export interface Change {
  repository: string;
  /** The repository's web page (`https://gitlab.example.com/group/app`), when the source names it. */
  repository_url?: string | undefined;
  sha: string;
  parents?: string[] | undefined;
  committed_at?: string | undefined;
  authored_at?: string | undefined;
  author?: string | undefined;
  message?: string | undefined;
  service?: string | undefined;
  pull_request?: PullRequest | undefined;
}

export interface Deployment {
  source: string;
  external_id: string;
  service: string;
  environment: string;
  status: DeploymentStatus;
  finished_at: string;
  started_at?: string | undefined;
  version?: string | undefined;
  repository?: string | undefined;
  repository_url?: string | undefined;
  /** The page of the pipeline run, deployment or job log the source names (http(s) only). */
  url?: string | undefined;
  commit?: string | undefined;
  commits?: string[] | undefined;
  /** Absent means "infer": a redeploy of an earlier version is a rollback. */
  kind?: DeploymentKind | undefined;
  fixes_incidents?: string[] | undefined;
  /** Set when the source itself says whether the environment is production (e.g. GitLab's tier). */
  production?: boolean | undefined;
  team?: string | undefined;
  application?: string | undefined;
  /**
   * The artifact deployed (a CDEvents artifactId, a PURL). When `commit` is absent it is found
   * through the artifact's link to the change it was built from, whichever arrives first.
   */
  artifact?: string | undefined;
}

export interface Incident {
  source: string;
  external_id: string;
  service?: string | undefined;
  environment?: string | undefined;
  severity?: string | undefined;
  title?: string | undefined;
  /** The incident's page at its source (http(s) only). */
  url?: string | undefined;
  started_at: string;
  /** True when only the resolution was reported so far: `started_at` is then an upper bound. */
  start_unknown?: boolean | undefined;
  resolved_at?: string | undefined;
  /** Cause, when the source knows it: a deployment id, a version or a commit sha. */
  deployment?: string | undefined;
  version?: string | undefined;
  commit?: string | undefined;
}

/** An artifact was built from a change (CDEvents artifact.packaged): how deployments reach commits. */
export interface ArtifactLink {
  artifact: string;
  commit: string;
  repository?: string | undefined;
}

/** What an adapter turns one payload into. */
export interface NormalizedEvents {
  changes: Change[];
  deployments: Deployment[];
  incidents: Incident[];
  artifacts: ArtifactLink[];
}

export const emptyEvents = (): NormalizedEvents => ({
  changes: [],
  deployments: [],
  incidents: [],
  artifacts: [],
});
