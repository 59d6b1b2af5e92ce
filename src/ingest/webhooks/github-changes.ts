/**
 * Changes from GitHub: the commits of a push, and the pull request that carried a commit (opened,
 * first reviewed, approved, merged). A webhook never lists a pull request's commits (that takes the
 * REST API), so only the head commit and the merge commit learn about their pull request.
 */
import type { Change, PullRequest } from '../../model/events.ts';
import {
  compact,
  fieldPath,
  instantAt,
  invalid,
  requiredInstant,
  textAt,
  toSha,
  valueAt,
  type JsonRecord,
} from '../transformers/fields.ts';
import {
  actionOf,
  mapped,
  repositoryOf,
  requiredInteger,
  requiredSha,
  skipped,
  type GitHubHandler,
} from './github-payload.ts';

const NO_COMMIT = /^0+$/;

export const toPushChanges: GitHubHandler = (payload, _settings, context) => {
  const ref = textAt(payload, ['ref']) ?? 'an unnamed ref';
  if (payload.deleted === true) return skipped(`push deleted ${ref}; a deletion brings no commits`);
  const commits = valueAt(payload, ['commits']);
  if (!Array.isArray(commits)) {
    throw invalid('commits', 'missing: a push lists its commits, an empty list when there are none');
  }
  if (commits.length === 0) {
    return skipped(
      ref.startsWith('refs/tags/')
        ? `tag push of ${ref} carries no commits`
        : `push to ${ref} carries no new commits`,
    );
  }
  const { repository, service, repository_url } = repositoryOf(payload, context);
  // After a force push `before` is the overwritten head, not an ancestor of the new commits.
  const before = payload.forced === true ? undefined : toSha(textAt(payload, ['before']));
  let parents = before === undefined || NO_COMMIT.test(before) ? undefined : [before];
  const changes = commits.map((commit: unknown, index): Change => {
    const sha = requiredSha(valueAt(commit, ['id']), fieldPath('commits', index, 'id'));
    const change = compact({
      repository,
      repository_url,
      sha,
      parents,
      committed_at: instantAt(commit, ['timestamp'], fieldPath('commits', index, 'timestamp')),
      author: textAt(commit, ['author', 'username']) ?? textAt(commit, ['author', 'name']),
      message: textAt(commit, ['message']),
      service,
    });
    // GitHub lists a push's commits oldest first; each is taken as the parent of the next.
    parents = [sha];
    return change;
  });
  return mapped({ changes });
};

const OPENING = new Set(['opened', 'reopened', 'ready_for_review', 'synchronize']);

export const toPullRequestChanges: GitHubHandler = (payload, _settings, context) => {
  const action = actionOf(payload);
  if (action !== 'closed' && !OPENING.has(action)) {
    return skipped(`pull_request action "${action}" does not change delivery metrics`);
  }
  if (action === 'closed' && valueAt(payload, ['pull_request', 'merged']) !== true) {
    return skipped(
      `pull request #${textAt(payload, ['pull_request', 'number']) ?? '?'} closed without merging`,
    );
  }
  const { repository, service, repository_url } = repositoryOf(payload, context);
  const head = requiredSha(valueAt(payload, ['pull_request', 'head', 'sha']), 'pull_request.head.sha');
  const opened = openedPullRequest(payload);
  if (action !== 'closed') {
    return mapped({
      changes: [compact({ repository, repository_url, sha: head, service, pull_request: opened })],
    });
  }
  const merge = requiredSha(
    valueAt(payload, ['pull_request', 'merge_commit_sha']),
    'pull_request.merge_commit_sha',
  );
  const merged = {
    ...opened,
    merged_at: requiredInstant(
      payload,
      ['pull_request', 'merged_at'],
      'pull_request.merged_at',
      'a merged pull request has a merge time',
    ),
    merge_sha: merge,
  };
  // A rebase or fast-forward merge can make the head itself the merge commit.
  const shas = merge === head ? [merge] : [merge, head];
  return mapped({
    changes: shas.map((sha) => compact({ repository, repository_url, sha, service, pull_request: merged })),
  });
};

export const toReviewChange: GitHubHandler = (payload, _settings, context) => {
  const action = actionOf(payload);
  if (action !== 'submitted') {
    return skipped(`pull_request_review action "${action}" does not change when a pull request was reviewed`);
  }
  const reviewer = textAt(payload, ['review', 'user', 'login']);
  const author = textAt(payload, ['pull_request', 'user', 'login']);
  if (reviewer !== undefined && reviewer.toLowerCase() === author?.toLowerCase()) {
    const number = textAt(payload, ['pull_request', 'number']) ?? '?';
    return skipped(`review of pull request #${number} by its author ${author} is not a first review`);
  }
  const { repository, service, repository_url } = repositoryOf(payload, context);
  const submitted = requiredInstant(
    payload,
    ['review', 'submitted_at'],
    'review.submitted_at',
    'a submitted review has a time',
  );
  const approved = textAt(payload, ['review', 'state'])?.toLowerCase() === 'approved';
  const sha =
    toSha(textAt(payload, ['review', 'commit_id'])) ??
    requiredSha(valueAt(payload, ['pull_request', 'head', 'sha']), 'pull_request.head.sha');
  const pullRequest = compact({
    ...openedPullRequest(payload),
    first_review_at: submitted,
    approved_at: approved ? submitted : undefined,
  });
  return mapped({
    changes: [compact({ repository, repository_url, sha, service, pull_request: pullRequest })],
  });
};

function openedPullRequest(payload: JsonRecord): PullRequest {
  return {
    number: requiredInteger(valueAt(payload, ['pull_request', 'number']), 'pull_request.number'),
    opened_at: requiredInstant(
      payload,
      ['pull_request', 'created_at'],
      'pull_request.created_at',
      'the time the pull request was opened',
    ),
  };
}
