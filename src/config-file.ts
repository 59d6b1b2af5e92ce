/** The optional YAML file given with --config: server options, settings and the service catalog (GitOps). */
import { KubernetesSectionSchema, type KubernetesSection } from './k8s/watcher-config.ts';
import { Type, type Static } from '@sinclair/typebox';
import type { Service } from './model/catalog.ts';
import { ServiceBodySchema, SettingsSchema, checkSettings } from './catalog-schema.ts';
import { AppError } from './errors.ts';
import { compileValidator } from './validation.ts';
import {
  CloudEventsConfigSchema,
  createCloudEventsRouter,
  type CloudEventsConfig,
} from './ingest/cloudevents/router-config.ts';
import {
  createWebhookAdapters,
  WebhooksConfigSchema,
  type WebhooksConfig,
} from './ingest/webhooks/sources.ts';

export const FileSchema = Type.Object(
  {
    server: Type.Optional(
      Type.Object(
        {
          port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
          host: Type.Optional(Type.String()),
          data_dir: Type.Optional(Type.String()),
          database_url: Type.Optional(Type.String()),
          auth: Type.Optional(
            Type.Union([Type.Literal('auto'), Type.Literal('required'), Type.Literal('off')]),
          ),
          body_limit: Type.Optional(Type.Integer({ minimum: 1024 })),
          log_level: Type.Optional(Type.String()),
          metrics_cache_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
          metrics_token: Type.Optional(Type.String({ minLength: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    settings: Type.Optional(SettingsSchema),
    cloudevents: Type.Optional(CloudEventsConfigSchema),
    webhooks: Type.Optional(WebhooksConfigSchema),
    kubernetes: Type.Optional(KubernetesSectionSchema),
    services: Type.Optional(
      Type.Array(
        Type.Object(
          { name: Type.String({ minLength: 1 }), ...ServiceBodySchema.properties },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);

export interface CatalogFile {
  server: NonNullable<Static<typeof FileSchema>['server']>;
  settings: NonNullable<Static<typeof FileSchema>['settings']>;
  services: Service[];
  cloudevents: CloudEventsConfig;
  webhooks: WebhooksConfig;
  kubernetes: KubernetesSection | undefined;
}

const validateFile = compileValidator(FileSchema, 'invalid_config');

/**
 * No file: every section takes its default. Built without the validator, whose compilation (the
 * whole file schema, ~160 ms) would otherwise be paid by every start that has no config file.
 */
export const noCatalogFile = (): CatalogFile => toCatalogFile({});

export function parseCatalogFile(value: unknown, path = 'config'): CatalogFile {
  try {
    return toCatalogFile(validateFile(value));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new AppError('invalid_config', `${path}: ${error.message}`, {
      field: error.field ?? '',
      cause: error,
    });
  }
}

function toCatalogFile(file: Static<typeof FileSchema>): CatalogFile {
  const settings = file.settings ?? {};
  checkSettings(settings, 'settings.');
  file.services?.forEach((service, index) =>
    checkSettings(service.settings ?? {}, `services[${index}].settings.`),
  );
  // Compiled once here so a bad route or mapping stops the start with its config path.
  createCloudEventsRouter(file.cloudevents);
  createWebhookAdapters(file.webhooks ?? {});
  return {
    server: file.server ?? {},
    settings,
    cloudevents: file.cloudevents ?? {},
    webhooks: file.webhooks ?? {},
    kubernetes: file.kubernetes,
    services: (file.services ?? []).map((service) => ({
      name: service.name,
      application: service.application ?? undefined,
      team: service.team ?? undefined,
      repositories: service.repositories ?? [],
      production_environments: service.production_environments ?? [],
      settings: service.settings ?? {},
    })),
  };
}
