/** `GET|PUT /api/v1/settings` and `GET|PUT /api/v1/services/{name}`, as the settings page uses them. */
export interface SettingsOverride {
  production_pattern?: string;
  attribution_window_seconds?: number;
  counted_severities?: string[];
}

export interface GlobalSettings {
  production_pattern: string;
  attribution_window_seconds: number;
  counted_severities: string[];
  window_days: { deployment_frequency: number; change_failure_rate: number; other: number };
  timezone: string;
}

export interface ServiceEntry {
  name: string;
  application?: string;
  team?: string;
  repositories: string[];
  production_environments: string[];
  settings: SettingsOverride;
}
