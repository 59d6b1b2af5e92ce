/**
 * The flags of `fivekeys report` → the query of `GET /api/v1/metrics`. Without a window flag the
 * server's default window applies (the settings' window_days: 30 days ending now unless changed).
 */
import { AppError } from '../errors.ts';
import { checkInstant, checkWindow, WindowError } from '../metrics/window-limits.ts';
import type { MetricQuery } from '../service/report/report.ts';

export interface ReportFlags {
  from?: string;
  to?: string;
  last?: string;
  service?: string;
  team?: string;
  application?: string;
  environment?: string;
  benchmark?: string;
}

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** `90d`, `12w`, `36h` → milliseconds. */
function parseDuration(flag: string, text: string): number {
  const match = /^(\d+)([hdw])$/.exec(text.trim());
  const count = Number(match?.[1] ?? 0);
  if (!match || count <= 0) {
    throw new AppError('invalid_config', `${flag}: "${text}" is not a duration like 90d, 12w or 36h`);
  }
  return count * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/i;

/** The server's limits on times and windows (window-limits.ts) as a usage error naming the flag: exit 2. */
function withinLimits(flag: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof WindowError)) throw error;
    const message = error.field === flag ? error.message : `${flag}: ${error.message}`;
    throw new AppError('invalid_config', message, { cause: error });
  }
}

/** An ISO 8601 instant with an offset, or a date alone (midnight UTC). */
export function parseInstant(flag: string, text: string): Date {
  const date = new Date(text);
  if (!INSTANT.test(text) || Number.isNaN(date.getTime())) {
    throw new AppError(
      'invalid_config',
      `${flag}: "${text}" is not a date (2026-03-01) or an instant with an offset (2026-03-01T09:00:00Z)`,
    );
  }
  withinLimits(flag, () => checkInstant(flag, date.getTime()));
  return date;
}

export function toMetricQuery(flags: ReportFlags, now: number): MetricQuery {
  const query: MetricQuery = {
    service: flags.service,
    team: flags.team,
    application: flags.application,
    environment: flags.environment,
    benchmark: flags.benchmark === undefined ? undefined : Number(flags.benchmark),
  };
  if (flags.last !== undefined) {
    const from = now - parseDuration('--last', flags.last);
    withinLimits('--last', () => checkWindow({ from, to: now }));
    return { ...query, from: new Date(from), to: new Date(now) };
  }
  const from = flags.from === undefined ? undefined : parseInstant('--from', flags.from);
  const to = flags.to === undefined ? undefined : parseInstant('--to', flags.to);
  if (from && to && from >= to) {
    throw new AppError('invalid_config', `--from: ${flags.from} must be before --to ${flags.to}`);
  }
  if (from && !to && from.getTime() >= now) {
    throw new AppError('invalid_config', `--from: ${flags.from} is in the future; add --to`);
  }
  if (from) withinLimits('--from', () => checkWindow({ from: from.getTime(), to: to?.getTime() ?? now }));
  return { ...query, from, to };
}

/** The query string of `GET /api/v1/metrics` for a query. */
export function toSearchParams(query: MetricQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value instanceof Date) params.set(name, value.toISOString());
    else if (value !== undefined) params.set(name, String(value));
  }
  return params;
}

/** The period of the same length that ends where `window` starts. */
export function previousWindow(window: { from: string; to: string }): { from: Date; to: Date } {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  return { from: new Date(from - (to - from)), to: new Date(from) };
}
