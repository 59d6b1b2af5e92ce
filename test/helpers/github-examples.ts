/** The real payloads captured by `@octokit/webhooks-examples`, by event name. */
import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';

// The package's main is a JSON file; requiring it avoids a JSON import its typings do not describe.
const definitions = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];

export const EXAMPLES = definitions as unknown as { name: string; examples: Record<string, unknown>[] }[];

/** The events the GitHub adapter reads (and `ping`, which it answers). */
export const USED_EVENTS = [
  'push',
  'pull_request',
  'pull_request_review',
  'deployment',
  'deployment_status',
  'workflow_run',
  'release',
  'issues',
  'ping',
];
