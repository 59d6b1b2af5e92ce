/**
 * Push Hook (`push`) → changes, and Tag Push Hook (`tag_push`) → a deployment when the user counts
 * tags as releases to production.
 */
import type { Change, Deployment } from '../../model/events.ts';
import { compact, invalid, isRecord, textAt, toSha, valueAt } from '../transformers/fields.ts';
import { isZeroSha, reason, rows, skip, type GitLabHook } from './gitlab-hook.ts';
import { gitlabTimeAt } from './gitlab-time.ts';
import type { WebhookResult } from './webhook.ts';

/**
 * GitLab lists the pushed commits oldest first (`Git::BaseHooksService#limited_commits` is "ordered
 * with newest last"; `Gitlab::DataBuilder::Push` keeps `commits.last(20)`), so each commit's parent
 * is taken to be the one listed before it, and the oldest one's is `before`. That holds for a linear
 * push; commits of a merged side branch make it an approximation, as for GitHub pushes.
 */
export function toPushChanges(hook: GitLabHook): WebhookResult {
  const { body } = hook;
  const ref = textAt(body, ['ref']) ?? 'an unnamed ref';
  if (isZeroSha(textAt(body, ['after'])))
    return skip(`push deleted ${ref}: a deleted branch adds no commits`);
  const commits = valueAt(body, ['commits']);
  if (!Array.isArray(commits)) throw invalid('commits', 'missing: a push lists its commits here');
  if (commits.length === 0) return skip(`push to ${ref} carries no new commits`);

  const listed = commits.map((commit: unknown, index) => ({ commit, index, sha: commitSha(commit, index) }));
  const shas = listed.map(({ sha }) => sha);
  const before = textAt(body, ['before']);
  const total = valueAt(body, ['total_commits_count']);
  let parents: (string | undefined)[] = [isZeroSha(before) ? undefined : toSha(before), ...shas.slice(0, -1)];
  const reasons: string[] = [];
  if (typeof total === 'number' && total > commits.length) {
    parents[0] = undefined;
    reasons.push(
      reason(
        `push to ${ref} had ${total} commits and GitLab sent only the newest ${commits.length}: ` +
          `the oldest received (${shas[0]}) gets no inferred parent`,
      ),
    );
  } else if (parents[0] !== undefined && shas.includes(parents[0])) {
    // GitLab's "Test" button sends the branch's latest commits newest first, `before` among them.
    parents = [];
    reasons.push(reason(`push to ${ref} lists its own \`before\` among its commits: no parents inferred`));
  }
  const changes = listed.map((entry) => toChange(hook, entry, parents[entry.index]));
  return rows({ changes }, reasons);
}

function commitSha(commit: unknown, index: number): string {
  const sha = toSha(textAt(commit, ['id']));
  if (sha === undefined) {
    if (!isRecord(commit)) throw invalid(`commits[${index}]`, 'not an object');
    throw invalid(`commits[${index}].id`, 'missing or not a commit sha');
  }
  return sha;
}

interface Listed {
  commit: unknown;
  index: number;
  sha: string;
}

function toChange(hook: GitLabHook, { commit, index, sha }: Listed, parent: string | undefined): Change {
  return compact({
    repository: hook.repository,
    repository_url: hook.repositoryUrl,
    sha,
    parents: parent === undefined ? undefined : [parent],
    // `timestamp` is the commit's committer date (`Commit#hook_attrs`).
    committed_at: gitlabTimeAt(commit, ['timestamp'], `commits[${index}].timestamp`),
    author: textAt(commit, ['author', 'name']),
    message: textAt(commit, ['message']),
    service: hook.service,
  });
}

export function toTagDeployment(hook: GitLabHook): WebhookResult {
  const { body, settings } = hook;
  if (!settings.tagsAsDeployments) {
    return skip('tag pushes are not deployments unless the tagsAsDeployments option is set');
  }
  const ref = textAt(body, ['ref']);
  if (ref === undefined) throw invalid('ref', 'missing: the tag name is the deployed version');
  const tag = ref.replace(/^refs\/tags\//, '');
  if (isZeroSha(textAt(body, ['after']))) return skip(`tag ${tag} was deleted: not a deployment`);
  const deployment: Deployment = compact({
    source: 'gitlab',
    external_id: `${hook.repository}/tags/${tag}`,
    service: hook.service,
    environment: settings.tagEnvironment,
    status: 'success' as const,
    // A tag push carries no time of its own: the receipt time stands in (stored with the delivery,
    // so a replay gives the same row).
    finished_at: hook.receivedAt,
    version: tag,
    commit: toSha(textAt(body, ['checkout_sha'])),
    repository: hook.repository,
    repository_url: hook.repositoryUrl,
  });
  return rows({ deployments: [deployment] });
}
