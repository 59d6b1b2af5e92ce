/** JSON Schemas of the service catalog and metric settings, shared by the YAML file and the API. */
import { Type, type Static } from '@sinclair/typebox';
import { IANAZone } from 'luxon';
import { AppError } from './errors.ts';
import { MAX_WINDOW_DAYS } from './metrics/window-limits.ts';

const Name = Type.String({ minLength: 1, maxLength: 200 });

const SettingsOverrideSchema = Type.Object(
  {
    production_pattern: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    attribution_window_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 366 * 86400 })),
    counted_severities: Type.Optional(Type.Array(Name, { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const SettingsSchema = Type.Object(
  {
    ...SettingsOverrideSchema.properties,
    // A default window is held to the same ceiling as a window a request names.
    window_days: Type.Optional(
      Type.Object(
        {
          deployment_frequency: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_WINDOW_DAYS })),
          change_failure_rate: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_WINDOW_DAYS })),
          other: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_WINDOW_DAYS })),
        },
        { additionalProperties: false },
      ),
    ),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type SettingsInput = Static<typeof SettingsSchema>;

export const ServiceBodySchema = Type.Object(
  {
    application: Type.Optional(Type.Union([Name, Type.Null()])),
    team: Type.Optional(Type.Union([Name, Type.Null()])),
    repositories: Type.Optional(Type.Array(Name, { maxItems: 100 })),
    production_environments: Type.Optional(Type.Array(Name, { maxItems: 100 })),
    settings: Type.Optional(SettingsOverrideSchema),
  },
  { additionalProperties: false },
);
export type ServiceBody = Static<typeof ServiceBodySchema>;

/**
 * The time zone check JSON Schema cannot express. Production patterns are PostgreSQL regular
 * expressions (`~*`), so the database checks them when they are stored (service/catalog.ts).
 */
export function checkSettings(settings: SettingsInput, prefix: string): void {
  if (settings.timezone !== undefined && !IANAZone.isValidZone(settings.timezone)) {
    throw new AppError(
      'invalid_payload',
      `${prefix}timezone must be an IANA time zone such as Europe/Berlin`,
      {
        field: `${prefix}timezone`,
      },
    );
  }
}
