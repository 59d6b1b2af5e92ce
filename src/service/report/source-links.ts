/**
 * Links from an evidence row to its pages at the source. Commit and pull request links are built
 * onto the repository's web URL the source sent (GitHub's `repository.html_url`, GitLab's
 * `project.web_url`), so GitHub Enterprise and self-hosted GitLab rows link to their own server;
 * a row whose repository URL is unknown (stored before it was kept, or from a source that does not
 * send one) gets no link rather than a guessed github.com one. Pipeline and incident pages are the
 * URLs the source named, stored as they came (http(s) only).
 */
type Forge = 'github' | 'gitlab';

const PATHS: Readonly<Record<Forge, { commit: string; pullRequest: string }>> = {
  github: { commit: '/commit/', pullRequest: '/pull/' },
  gitlab: { commit: '/-/commit/', pullRequest: '/-/merge_requests/' },
};

/** The public hosts say which forge they are; any other host is known only by the source that sent it. */
function forgeOf(source: string, repositoryUrl: URL): Forge | undefined {
  const host = repositoryUrl.hostname.toLowerCase();
  if (host === 'github.com') return 'github';
  if (host === 'gitlab.com') return 'gitlab';
  return source === 'github' || source === 'gitlab' ? source : undefined;
}

export interface CommitLinks {
  commit: string | null;
  pull_request: string | null;
}

const SAFE_SHA = /^[0-9a-f]{4,64}$/i;
const NO_LINKS: CommitLinks = { commit: null, pull_request: null };

function parsedWebUrl(value: string | null): URL | undefined {
  if (value === null) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export function commitLinks(
  source: string,
  repositoryUrl: string | null,
  sha: string | null,
  pullRequest: number | null,
): CommitLinks {
  const url = parsedWebUrl(repositoryUrl);
  const forge = url && forgeOf(source, url);
  if (url === undefined || forge === undefined || url.search !== '' || url.hash !== '') return NO_LINKS;
  const base = url.href.replace(/\/+$/, '');
  const paths = PATHS[forge];
  return {
    commit: sha !== null && SAFE_SHA.test(sha) ? `${base}${paths.commit}${sha}` : null,
    pull_request:
      pullRequest !== null && Number.isSafeInteger(pullRequest) && pullRequest > 0
        ? `${base}${paths.pullRequest}${pullRequest}`
        : null,
  };
}

/** A stored page URL, checked again on the way out: a row stored by hand cannot carry a script. */
export const pageLink = (url: string | null): string | null => (parsedWebUrl(url) === undefined ? null : url);
