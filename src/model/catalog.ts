/** The service catalog and the metric settings that may be overridden per service (DESIGN.md §3). */

export interface MetricSettings {
  /** Case-insensitive regular expression an environment name must match to count as production. */
  production_pattern: string;
  /** How long after a deployment an incident may start and still be blamed on it, in seconds. */
  attribution_window_seconds: number;
  /** Severities that count for time to restore and change failure rate; empty means all. */
  counted_severities: string[];
  /** Default windows in days when a request gives no `from`: 30 for every metric unless changed. */
  window_days: { deployment_frequency: number; change_failure_rate: number; other: number };
  /** IANA time zone for days and weeks. */
  timezone: string;
}

export type SettingsOverride = Partial<Omit<MetricSettings, 'window_days' | 'timezone'>>;

export interface Service {
  name: string;
  application?: string | undefined;
  team?: string | undefined;
  repositories: string[];
  /** Exact production environment names; when empty the production pattern decides. */
  production_environments: string[];
  settings: SettingsOverride;
}

export const DEFAULT_SETTINGS: MetricSettings = Object.freeze({
  production_pattern: '^prod',
  attribution_window_seconds: 7 * 24 * 3600,
  counted_severities: [],
  window_days: Object.freeze({ deployment_frequency: 30, change_failure_rate: 30, other: 30 }),
  timezone: 'UTC',
}) as MetricSettings;
