/**
 * Every source webhook fivekeys understands: how it authenticates, its adapter and the options the
 * `webhooks.<source>.options` section of the config file may set. The HTTP routes, the config schema
 * and replay all read this one table.
 */
import { Type, type Static, type TObject } from '@sinclair/typebox';
import { AlertmanagerOptionsSchema, createAlertmanagerAdapter } from './alertmanager.ts';
import { ArgoCdOptionsSchema, argocdAdapter } from './argocd.ts';
import { DevLakeOptionsSchema, devlakeAdapter } from './devlake.ts';
import { FluxOptionsSchema, fluxAdapter } from './flux.ts';
import { createGitHubAdapter, GitHubOptionsSchema } from './github.ts';
import { createGitLabAdapter, GitLabOptionsSchema } from './gitlab.ts';
import { jenkinsNotificationAdapter } from './jenkins-notification.ts';
import { JenkinsOptionsSchema } from '../transformers/jenkins.ts';
import { OpsgenieOptionsSchema, opsgenieAdapter } from './opsgenie.ts';
import { PagerDutyOptionsSchema, pagerdutyAdapter } from './pagerduty.ts';
import type { WebhookAdapter, WebhookContext, WebhookDelivery, WebhookResult } from './webhook.ts';

/**
 * `token`: the caller presents a fivekeys token with the ingest scope (Alertmanager's
 * `http_config.authorization`, a custom header in Opsgenie, Argo CD, Jenkins, DevLake's API key).
 * The others verify the source's own signature or shared secret over the body.
 */
export type WebhookAuth = 'github' | 'gitlab' | 'pagerduty' | 'flux' | 'token';

/** An adapter with its options applied. */
export interface BoundAdapter {
  deliveryId(delivery: WebhookDelivery): string | null;
  map(delivery: WebhookDelivery, context: WebhookContext): WebhookResult;
}

interface SourceSpec<S extends TObject> {
  auth: WebhookAuth;
  options: S;
  create(options: Static<S>): BoundAdapter;
}

const bind =
  <O>(adapter: WebhookAdapter<O>) =>
  (options: O): BoundAdapter => ({
    deliveryId: (delivery) => adapter.deliveryId(delivery),
    map: (delivery, context) => adapter.map(delivery, options, context),
  });

const spec = <S extends TObject>(value: SourceSpec<S>) => value;

export const WEBHOOK_SOURCES = {
  github: spec({ auth: 'github', options: GitHubOptionsSchema, create: bind(createGitHubAdapter()) }),
  gitlab: spec({ auth: 'gitlab', options: GitLabOptionsSchema, create: bind(createGitLabAdapter()) }),
  alertmanager: spec({
    auth: 'token',
    options: AlertmanagerOptionsSchema,
    create: bind(createAlertmanagerAdapter()),
  }),
  pagerduty: spec({ auth: 'pagerduty', options: PagerDutyOptionsSchema, create: bind(pagerdutyAdapter) }),
  opsgenie: spec({ auth: 'token', options: OpsgenieOptionsSchema, create: bind(opsgenieAdapter) }),
  argocd: spec({ auth: 'token', options: ArgoCdOptionsSchema, create: bind(argocdAdapter) }),
  flux: spec({ auth: 'flux', options: FluxOptionsSchema, create: bind(fluxAdapter) }),
  jenkins: spec({ auth: 'token', options: JenkinsOptionsSchema, create: bind(jenkinsNotificationAdapter) }),
  devlake: spec({ auth: 'token', options: DevLakeOptionsSchema, create: bind(devlakeAdapter) }),
};

export type WebhookSourceName = keyof typeof WEBHOOK_SOURCES;

export const isWebhookSource = (name: string): name is WebhookSourceName =>
  Object.hasOwn(WEBHOOK_SOURCES, name);

const Secrets = (description: string) =>
  Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description }));

const sourceConfig = <S extends TObject>({ auth, options }: SourceSpec<S>) =>
  Type.Optional(
    Type.Object(
      {
        ...(auth === 'token'
          ? {}
          : {
              secrets: Secrets('Valid secrets; list the new one beside the old one while rotating.'),
              trust_bearer: Type.Optional(
                Type.Boolean({
                  description:
                    'Without a secret, accept deliveries that present a fivekeys token (ingest scope) instead of refusing them.',
                }),
              ),
            }),
        ...(auth === 'gitlab'
          ? { signing_keys: Secrets('GitLab signing tokens (`whsec_…`), checked when set.') }
          : {}),
        options: Type.Optional(options),
      },
      { additionalProperties: false },
    ),
  );

export const WebhooksConfigSchema = Type.Object(
  {
    github: sourceConfig(WEBHOOK_SOURCES.github),
    gitlab: sourceConfig(WEBHOOK_SOURCES.gitlab),
    alertmanager: sourceConfig(WEBHOOK_SOURCES.alertmanager),
    pagerduty: sourceConfig(WEBHOOK_SOURCES.pagerduty),
    opsgenie: sourceConfig(WEBHOOK_SOURCES.opsgenie),
    argocd: sourceConfig(WEBHOOK_SOURCES.argocd),
    flux: sourceConfig(WEBHOOK_SOURCES.flux),
    jenkins: sourceConfig(WEBHOOK_SOURCES.jenkins),
    devlake: sourceConfig(WEBHOOK_SOURCES.devlake),
  },
  { additionalProperties: false },
);

/** Per source: its secrets (file and environment merged) and adapter options. */
export interface WebhookSourceConfig {
  secrets?: string[] | undefined;
  signing_keys?: string[] | undefined;
  trust_bearer?: boolean | undefined;
  options?: Record<string, unknown> | undefined;
}

export type WebhooksConfig = Partial<Record<WebhookSourceName, WebhookSourceConfig>>;

/** Each source's adapter with its configured options. */
export function createWebhookAdapters(config: WebhooksConfig): Record<WebhookSourceName, BoundAdapter> {
  const create = <S extends TObject>(name: WebhookSourceName, value: SourceSpec<S>) =>
    value.create((config[name]?.options ?? {}) as Static<S>);
  return Object.fromEntries(
    Object.entries(WEBHOOK_SOURCES).map(([name, value]) => [
      name,
      create(name as WebhookSourceName, value as SourceSpec<TObject>),
    ]),
  ) as Record<WebhookSourceName, BoundAdapter>;
}
