/**
 * The GitHub REST calls `fivekeys import github` makes, through Octokit (its pagination follows the
 * `Link: rel="next"` headers) with the rate-limit back-off wrapped around every request. Lists
 * GitHub sorts newest first are read only as far back as the resume point needs.
 */
import { Octokit, type RestEndpointMethodTypes } from '@octokit/rest';
import { AppError } from '../../errors.ts';
import { failedResponseOf, withBackoff, type BackoffOptions } from './github-import-backoff.ts';

type Data<T extends { response: { data: unknown } }> = T['response']['data'];
type Item<T extends { response: { data: unknown } }> = Data<T> extends readonly (infer I)[] ? I : never;
type Rest = RestEndpointMethodTypes;

export type ApiRepository = Data<Rest['repos']['get']>;
export type ApiPull = Item<Rest['pulls']['list']>;
export type ApiReview = Item<Rest['pulls']['listReviews']>;
export type ApiCommit = Data<Rest['repos']['getCommit']>;
export type ApiComparedCommit = Data<Rest['repos']['compareCommitsWithBasehead']>['commits'][number];
export type ApiDeployment = Item<Rest['repos']['listDeployments']>;
export type ApiDeploymentStatus = Item<Rest['repos']['listDeploymentStatuses']>;
export type ApiRelease = Item<Rest['repos']['listReleases']>;
export type ApiIssue = Item<Rest['issues']['listForRepo']>;

export interface GitHubClientOptions {
  /** `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server. */
  apiUrl: string;
  token?: string | undefined;
  userAgent: string;
  backoff?: BackoffOptions;
}

const PER_PAGE = 100;
/**
 * Deployments and releases are listed newest created first, with no `since`. One created before
 * the resume point can still finish (deployment) or be published (a draft release) after it, so
 * the listing reads this much further back; what it finds is filtered on its update time.
 */
const CREATED_LOOKBACK_MS = 24 * 60 * 60 * 1000;

/** Pages of a newest-first list until `isOlder` holds for an item; only `keep` items are returned. */
async function newestFirst<T>(
  pages: AsyncIterable<{ data: T[] }>,
  isOlder: (item: T) => boolean,
  keep: (item: T) => boolean,
): Promise<T[]> {
  const found: T[] = [];
  for await (const page of pages) {
    found.push(...page.data.filter(keep));
    if (page.data.some(isOlder)) break;
  }
  return found;
}

const after = (since: Date | undefined, time: string | null | undefined) =>
  time != null && (since === undefined || Date.parse(time) > since.getTime());
const before = (limit: number | undefined, time: string | null | undefined) =>
  limit !== undefined && time != null && Date.parse(time) < limit;

export function createGitHubClient(options: GitHubClientOptions, owner: string, repo: string) {
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: options.apiUrl.replace(/\/+$/, ''),
    userAgent: options.userAgent,
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  octokit.hook.wrap('request', (request, endpoint) =>
    withBackoff(async () => request(endpoint), options.backoff),
  );
  const where = { owner, repo };

  return {
    repository: async (): Promise<ApiRepository> => (await octokit.rest.repos.get(where)).data,

    /** Merged pull requests updated after `since`. */
    mergedPulls: (since: Date | undefined): Promise<ApiPull[]> =>
      newestFirst(
        octokit.paginate.iterator(octokit.rest.pulls.list, {
          ...where,
          state: 'closed',
          sort: 'updated',
          direction: 'desc',
          per_page: PER_PAGE,
        }),
        (pull) => before(since?.getTime(), pull.updated_at),
        (pull) => pull.merged_at !== null && after(since, pull.updated_at),
      ),

    reviews: (number: number): Promise<ApiReview[]> =>
      octokit.paginate(octokit.rest.pulls.listReviews, { ...where, pull_number: number, per_page: PER_PAGE }),

    commit: async (sha: string): Promise<ApiCommit> =>
      (await octokit.rest.repos.getCommit({ ...where, ref: sha })).data,

    /** The commits reachable from `head` and not from `base`, oldest first (what a push lists). */
    compare: async (base: string, head: string): Promise<ApiComparedCommit[]> => {
      const commits: ApiComparedCommit[] = [];
      for (let page = 1; ; page++) {
        const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
          ...where,
          basehead: `${base}...${head}`,
          per_page: PER_PAGE,
          page,
        });
        commits.push(...data.commits);
        if (data.commits.length < PER_PAGE || commits.length >= data.total_commits) return commits;
      }
    },

    /** Deployments whose last status came after `since` (a new status updates the deployment). */
    deployments: (since: Date | undefined): Promise<ApiDeployment[]> =>
      newestFirst(
        octokit.paginate.iterator(octokit.rest.repos.listDeployments, { ...where, per_page: PER_PAGE }),
        (deployment) => before(since && since.getTime() - CREATED_LOOKBACK_MS, deployment.created_at),
        (deployment) => after(since, deployment.updated_at),
      ),

    statuses: (id: number): Promise<ApiDeploymentStatus[]> =>
      octokit.paginate(octokit.rest.repos.listDeploymentStatuses, {
        ...where,
        deployment_id: id,
        per_page: PER_PAGE,
      }),

    /** Releases published after `since`; drafts have not been published. */
    releases: (since: Date | undefined): Promise<ApiRelease[]> =>
      newestFirst(
        octokit.paginate.iterator(octokit.rest.repos.listReleases, { ...where, per_page: PER_PAGE }),
        (release) => before(since && since.getTime() - CREATED_LOOKBACK_MS, release.created_at),
        (release) => !release.draft && after(since, release.published_at),
      ),

    /** Issues (not pull requests) with `label`, updated after `since`, oldest update first. */
    labelledIssues: async (label: string, since: Date | undefined): Promise<ApiIssue[]> => {
      const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
        ...where,
        labels: label,
        state: 'all',
        sort: 'updated',
        direction: 'asc',
        per_page: PER_PAGE,
        ...(since === undefined ? {} : { since: since.toISOString() }),
      });
      return issues.filter((issue) => issue.pull_request === undefined && after(since, issue.updated_at));
    },
  };
}

export type GitHubClient = ReturnType<typeof createGitHubClient>;

/** An API failure as the error a user can act on; anything else is passed through. */
export function toImportError(error: unknown, apiUrl: string, repository: string): unknown {
  const failure = failedResponseOf(error);
  if (failure === undefined || error instanceof AppError) return error;
  const said = failure.message.split(' - ')[0] ?? failure.message;
  if (!failure.responded) {
    return new AppError('internal', `cannot reach the GitHub API at ${apiUrl}: ${said} (check --api-url)`, {
      cause: error,
    });
  }
  if (failure.status === 401) {
    return new AppError(
      'unauthorized',
      `GitHub refused the token (401 ${said}): pass a valid token with --token (read access to ${repository})`,
      { cause: error },
    );
  }
  if (failure.status === 404) {
    return new AppError(
      'not_found',
      `GitHub answered 404 for ${repository} at ${apiUrl}: check --repo and --api-url, and that the token can read the repository`,
      { cause: error },
    );
  }
  if (failure.status === 403) {
    return new AppError('forbidden', `GitHub refused a request (403 ${said}): the token lacks a permission`, {
      cause: error,
    });
  }
  return new AppError('internal', `GitHub API error ${failure.status}: ${said}`, { cause: error });
}
