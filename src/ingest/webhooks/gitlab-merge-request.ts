/**
 * Merge Request Hook (`merge_request`) → the change at the head of the merge request, and on merge
 * the merge commit too, both carrying the merge request's times.
 */
import type { Change, PullRequest } from '../../model/events.ts';
import { compact, invalid, isRecord, textAt, toSha, type JsonRecord } from '../transformers/fields.ts';
import { recordAt, requiredInteger, rows, skip, type GitLabHook } from './gitlab-hook.ts';
import { gitlabTimeAt, requiredGitlabTime } from './gitlab-time.ts';
import type { WebhookResult } from './webhook.ts';

const OPENING = new Set(['open', 'reopen', 'update']);
/** `approved`: every required approval is given; `approval`: one user approved. */
const APPROVING = new Set(['approved', 'approval']);

export function toMergeRequestChanges(hook: GitLabHook): WebhookResult {
  const attributes = recordAt(hook.body, ['object_attributes'], 'the merge request is described here');
  const action = textAt(attributes, ['action']);
  if (action === undefined || !(OPENING.has(action) || APPROVING.has(action) || action === 'merge')) {
    return skip(`merge_request action ${JSON.stringify(action ?? null)} does not change delivery metrics`);
  }
  const pullRequest = toPullRequest(attributes, action);
  const changes: Change[] = [];
  // `last_commit` is null when GitLab has no diff for the merge request (`diff_head_commit&.hook_attrs`).
  const head = headChange(hook, attributes);
  if (head !== undefined) changes.push({ ...head, pull_request: pullRequest });
  const mergeSha = pullRequest.merge_sha;
  if (mergeSha !== undefined && mergeSha !== head?.sha) {
    changes.push(
      compact({
        repository: hook.repository,
        repository_url: hook.repositoryUrl,
        sha: mergeSha,
        service: hook.service,
        pull_request: pullRequest,
      }),
    );
  }
  if (changes.length === 0) {
    return skip(
      `merge_request !${pullRequest.number} ${action} has no last_commit: no change to attach it to`,
    );
  }
  return rows({ changes });
}

function toPullRequest(attributes: JsonRecord, action: string): PullRequest {
  const opened: PullRequest = {
    number: requiredInteger(attributes, ['iid'], 'object_attributes.iid', 'the merge request number'),
    opened_at: requiredGitlabTime(
      attributes,
      ['created_at'],
      'object_attributes.created_at',
      'the time the merge request was opened',
    ),
  };
  if (OPENING.has(action)) return opened;
  // The hook has neither an approval nor a merge time; it is sent as the action happens, which sets
  // `updated_at`, so that is the nearest time the payload holds.
  const updated = requiredGitlabTime(
    attributes,
    ['updated_at'],
    'object_attributes.updated_at',
    `the time of the ${action}`,
  );
  if (APPROVING.has(action)) return { ...opened, first_review_at: updated, approved_at: updated };
  // A fast-forward merge has no merge commit: the head itself lands on the target branch.
  return compact({
    ...opened,
    merged_at: updated,
    merge_sha: toSha(textAt(attributes, ['merge_commit_sha'])),
  });
}

/** The merge request's newest commit, with what `last_commit` says of it; undefined when null. */
function headChange(hook: GitLabHook, attributes: JsonRecord): Change | undefined {
  const lastCommit = attributes.last_commit;
  if (lastCommit === null) return undefined;
  if (!isRecord(lastCommit))
    throw invalid('object_attributes.last_commit', 'missing: the merge request head');
  const sha = toSha(textAt(lastCommit, ['id']));
  if (sha === undefined) {
    throw invalid('object_attributes.last_commit.id', 'missing or not a commit sha: the merge request head');
  }
  return compact({
    repository: hook.repository,
    repository_url: hook.repositoryUrl,
    sha,
    committed_at: gitlabTimeAt(lastCommit, ['timestamp'], 'object_attributes.last_commit.timestamp'),
    author: textAt(lastCommit, ['author', 'name']),
    message: textAt(lastCommit, ['message']),
    service: hook.service,
  });
}
