/**
 * The webhook deliveries GitHub would have sent for what the REST API lists, so imported history
 * goes through the GitHub webhook adapter (and replay) exactly like live deliveries. REST and
 * webhook payloads share their objects (pull_request, review, deployment, deployment_status,
 * release, issue, repository); what differs is the envelope, built here. Delivery ids are
 * deterministic (`import:owner/name:pr:12:merged`), so a re-run is a duplicate.
 */
import type { WebhookDelivery } from '../../ingest/webhooks/webhook.ts';
import type {
  ApiComparedCommit,
  ApiDeployment,
  ApiDeploymentStatus,
  ApiIssue,
  ApiPull,
  ApiRelease,
  ApiRepository,
  ApiReview,
} from './github-import-client.ts';

export interface ImportDelivery {
  /** The X-GitHub-Event it stands for. */
  event: 'pull_request' | 'pull_request_review' | 'push' | 'deployment_status' | 'release' | 'issues';
  id: string;
  /** The event's own time, stored as the delivery's received time. */
  at: string;
  payload: Record<string, unknown>;
}

const NO_COMMIT = '0'.repeat(40);

export function toWebhookDelivery(delivery: ImportDelivery, userAgent: string): WebhookDelivery {
  return {
    headers: {
      'content-type': 'application/json',
      'user-agent': userAgent,
      'x-github-event': delivery.event,
      'x-github-delivery': delivery.id,
    },
    body: JSON.stringify(delivery.payload),
    params: {},
    receivedAt: delivery.at,
  };
}

/** Submitted reviews, oldest first: each was a `pull_request_review` delivery. */
export function reviewDeliveries(
  repository: ApiRepository,
  pull: ApiPull,
  reviews: readonly ApiReview[],
): ImportDelivery[] {
  return reviews
    .filter((review): review is ApiReview & { submitted_at: string } => review.submitted_at != null)
    .filter((review) => review.state !== 'PENDING')
    .sort((a, b) => Date.parse(a.submitted_at) - Date.parse(b.submitted_at))
    .map((review) => ({
      event: 'pull_request_review',
      id: `import:${repository.full_name}:review:${review.id}`,
      at: review.submitted_at,
      // Webhooks send the state in lower case (`approved`); REST in upper case (`APPROVED`).
      payload: {
        action: 'submitted',
        review: { ...review, state: review.state.toLowerCase() },
        pull_request: pull,
        repository,
        sender: review.user,
      },
    }));
}

/** The `pull_request` `closed` delivery of a merged pull request (REST lists omit `merged`). */
export function mergedDelivery(
  repository: ApiRepository,
  pull: ApiPull & { merged_at: string },
): ImportDelivery {
  return {
    event: 'pull_request',
    id: `import:${repository.full_name}:pr:${pull.number}:merged`,
    at: pull.merged_at,
    payload: {
      action: 'closed',
      number: pull.number,
      pull_request: { ...pull, merged: true },
      repository,
      sender: pull.user,
    },
  };
}

/**
 * The push the merge made to the base branch: the commits reachable from the merge commit and not
 * from its first parent (what was on the branch before), oldest first, as GitHub lists them.
 */
export function mergePushDelivery(
  repository: ApiRepository,
  pull: ApiPull & { merged_at: string; merge_commit_sha: string },
  before: string | undefined,
  commits: readonly ApiComparedCommit[],
): ImportDelivery {
  const listed = commits.map(pushCommit);
  return {
    event: 'push',
    id: `import:${repository.full_name}:push:${pull.merge_commit_sha}`,
    at: pull.merged_at,
    payload: {
      ref: `refs/heads/${pull.base.ref}`,
      before: before ?? NO_COMMIT,
      after: pull.merge_commit_sha,
      created: before === undefined,
      deleted: false,
      forced: false,
      base_ref: null,
      compare: `${repository.html_url}/compare/${before ?? NO_COMMIT}...${pull.merge_commit_sha}`,
      commits: listed,
      head_commit: listed.at(-1) ?? null,
      repository,
      sender: pull.user,
    },
  };
}

function pushCommit(commit: ApiComparedCommit) {
  const person = (who: { name?: string; email?: string } | null | undefined, login: string | undefined) => ({
    name: who?.name,
    email: who?.email,
    ...(login === undefined ? {} : { username: login }),
  });
  return {
    id: commit.sha,
    tree_id: commit.commit.tree.sha,
    distinct: true,
    message: commit.commit.message,
    // A push gives the commit's own time; the committer's is when it got its sha.
    timestamp: commit.commit.committer?.date ?? commit.commit.author?.date,
    url: commit.html_url,
    author: person(commit.commit.author, commit.author?.login),
    committer: person(commit.commit.committer, commit.committer?.login),
  };
}

/** Final statuses (success, failure, error), oldest first: the ones the adapter turns into rows. */
export function deploymentDeliveries(
  repository: ApiRepository,
  deployment: ApiDeployment,
  statuses: readonly ApiDeploymentStatus[],
): ImportDelivery[] {
  return statuses
    .filter((status) => ['success', 'failure', 'error'].includes(status.state))
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))
    .map((status) => ({
      event: 'deployment_status',
      id: `import:${repository.full_name}:deployment:${deployment.id}:status:${status.id}`,
      at: status.created_at,
      payload: {
        action: 'created',
        // The webhook's deployment is as it was when this status was created.
        deployment: { ...deployment, updated_at: status.created_at },
        deployment_status: status,
        repository,
        sender: status.creator,
      },
    }));
}

export function releaseDelivery(repository: ApiRepository, release: ApiRelease & { published_at: string }) {
  return {
    event: 'release',
    id: `import:${repository.full_name}:release:${release.id}:published`,
    at: release.published_at,
    payload: { action: 'published', release, repository, sender: release.author },
  } satisfies ImportDelivery;
}

/**
 * An issue is listed as it is now; GitHub sent it opened (still open), then closed. A later
 * reopening and closing adds nothing: the adapter keeps an incident's first resolution.
 */
export function issueDeliveries(repository: ApiRepository, issue: ApiIssue): ImportDelivery[] {
  const key = `import:${repository.full_name}:issue:${issue.number}`;
  const opened: ImportDelivery = {
    event: 'issues',
    id: `${key}:opened`,
    at: issue.created_at,
    payload: {
      action: 'opened',
      issue: { ...issue, state: 'open', state_reason: null, closed_at: null, closed_by: null },
      repository,
      sender: issue.user,
    },
  };
  if (issue.state !== 'closed' || issue.closed_at == null) return [opened];
  const closed: ImportDelivery = {
    event: 'issues',
    id: `${key}:closed`,
    at: issue.closed_at,
    payload: { action: 'closed', issue, repository, sender: issue.closed_by ?? issue.user },
  };
  return [opened, closed];
}
