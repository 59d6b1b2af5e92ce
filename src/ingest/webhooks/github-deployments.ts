/**
 * Deployments from GitHub: the final status of a GitHub deployment, and, when configured, the
 * completed runs of deploying Actions workflows and published releases. Only final states become
 * rows, since a deployment row is written once.
 */
import type { DeploymentStatus } from '../../model/events.ts';
import {
  compact,
  instantAt,
  isRecord,
  isSha,
  requiredInstant,
  textAt,
  valueAt,
  type JsonRecord,
} from '../transformers/fields.ts';
import type { GitHubSettings } from './github-options.ts';
import {
  actionOf,
  fullSha,
  mapped,
  repositoryOf,
  requiredInteger,
  requiredSha,
  requiredText,
  skipped,
  type GitHubHandler,
} from './github-payload.ts';
import { webUrlAt } from '../web-url.ts';

export const toDeploymentStarted: GitHubHandler = (payload) => {
  const action = actionOf(payload);
  if (action !== 'created') return skipped(`deployment action "${action}" is not used`);
  const id = textAt(payload, ['deployment', 'id']) ?? '?';
  const environment = textAt(payload, ['deployment', 'environment']);
  return skipped(
    `deployment ${id}${environment ? ` to ${environment}` : ''} created, waiting for its deployment_status`,
  );
};

/**
 * `deployment.ref` is a branch, a tag or a sha, and the payload does not say which. Only a tag-like
 * ref (`v1.4.0`, `2026.03.1`) is a version: every deployment of `main` would otherwise share the
 * version "main" and each be inferred a rollback of the one before.
 */
const VERSION_REF = /^v?\d[\w.+-]*$/i;

/** GitHub's `error` is a deployment that could not complete: a failure, like `failure`. */
function deploymentStatus(state: string): DeploymentStatus | undefined {
  if (state === 'success') return 'success';
  if (state === 'failure' || state === 'error') return 'failure';
  return undefined;
}

export const toDeploymentStatus: GitHubHandler = (payload, _settings, context) => {
  const action = actionOf(payload);
  if (action !== 'created') return skipped(`deployment_status action "${action}" is not used`);
  const state = requiredText(valueAt(payload, ['deployment_status', 'state']), 'deployment_status.state');
  const status = deploymentStatus(state.toLowerCase());
  if (status === undefined) {
    const id = textAt(payload, ['deployment', 'id']) ?? '?';
    return skipped(`deployment ${id} is ${state}, not finished (success, failure or error)`);
  }
  const { repository, service, repository_url } = repositoryOf(payload, context);
  const id = requiredInteger(valueAt(payload, ['deployment', 'id']), 'deployment.id');
  const sha = requiredSha(valueAt(payload, ['deployment', 'sha']), 'deployment.sha');
  const environment =
    textAt(payload, ['deployment_status', 'environment']) ??
    requiredText(valueAt(payload, ['deployment', 'environment']), 'deployment.environment');
  const ref = textAt(payload, ['deployment', 'ref']);
  const production = valueAt(payload, ['deployment', 'production_environment']);
  const deployment = compact({
    source: 'github',
    external_id: `${repository}/deployments/${id}`,
    service,
    environment,
    status,
    started_at: instantAt(payload, ['deployment', 'created_at'], 'deployment.created_at'),
    finished_at: requiredInstant(
      payload,
      ['deployment_status', 'created_at'],
      'deployment_status.created_at',
      'the time of the final status is when the deployment finished',
    ),
    version: ref !== undefined && VERSION_REF.test(ref) && !isSha(ref) ? ref : undefined,
    repository,
    repository_url,
    // The deploy's output (log_url; target_url is its older name), not the app's environment_url;
    // a status set by Actions names its job and run.
    url: webUrlAt(
      payload,
      ['deployment_status', 'log_url'],
      ['deployment_status', 'target_url'],
      ['check_run', 'html_url'],
      ['workflow_run', 'html_url'],
    ),
    commit: sha,
    production: typeof production === 'boolean' ? production : undefined,
  });
  return mapped({ deployments: [deployment] });
};

