/**
 * What `fivekeys import git` makes of a repository, as native API bodies (DESIGN.md §4): each
 * commit is a change; each tag matching a glob, or each merge commit of a branch's first-parent
 * line, is a successful deployment at the time the tag or merge was made. Pure: git-history.ts reads.
 */
import { createHash } from 'node:crypto';
import picomatch from 'picomatch';
import type { GitCommit, GitMerge, GitTag } from './git-history.ts';

export type DeploymentSource = { kind: 'tags'; glob: string } | { kind: 'merges'; branch: string };

/** `tags:<glob>` or `merges:<branch>`; throws an Error saying what is expected. */
export function parseDeploymentSource(value: string): DeploymentSource {
  const match = /^(tags|merges):(.+)$/.exec(value);
  if (match?.[1] === 'tags') return { kind: 'tags', glob: match[2]! };
  if (match?.[1] === 'merges' && !match[2]!.startsWith('-')) return { kind: 'merges', branch: match[2]! };
  throw new Error('use tags:<glob> (e.g. tags:v*) or merges:<branch> (e.g. merges:main)');
}

export const describeSource = (source: DeploymentSource): string =>
  source.kind === 'tags' ? `tags:${source.glob}` : `merges:${source.branch}`;

export function toChangeBody(commit: GitCommit, repository: string): Record<string, unknown> {
  return {
    repository,
    sha: commit.sha,
    committed_at: commit.committedAt,
    parents: commit.parents,
    authored_at: commit.authoredAt,
    ...(commit.author && { author: commit.author.slice(0, 500) }),
    ...(commit.subject && { message: commit.subject }),
  };
}

export interface Stream {
  service: string;
  environment: string;
  repository: string;
}

export interface DeploymentBody {
  /** Names it in error messages: `tag v1.2.0`, `merge <sha>`. */
  label: string;
  body: Record<string, unknown> & { finished_at: string };
}

/** The deployments, oldest first (ties by label, so every run orders them alike). */
export function toDeploymentBodies(
  points: readonly GitTag[] | readonly GitMerge[],
  source: DeploymentSource,
  stream: Stream,
): DeploymentBody[] {
  const common = { service: stream.service, environment: stream.environment, status: 'success' };
  const matches = source.kind === 'tags' ? picomatch(source.glob, { dot: true }) : () => true;
  const bodies =
    source.kind === 'tags'
      ? (points as readonly GitTag[])
          .filter((tag) => matches(tag.name))
          .map((tag) => ({
            label: `tag ${tag.name}`,
            body: {
              id: deploymentId([stream.repository, tag.name]),
              ...common,
              finished_at: tag.taggedAt,
              version: tag.name,
              repository: stream.repository,
              commit: tag.commit,
            },
          }))
      : (points as readonly GitMerge[]).map((merge) => ({
          label: `merge ${merge.sha}`,
          body: {
            id: deploymentId([stream.repository, 'merge', merge.sha]),
            ...common,
            finished_at: merge.committedAt,
            repository: stream.repository,
            commit: merge.sha,
          },
        }));
  const time = (body: DeploymentBody) => Date.parse(body.body.finished_at);
  return bodies.sort((a, b) => time(a) - time(b) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** A deployment id the native API accepts (at most 200 characters) that names the tag if it can. */
function deploymentId(parts: readonly string[]): string {
  const id = ['git', ...parts].join(':');
  return id.length <= 200 ? id : `git:sha256:${createHash('sha256').update(id).digest('hex')}`;
}
