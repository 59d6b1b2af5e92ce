/**
 * GitLab project, group and system webhooks (STANDARDS.md §5) → changes (pushes, merge requests),
 * deployments (Deployment hooks; pipelines, tags and releases when opted in) and incidents (issues
 * of type Incident or with an incident label). The body's `object_kind` decides what a delivery is:
 * `X-Gitlab-Event` says `System Hook` for every event of a system hook.
 */
import { normalizeRepository } from '../repository.ts';
import { toRepositoryUrl } from '../web-url.ts';
import { invalid, textAt, type JsonRecord } from '../transformers/fields.ts';
import { toDeployment, toPipelineDeployment, toReleaseDeployment } from './gitlab-deployment.ts';
import { skip, type GitLabHook } from './gitlab-hook.ts';
import { toIncident } from './gitlab-issue.ts';
import { toMergeRequestChanges } from './gitlab-merge-request.ts';
import { toGitLabSettings, type GitLabOptions, type GitLabSettings } from './gitlab-options.ts';
import { toPushChanges, toTagDeployment } from './gitlab-push.ts';
import type { WebhookAdapter, WebhookDelivery, WebhookResult } from './webhook.ts';
import { parseJsonObject } from './json-object.ts';

export { GitLabOptionsSchema, type GitLabOptions } from './gitlab-options.ts';

const MAPPERS = new Map<string, (hook: GitLabHook) => WebhookResult>([
  ['push', toPushChanges],
  ['tag_push', toTagDeployment],
  ['merge_request', toMergeRequestChanges],
  ['deployment', toDeployment],
  ['pipeline', toPipelineDeployment],
  ['release', toReleaseDeployment],
  ['issue', toIncident],
  ['work_item', toIncident],
]);

/** The `X-Gitlab-Event` values of the kinds above: such a delivery without `object_kind` is broken. */
const MAPPED_EVENTS = new Set([
  'Push Hook',
  'Tag Push Hook',
  'Merge Request Hook',
  'Deployment Hook',
  'Pipeline Hook',
  'Release Hook',
  'Issue Hook',
  'Confidential Issue Hook',
]);

const header = (delivery: WebhookDelivery, name: string): string | undefined => {
  const value = delivery.headers[name]?.trim();
  return value === '' ? undefined : value;
};

/**
 * `Idempotency-Key` (GitLab 17.4+) is the same on every retry of a delivery; `X-Gitlab-Event-UUID`
 * identifies the event on older versions.
 */
const deliveryId = (delivery: WebhookDelivery): string | null =>
  header(delivery, 'idempotency-key') ?? header(delivery, 'x-gitlab-event-uuid') ?? null;

/** `object_kind`, or undefined when absent; anything but a name is malformed. */
function eventKind(body: JsonRecord): string | undefined {
  const kind = body.object_kind;
  if (kind === undefined || kind === null) return undefined;
  if (typeof kind === 'string' && kind.trim() !== '') return kind.trim();
  throw invalid('object_kind', `${JSON.stringify(kind)} is not an event kind such as "push"`);
}

/** Options are fixed per adapter binding, so their globs are compiled once per options object. */
export function createGitLabAdapter(): WebhookAdapter<GitLabOptions> {
  const compiled = new WeakMap<GitLabOptions, GitLabSettings>();
  const settingsFor = (options: GitLabOptions): GitLabSettings => {
    const known = compiled.get(options);
    if (known !== undefined) return known;
    const settings = toGitLabSettings(options);
    compiled.set(options, settings);
    return settings;
  };
  return {
    source: 'gitlab',
    deliveryId,
    map(delivery, options, context) {
      const body = parseJsonObject(delivery.body, 'the JSON object GitLab sends per delivery');
      const event = header(delivery, 'x-gitlab-event');
      const kind = eventKind(body);
      if (kind === undefined) {
        if (event === undefined || MAPPED_EVENTS.has(event)) {
          throw invalid('object_kind', `missing: it names the kind of event${event ? ` (a ${event})` : ''}`);
        }
        // Group member, subgroup, project and most system hook events have an `event_name` only.
        const name = textAt(body, ['event_name']);
        return skip(`${event}${name === undefined ? '' : ` ${name}`} events do not change delivery metrics`);
      }
      const mapper = MAPPERS.get(kind);
      if (mapper === undefined) return skip(`${kind} events do not change delivery metrics`);
      const path = textAt(body, ['project', 'path_with_namespace']);
      if (path === undefined) {
        throw invalid('project.path_with_namespace', 'missing: the project is the repository of every row');
      }
      const repository = normalizeRepository(path);
      return mapper({
        body,
        kind,
        repository,
        // A self-hosted instance's host is known only from the project's web_url.
        repositoryUrl: toRepositoryUrl(textAt(body, ['project', 'web_url'])),
        service: context.serviceForRepository(repository),
        receivedAt: delivery.receivedAt,
        settings: settingsFor(options),
      });
    },
  };
}
