/**
 * GitHub repository and organization webhooks (STANDARDS.md §4): pushes and pull requests are
 * changes, final deployment statuses (and, when configured, deploying workflow runs and releases)
 * are deployments, issues with an incident label are incidents. Signatures are checked before, by
 * the service; the adapter reads the delivery only.
 */
import { invalid, textAt } from '../transformers/fields.ts';
import { toPullRequestChanges, toPushChanges, toReviewChange } from './github-changes.ts';
import {
  toDeploymentStarted,
  toDeploymentStatus,
  toReleaseDeployment,
  toWorkflowRunDeployment,
} from './github-deployments.ts';
import { toIssueIncident } from './github-incidents.ts';
import { toGitHubSettings, type GitHubOptions, type GitHubSettings } from './github-options.ts';
import { parseGitHubBody, skipped, type GitHubHandler } from './github-payload.ts';
import type { WebhookAdapter } from './webhook.ts';

export { GitHubOptionsSchema, type GitHubOptions } from './github-options.ts';

const HANDLERS = new Map<string, GitHubHandler>([
  ['push', toPushChanges],
  ['pull_request', toPullRequestChanges],
  ['pull_request_review', toReviewChange],
  ['deployment', toDeploymentStarted],
  ['deployment_status', toDeploymentStatus],
  ['workflow_run', toWorkflowRunDeployment],
  ['release', toReleaseDeployment],
  ['issues', toIssueIncident],
]);

const header = (headers: Record<string, string>, name: string): string | undefined => {
  const value = headers[name]?.trim();
  return value === '' ? undefined : value;
};

export function createGitHubAdapter(): WebhookAdapter<GitHubOptions> {
  // The same options object comes with every delivery: its globs are compiled once.
  const compiled = new WeakMap<GitHubOptions, GitHubSettings>();
  const settingsFor = (options: GitHubOptions) => {
    const settings = compiled.get(options) ?? toGitHubSettings(options);
    compiled.set(options, settings);
    return settings;
  };
  return {
    source: 'github',
    // GitHub sends the same X-GitHub-Delivery GUID again when a delivery is redelivered.
    deliveryId: (delivery) => header(delivery.headers, 'x-github-delivery') ?? null,
    map(delivery, options, context) {
      const event = header(delivery.headers, 'x-github-event');
      if (event === undefined) {
        throw invalid('header:x-github-event', 'missing: GitHub names the event in X-GitHub-Event');
      }
      // Even an event that is not used must be a readable delivery: a truncated body is refused.
      const payload = parseGitHubBody(delivery.body);
      if (event === 'ping') {
        const hook = textAt(payload, ['hook_id']);
        return skipped(`ping${hook === undefined ? '' : ` (hook ${hook})`} answered`);
      }
      const handler = HANDLERS.get(event);
      if (handler === undefined) return skipped(`event "${event}" is not used`);
      return handler(payload, settingsFor(options), context);
    },
  };
}
