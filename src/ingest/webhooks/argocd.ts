/**
 * Argo CD notifications (argocd-notifications-controller). Argo CD has no payload of its own: the
 * body is the one docs/argocd-notifications.yaml defines, sent by the catalog's `on-deployed`
 * (synced and healthy) and `on-sync-failed` triggers, each once per synced revision (STANDARDS.md
 * §7). One notification is one finished deployment of the application.
 */
import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { emptyEvents, type DeploymentStatus } from '../../model/events.ts';
import { normalizeRepository } from '../repository.ts';
import { toRepositoryUrl } from '../web-url.ts';
import {
  compact,
  instantAt,
  invalid,
  requiredInstant,
  textAt,
  type JsonRecord,
} from '../transformers/fields.ts';
import type { WebhookAdapter, WebhookResult } from './webhook.ts';
import { parseJsonObject } from './json-object.ts';

export const ArgoCdOptionsSchema = Type.Object(
  {
    services: Type.Optional(
      Type.Record(Type.String({ minLength: 1 }), Type.String({ minLength: 1 }), {
        description:
          'Application (`name` or `appNamespace/name`) → service. Default: the service is named like the application.',
        default: {},
      }),
    ),
    environment: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'The environment of notifications whose body names none. Default: the destination namespace.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ArgoCdOptions = Static<typeof ArgoCdOptionsSchema>;

/** The triggers of the fivekeys templates; others (on-sync-running, …) are not outcomes. */
const STATUS_BY_TRIGGER = new Map<string, DeploymentStatus>([
  ['on-deployed', 'success'],
  ['on-sync-failed', 'failure'],
]);

/** Git revisions Argo CD reports are full shas; anything else (a Helm chart version) is a version. */
const GIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

export const argocdAdapter: WebhookAdapter<ArgoCdOptions> = {
  source: 'argocd',
  // Argo CD retries a failed POST with the same rendered body, and the body fully decides the
  // row: the same bytes are the same delivery.
  deliveryId: (delivery) => `sha256:${createHash('sha256').update(delivery.body).digest('hex').slice(0, 32)}`,
  map(delivery, options) {
    const body = parseJsonObject(delivery.body, 'the JSON object of the fivekeys Argo CD template');
    const trigger = textAt(body, ['trigger']);
    if (trigger === undefined) {
      throw invalid(
        'trigger',
        'missing: the fivekeys templates name their trigger (docs/argocd-notifications.yaml)',
      );
    }
    const status = STATUS_BY_TRIGGER.get(trigger);
    if (status === undefined) {
      return skip(
        `argocd: trigger "${trigger}" is not a deployment outcome (only on-deployed and on-sync-failed are)`,
      );
    }
    return { events: { ...emptyEvents(), deployments: [toDeployment(body, status, options)] }, reasons: [] };
  },
};

function toDeployment(body: JsonRecord, status: DeploymentStatus, options: ArgoCdOptions) {
  const app = textAt(body, ['app']);
  if (app === undefined) throw invalid('app', 'missing: the application name names the deployment');
  const appNamespace = textAt(body, ['appNamespace']);
  const qualified = appNamespace === undefined ? app : `${appNamespace}/${app}`;
  const finished = requiredInstant(body, ['finishedAt'], 'finishedAt', "the sync operation's end");
  const { revision, repoURL } = sourceOf(body);
  const commit = revision !== undefined && GIT_SHA.test(revision) ? revision.toLowerCase() : undefined;
  const services = options.services ?? {};
  return compact({
    source: 'argocd',
    // Argo CD notifies once per revision; the operation's finish tells a later re-sync of the same
    // revision (a rollback to it, a retry after a failure) from a resend of the same notification.
    external_id: `${qualified}/${revision ?? ''}/${finished}`,
    service: own(services, qualified) ?? own(services, app) ?? app,
    environment: environmentOf(body, options),
    status,
    finished_at: finished,
    started_at: instantAt(body, ['startedAt'], 'startedAt'),
    version: commit === undefined ? revision : undefined,
    // A chart repository is not a Git repository: the source is only one when a commit was synced.
    repository: commit !== undefined && repoURL !== undefined ? normalizeRepository(repoURL) : undefined,
    // An https clone URL is the repository's page on GitHub and GitLab (`.git` dropped).
    repository_url: commit !== undefined ? toRepositoryUrl(repoURL) : undefined,
    commit,
  });
}

function environmentOf(body: JsonRecord, options: ArgoCdOptions): string {
  const environment = textAt(body, ['environment']) ?? options.environment ?? textAt(body, ['namespace']);
  if (environment === undefined) {
    throw invalid(
      'environment',
      'missing: send it (the fivekeys/environment annotation or context.environment), set webhooks.argocd.options.environment, or give the application a destination namespace',
    );
  }
  return environment;
}

/**
 * A single-source application sends `revision` and `repoURL`; a multi-source one sends the
 * parallel lists `revisions` and `repoURLs`, whose first Git source stands for the deployment.
 */
function sourceOf(body: JsonRecord): { revision?: string | undefined; repoURL?: string | undefined } {
  const revision = textAt(body, ['revision']);
  if (revision !== undefined) return { revision, repoURL: textAt(body, ['repoURL']) };
  const revisions = texts(body.revisions);
  const repoURLs = texts(body.repoURLs);
  const git = revisions.findIndex((value) => value !== undefined && GIT_SHA.test(value));
  const index = git === -1 ? 0 : git;
  return { revision: revisions[index], repoURL: repoURLs[index] ?? textAt(body, ['repoURL']) };
}

const texts = (value: unknown): (string | undefined)[] =>
  Array.isArray(value)
    ? value.map((item) => (typeof item === 'string' && item.trim() !== '' ? item.trim() : undefined))
    : [];

/** Config maps are plain objects: `constructor` must not name a service. */
const own = (map: Record<string, string>, key: string): string | undefined =>
  Object.hasOwn(map, key) ? map[key] : undefined;

const skip = (reason: string): WebhookResult => ({ events: emptyEvents(), reasons: [reason] });
