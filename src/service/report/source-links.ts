/**
 * Links from an evidence row to the commit and pull request at their source. Repositories are
 * stored as a path (`owner/name`) without their host, so a URL is built only where the source
 * names the host: GitHub webhooks and imports (source `github`) come from github.com. Anything else
 * (native API, GitLab, whose instances are often self-hosted) gets no link rather than a guess.
 */
const HOSTS: Readonly<Record<string, (repository: string) => RepositoryLinks>> = {
  github: (repository) => ({
    commit: (sha) => `https://github.com/${repository}/commit/${sha}`,
    pullRequest: (number) => `https://github.com/${repository}/pull/${number}`,
  }),
};

interface RepositoryLinks {
  commit(sha: string): string;
  pullRequest(number: number): string;
}

export interface SourceLinks {
  commit: string | null;
  pull_request: string | null;
}

/** A path that could be put in a URL as it is: owner/name segments, nothing that escapes them. */
const SAFE_REPOSITORY = /^[\w.-]+(\/[\w.-]+)+$/;
const SAFE_SHA = /^[0-9a-f]{4,64}$/i;

export function sourceLinks(
  source: string,
  repository: string | null,
  sha: string | null,
  pullRequest: number | null,
): SourceLinks {
  const host = HOSTS[source];
  if (!host || repository === null || !SAFE_REPOSITORY.test(repository) || repository.includes('..')) {
    return { commit: null, pull_request: null };
  }
  const links = host(repository);
  return {
    commit: sha !== null && SAFE_SHA.test(sha) ? links.commit(sha) : null,
    pull_request: pullRequest === null ? null : links.pullRequest(pullRequest),
  };
}
