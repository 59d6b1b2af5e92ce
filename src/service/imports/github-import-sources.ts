/**
 * What `fivekeys import github` reads per resource: how to list the items updated after a point,
 * the time the resume cursor records for each, and the webhook deliveries each one stands for
 * (fetching what the list lacks: reviews, the merge's commits, deployment statuses).
 */
import { toGitHubSettings, type GitHubOptions } from '../../ingest/webhooks/github-options.ts';
import type { WebhooksConfig } from '../../ingest/webhooks/sources.ts';
import type {
  ApiDeployment,
  ApiIssue,
  ApiPull,
  ApiRelease,
  ApiRepository,
  GitHubClient,
} from './github-import-client.ts';
import {
  deploymentDeliveries,
  issueDeliveries,
  mergedDelivery,
  mergePushDelivery,
  releaseDelivery,
  reviewDeliveries,
  type ImportDelivery,
} from './github-import-payloads.ts';

export interface ImportSource<T> {
  list(since: Date | undefined): Promise<T[]>;
  /** The time the cursor records for an item (ISO 8601). */
  key(item: T): string;
  deliveries(item: T): Promise<ImportDelivery[]>;
}

/** Reviews, the `closed` delivery, then the push of the merge commit onto the base branch. */
export const pullSource = (client: GitHubClient, repository: ApiRepository): ImportSource<ApiPull> => ({
  list: (since) => client.mergedPulls(since),
  key: (pull) => pull.updated_at,
  async deliveries(pull) {
    const { merged_at, merge_commit_sha } = pull;
    if (merged_at === null) return [];
    const reviews = reviewDeliveries(repository, pull, await client.reviews(pull.number));
    const merged = mergedDelivery(repository, { ...pull, merged_at });
    if (merge_commit_sha === null) return [...reviews, merged];
    const merge = await client.commit(merge_commit_sha);
    // The first parent is the base branch before the merge (the push's `before`).
    const before = merge.parents[0]?.sha;
    const commits = before === undefined ? [merge] : await client.compare(before, merge_commit_sha);
    const push = mergePushDelivery(repository, { ...pull, merged_at, merge_commit_sha }, before, commits);
    return [...reviews, merged, push];
  },
});

export const deploymentSource = (
  client: GitHubClient,
  repository: ApiRepository,
): ImportSource<ApiDeployment> => ({
  list: (since) => client.deployments(since),
  key: (deployment) => deployment.updated_at,
  deliveries: async (deployment) =>
    deploymentDeliveries(repository, deployment, await client.statuses(deployment.id)),
});

export const releaseSource = (client: GitHubClient, repository: ApiRepository): ImportSource<ApiRelease> => ({
  list: (since) => client.releases(since),
  key: (release) => release.published_at ?? release.created_at,
  deliveries: async ({ published_at, ...release }) =>
    published_at === null ? [] : [releaseDelivery(repository, { ...release, published_at })],
});

/** GitHub ANDs the labels of one query: each incident label is listed on its own. */
export const issueSource = (
  client: GitHubClient,
  repository: ApiRepository,
  incidentLabels: readonly string[],
): ImportSource<ApiIssue> => ({
  async list(since) {
    const byNumber = new Map<number, ApiIssue>();
    for (const label of incidentLabels) {
      for (const issue of await client.labelledIssues(label, since)) byNumber.set(issue.number, issue);
    }
    return [...byNumber.values()];
  },
  key: (issue) => issue.updated_at,
  deliveries: async (issue) => issueDeliveries(repository, issue),
});

/** The incident labels the GitHub webhook adapter is configured with (`webhooks.github.options`). */
export function configuredIncidentLabels(webhooks: WebhooksConfig): readonly string[] {
  return toGitHubSettings((webhooks.github?.options ?? {}) as GitHubOptions).incidentLabels;
}