/** `startup_failure`: the workflow file is invalid, so the deployment it stands for failed. */
function runStatus(conclusion: string | undefined): DeploymentStatus | undefined {
  if (conclusion === 'success') return 'success';
  const failed = ['failure', 'timed_out', 'startup_failure'];
  return conclusion !== undefined && failed.includes(conclusion) ? 'failure' : undefined;
}

function isDeploymentWorkflow(run: JsonRecord, settings: GitHubSettings): boolean {
  const name = textAt(run, ['name']);
  const path = textAt(run, ['path']);
  const file = path?.split('/').at(-1);
  return [name, path, file].some(
    (candidate) => candidate !== undefined && settings.isDeploymentWorkflow(candidate),
  );
}

export const toWorkflowRunDeployment: GitHubHandler = (payload, settings, context) => {
  const action = actionOf(payload);
  if (action !== 'completed') {
    return skipped(`workflow_run action "${action}": only completed runs can be deployments`);
  }
  const run = isRecord(payload.workflow_run) ? payload.workflow_run : {};
  const workflow = textAt(run, ['name']) ?? textAt(run, ['path']) ?? 'without a name';
  if (!isDeploymentWorkflow(run, settings)) {
    const listed = settings.deploymentWorkflows;
    return skipped(
      `workflow "${workflow}" is not a deployment workflow (option deploymentWorkflows: ${
        listed.length === 0 ? 'none' : listed.join(', ')
      })`,
    );
  }
  const conclusion = textAt(run, ['conclusion'])?.toLowerCase();
  const status = runStatus(conclusion);
  if (status === undefined) {
    const outcome = conclusion === undefined ? 'has no conclusion' : `concluded ${conclusion}`;
    return skipped(`workflow "${workflow}" ${outcome}: not counted as a deployment`);
  }
  const { repository, service, repository_url } = repositoryOf(payload, context);
  const id = requiredInteger(run.id, 'workflow_run.id');
  const attempt =
    typeof run.run_attempt === 'number' && Number.isInteger(run.run_attempt) ? run.run_attempt : 1;
  const deployment = compact({
    source: 'github',
    external_id: `${repository}/actions/runs/${id}/attempts/${attempt}`,
    service,
    environment: settings.workflowEnvironment,
    status,
    started_at: instantAt(run, ['run_started_at'], 'workflow_run.run_started_at'),
    finished_at: requiredInstant(
      run,
      ['updated_at'],
      'workflow_run.updated_at',
      'a completed run was last updated when it finished',
    ),
    repository,
    repository_url,
    url: webUrlAt(run, ['html_url']),
    commit: requiredSha(run.head_sha, 'workflow_run.head_sha'),
  });
  return mapped({ deployments: [deployment] });
};

export const toReleaseDeployment: GitHubHandler = (payload, settings, context) => {
  const action = actionOf(payload);
  const tag = textAt(payload, ['release', 'tag_name']) ?? '(untagged)';
  if (!settings.releasesAsDeployments) {
    return skipped(
      `release ${tag} ${action}: releases are deployments only with option releasesAsDeployments`,
    );
  }
  if (action !== 'published') {
    return skipped(`release action "${action}" is not a deployment; "published" is`);
  }
  if (valueAt(payload, ['release', 'draft']) === true) return skipped(`release ${tag} is a draft`);
  if (valueAt(payload, ['release', 'prerelease']) === true && !settings.includePrereleases) {
    return skipped(`release ${tag} is a prerelease (option includePrereleases is false)`);
  }
  const { repository, service, repository_url } = repositoryOf(payload, context);
  const id = requiredInteger(valueAt(payload, ['release', 'id']), 'release.id');
  const deployment = compact({
    source: 'github',
    external_id: `${repository}/releases/${id}`,
    service,
    environment: settings.releaseEnvironment,
    status: 'success' as const,
    finished_at: requiredInstant(
      payload,
      ['release', 'published_at'],
      'release.published_at',
      'a published release has a publication time',
    ),
    version: requiredText(valueAt(payload, ['release', 'tag_name']), 'release.tag_name'),
    repository,
    repository_url,
    url: webUrlAt(payload, ['release', 'html_url']),
    commit: fullSha(textAt(payload, ['release', 'target_commitish'])),
  });
  return mapped({ deployments: [deployment] });
};
