import { DEFAULT_SETTINGS, type MetricSettings } from '../model/catalog.ts';
import type { Queryable } from './db.ts';

export async function selectSettings(db: Queryable): Promise<MetricSettings> {
  const rows = await db.query<MetricSettings>(
    `select production_pattern, attribution_window_seconds, counted_severities, window_days, timezone
       from settings where id = 1`,
  );
  const row = rows[0];
  if (!row) return DEFAULT_SETTINGS;
  return { ...row, window_days: { ...DEFAULT_SETTINGS.window_days, ...row.window_days } };
}

export async function updateSettings(tx: Queryable, settings: MetricSettings): Promise<void> {
  await tx.query(
    `update settings set production_pattern = $1, attribution_window_seconds = $2, counted_severities = $3,
            window_days = $4::text::jsonb, timezone = $5
      where id = 1`,
    [
      settings.production_pattern,
      settings.attribution_window_seconds,
      settings.counted_severities.map((severity) => severity.toLowerCase()),
      JSON.stringify(settings.window_days),
      settings.timezone,
    ],
  );
}

const SETTINGS_LOCK = 'fivekeys:settings';

/**
 * Ingest classifies production from the settings it reads; a settings change re-derives what was
 * stored. The shared lock (ingest) and the exclusive one (changes) keep a deployment from being
 * classified by settings a concurrent change is replacing.
 */
export async function lockSettingsShared(tx: Queryable): Promise<void> {
  await tx.query('select pg_advisory_xact_lock_shared(hashtext($1))', [SETTINGS_LOCK]);
}

export async function lockSettingsExclusive(tx: Queryable): Promise<void> {
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [SETTINGS_LOCK]);
}
