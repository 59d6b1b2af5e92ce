/**
 * The range a view without one shows: the server's default window (the settings' window_days,
 * 30 days unless changed), so the dashboard, the API, GraphQL and `fivekeys report` agree. Until the
 * settings answer, `undefined`, so pages wait rather than load one window and then another; if they
 * cannot be read (no token yet, the database down), 30 days.
 */
import { useEffect, useState } from 'preact/hooks';
import { getJson } from './api.ts';
import { FALLBACK_RANGE } from './query.ts';
import { useAuth } from './use-api.ts';

interface Settings {
  window_days: { other: number };
}

export function useDefaultRange(): string | undefined {
  const [range, setRange] = useState<string | undefined>(undefined);
  const { tokenVersion } = useAuth();
  useEffect(() => {
    const controller = new AbortController();
    getJson<Settings>('/api/v1/settings', controller.signal).then(
      (settings) => setRange(`${settings.window_days.other}d`),
      () => {
        if (!controller.signal.aborted) setRange((known) => known ?? FALLBACK_RANGE);
      },
    );
    return () => controller.abort();
  }, [tokenVersion]);
  return range;
}
