/** Answers of the service catalog, DevLake-style projects and the metric settings. */
import { Type } from '@sinclair/typebox';
import { Count } from './common.ts';

const Names = Type.Array(Type.String());

const SettingsOverride = Type.Object({
  production_pattern: Type.Optional(Type.String()),
  attribution_window_seconds: Type.Optional(Count),
  counted_severities: Type.Optional(Names),
});

export const Service = Type.Object({
  name: Type.String(),
  application: Type.Optional(Type.String()),
  team: Type.Optional(Type.String()),
  repositories: Names,
  production_environments: Names,
  settings: SettingsOverride,
});
export const ServiceList = Type.Object({ services: Type.Array(Service) });

export const ProjectList = Type.Object({
  count: Count,
  projects: Type.Array(Type.Object({ name: Type.String(), services: Names, teams: Names })),
});

export const Settings = Type.Object({
  production_pattern: Type.String(),
  attribution_window_seconds: Count,
  counted_severities: Names,
  window_days: Type.Object({
    deployment_frequency: Type.Integer({ minimum: 1 }),
    change_failure_rate: Type.Integer({ minimum: 1 }),
    other: Type.Integer({ minimum: 1 }),
  }),
  timezone: Type.String(),
});
