/**
 * `POST /api/plugins/webhook/{connectionId}/deployments`: DevLake's current camelCase body (`id`,
 * `startedDate`, `finishedDate`, `deploymentCommits[]` of `repoUrl` and `commitSha`) or its older
 * snake_case one (`pipeline_id`, `start_time`, `end_time`, `deployment_commits[]`, or one
 * `repo_url` and `commit_sha` at the top). One DevLake deployment spans repositories; fivekeys
 * records one deployment per service among them, each with that service's commit.
 */
import { emptyEvents, type Deployment, type DeploymentStatus } from '../../model/events.ts';
import { normalizeRepository } from '../repository.ts';
import {
  compact,
  fieldPath,
  instantAt,
  invalid,
  isRecord,
  requiredInstant,
  textAt,
  toSha,
  type JsonRecord,
} from '../transformers/fields.ts';
import type { DevLakeTarget } from './devlake.ts';
import type { WebhookContext, WebhookResult } from './webhook.ts';
import { toRepositoryUrl, webUrlAt } from '../web-url.ts';

const CURRENT = {
  id: 'id',
  started: 'startedDate',
  finished: 'finishedDate',
  commits: 'deploymentCommits',
  repoUrl: 'repoUrl',
  commitSha: 'commitSha',
};
const LEGACY = {
  id: 'pipeline_id',
  started: 'start_time',
  finished: 'end_time',
  commits: 'deployment_commits',
  repoUrl: 'repo_url',
  commitSha: 'commit_sha',
};
type Fields = typeof CURRENT;
/** Keys only the old body has: without `id`, any of them marks it. */
const LEGACY_KEYS = ['pipeline_id', 'start_time', 'deployment_commits', 'commit_sha'];

const STATUS_BY_RESULT = new Map<string, DeploymentStatus>([
  ['SUCCESS', 'success'],
  ['FAILURE', 'failure'],
]);

interface DeployedCommit {
  repository: string;
  /** An https repository URL is its web page on GitHub and GitLab. */
  repositoryUrl?: string | undefined;
  sha?: string | undefined;
}

export function toDevLakeDeployments(
  body: JsonRecord,
  target: DevLakeTarget,
  context: WebhookContext,
): WebhookResult {
  const legacy = !('id' in body) && LEGACY_KEYS.some((key) => key in body);
  const fields = legacy ? LEGACY : CURRENT;
  const id = textAt(body, [fields.id]);
  if (id === undefined) throw invalid(fields.id, 'missing: DevLake requires the deployment id');
  const result = (textAt(body, ['result']) ?? 'SUCCESS').toUpperCase();
  const status = STATUS_BY_RESULT.get(result);
  if (status === undefined) {
    return {
      events: emptyEvents(),
      reasons: [`devlake: deployment ${id} has result ${result}; only SUCCESS and FAILURE are counted`],
    };
  }
  const times = timesOf(body, fields, legacy, target.receivedAt);
  const environment = textAt(body, ['environment']) ?? 'PRODUCTION';
  const byService = new Map<string, DeployedCommit[]>();
  for (const commit of commitsOf(body, fields, legacy)) {
    const service = target.service ?? context.serviceForRepository(commit.repository);
    byService.set(service, [...(byService.get(service) ?? []), commit]);
  }
  const deployments = [...byService].map(([service, [head]]): Deployment =>
    compact({
      source: 'devlake',
      external_id:
        byService.size > 1 ? `${target.connectionId}/${id}/${service}` : `${target.connectionId}/${id}`,
      service,
      environment: environment.toLowerCase(),
      // DevLake's DORA metrics count only the PRODUCTION environment.
      production: environment.toUpperCase() === 'PRODUCTION',
      status,
      ...times,
      repository: head?.repository,
      repository_url: head?.repositoryUrl,
      url: webUrlAt(body, ['url']),
      commit: head?.sha,
    }),
  );
  return { events: { ...emptyEvents(), deployments }, reasons: [] };
}

function timesOf(body: JsonRecord, fields: Fields, legacy: boolean, receivedAt: string) {
  const started_at = requiredInstant(body, [fields.started], fields.started, 'DevLake requires the start');
  // The old body's end_time was optional: DevLake took the time it received the request.
  const finished_at = legacy
    ? (instantAt(body, [fields.finished], fields.finished) ?? receivedAt)
    : requiredInstant(body, [fields.finished], fields.finished, 'DevLake requires the finish');
  return { started_at, finished_at };
}

function commitsOf(body: JsonRecord, fields: Fields, legacy: boolean): DeployedCommit[] {
  const list = body[fields.commits];
  if (Array.isArray(list) && list.length > 0) {
    return list.map((item, index) => toCommit(item, fields, [fields.commits, index]));
  }
  if (legacy && (fields.repoUrl in body || fields.commitSha in body)) return [toCommit(body, fields, [])];
  throw invalid(fields.commits, 'missing: DevLake requires at least one deployed commit with its repository');
}

function toCommit(item: unknown, fields: Fields, at: (string | number)[]): DeployedCommit {
  if (!isRecord(item)) throw invalid(fieldPath(...at), 'expected an object with the repository and commit');
  const repoUrl = textAt(item, [fields.repoUrl]);
  const repository = repoUrl === undefined ? '' : normalizeRepository(repoUrl);
  if (repository === '') throw invalid(fieldPath(...at, fields.repoUrl), 'missing: the repository deployed');
  const sha = textAt(item, [fields.commitSha]);
  if (sha === undefined) throw invalid(fieldPath(...at, fields.commitSha), 'missing: the commit deployed');
  // DevLake takes any string; only a hexadecimal sha can join the commits of other sources.
  return { repository, repositoryUrl: toRepositoryUrl(repoUrl), sha: toSha(sha) };
}
