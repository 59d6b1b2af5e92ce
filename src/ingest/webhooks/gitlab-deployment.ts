/**
 * Deployment rows from GitLab: Deployment Hook (`deployment`, the precise source: one per
 * environment deployment), and, when the user opts in, Pipeline Hook (`pipeline`) and Release Hook
 * (`release`). Only finished deployments become rows: the store inserts a deployment once.
 */
import type { Deployment, DeploymentStatus } from '../../model/events.ts';
import { compact, textAt, toSha } from '../transformers/fields.ts';
import { fullSha, recordAt, requiredText, rows, skip, type GitLabHook } from './gitlab-hook.ts';
import { gitlabTimeAt, requiredGitlabTime } from './gitlab-time.ts';
import type { WebhookResult } from './webhook.ts';
import { webUrlAt } from '../web-url.ts';

/** GitLab's terminal statuses; `canceled`, `running`, `created`, … are no deployment (yet). */
const STATUS: Record<string, DeploymentStatus> = { success: 'success', failed: 'failure' };

const statusOf = (status: string | undefined): DeploymentStatus | undefined =>
  status !== undefined && Object.hasOwn(STATUS, status) ? STATUS[status] : undefined;

export function toDeployment(hook: GitLabHook): WebhookResult {
  const { body } = hook;
  const id = requiredText(body, ['deployment_id'], 'deployment_id', 'the deployment id');
  const status = statusOf(textAt(body, ['status']));
  if (status === undefined) {
    return skip(
      `deployment ${id} is ${textAt(body, ['status']) ?? 'without a status'}: only success and failed count`,
    );
  }
  const tier = textAt(body, ['environment_tier']);
  // `commit_url` ends in the full sha; `short_sha` alone cannot be joined with changes.
  const commit = fullSha(textAt(body, ['commit_url'])?.split('/').pop());
  const deployment: Deployment = compact({
    source: 'gitlab',
    external_id: `${hook.repository}/deployments/${id}`,
    service: hook.service,
    environment: requiredText(body, ['environment'], 'environment', 'the environment deployed to'),
    status,
    finished_at: requiredGitlabTime(
      body,
      ['status_changed_at'],
      'status_changed_at',
      'when the deployment finished',
    ),
    commit,
    // The job that deployed: its log is the evidence of the run.
    url: webUrlAt(body, ['deployable_url']),
    repository: hook.repository,
    repository_url: hook.repositoryUrl,
    // GitLab's tiers: production, staging, testing, development, other.
    production: tier === undefined ? undefined : tier.toLowerCase() === 'production',
  });
  return rows({ deployments: [deployment] });
}

export function toPipelineDeployment(hook: GitLabHook): WebhookResult {
  const { settings } = hook;
  const attributes = recordAt(hook.body, ['object_attributes'], 'the pipeline is described here');
  const id = requiredText(attributes, ['id'], 'object_attributes.id', 'the pipeline id');
  const name = textAt(attributes, ['name']);
  const ref = textAt(attributes, ['ref']);
  if (![name, ref].some((value) => value !== undefined && settings.isDeploymentPipeline(value))) {
    const which =
      settings.deploymentPipelines.length === 0
        ? 'no deploymentPipelines are set'
        : `neither its name nor its ref matches deploymentPipelines (${settings.deploymentPipelines.join(', ')})`;
    return skip(
      `pipeline ${id} is not a deployment: ${which}; Deployment hooks (environments in .gitlab-ci.yml) describe deployments better`,
    );
  }
  const status = statusOf(textAt(attributes, ['status']));
  if (status === undefined) {
    return skip(
      `pipeline ${id} is ${textAt(attributes, ['status']) ?? 'without a status'}: only success and failed count`,
    );
  }
  const deployment: Deployment = compact({
    source: 'gitlab',
    external_id: `${hook.repository}/pipelines/${id}`,
    service: hook.service,
    environment: settings.pipelineEnvironment,
    status,
    started_at: gitlabTimeAt(attributes, ['created_at'], 'object_attributes.created_at'),
    finished_at: requiredGitlabTime(
      attributes,
      ['finished_at'],
      'object_attributes.finished_at',
      'when the pipeline finished',
    ),
    commit: toSha(textAt(attributes, ['sha'])),
    url: webUrlAt(attributes, ['url']),
    repository: hook.repository,
    repository_url: hook.repositoryUrl,
  });
  return rows({ deployments: [deployment] });
}

export function toReleaseDeployment(hook: GitLabHook): WebhookResult {
  const { body, settings } = hook;
  if (!settings.releasesAsDeployments) {
    return skip('releases are not deployments unless the releasesAsDeployments option is set');
  }
  const action = textAt(body, ['action']);
  if (action !== 'create')
    return skip(`release action ${JSON.stringify(action ?? null)} is not a deployment`);
  const tag = requiredText(body, ['tag'], 'tag', 'the release tag is the deployed version');
  const released = requiredGitlabTime(body, ['released_at'], 'released_at', 'the time of the release');
  // GitLab accepts a future `released_at` for an upcoming release: it has not shipped yet.
  if (Date.parse(released) > Date.parse(hook.receivedAt)) {
    return skip(`release ${tag} is an upcoming release (released_at ${released}): not a deployment yet`);
  }
  const deployment: Deployment = compact({
    source: 'gitlab',
    external_id: `${hook.repository}/releases/${tag}`,
    service: hook.service,
    environment: settings.releaseEnvironment,
    status: 'success' as const,
    finished_at: released,
    version: tag,
    commit: toSha(textAt(body, ['commit', 'id'])),
    url: webUrlAt(body, ['url']),
    repository: hook.repository,
    repository_url: hook.repositoryUrl,
  });
  return rows({ deployments: [deployment] });
}
