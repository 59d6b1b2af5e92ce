/**
 * The view's state lives in the URL query so a view can be shared: filters, time range, benchmark
 * year, chart bucket. Pure: the caller passes `now`. The dashboard always sends an explicit window
 * to the API (never the per-metric default windows), so every card, chart, comparison and
 * drill-down reads the same period.
 */
export const FILTER_KEYS = ['team', 'application', 'service', 'environment'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export const RANGES = ['7d', '30d', '90d', '180d', '365d'] as const;
export const BENCHMARKS = ['2024', '2023', '2021'] as const;
export const BUCKETS = ['day', 'week', 'month'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface View {
  filters: Partial<Record<FilterKey, string>>;
  /** A preset (`30d`), or `custom` with `from`/`to` dates. */
  range: string;
  /** The range a URL without one means (the server's default window), left out of URLs. */
  defaultRange: string;
  from?: string;
  to?: string;
  benchmark?: string;
  bucket?: Bucket;
}

const DAY = 86_400_000;
/** The server's default window unless its settings say otherwise. */
export const FALLBACK_RANGE = '30d';

export function parseView(search: string, defaultRange = FALLBACK_RANGE): View {
  const params = new URLSearchParams(search);
  const filters: View['filters'] = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const range = from && to ? 'custom' : (params.get('range') ?? defaultRange);
  const known = range === 'custom' || range === defaultRange || (RANGES as readonly string[]).includes(range);
  const benchmark = params.get('benchmark') ?? undefined;
  const bucket = params.get('bucket') as Bucket | null;
  return {
    filters,
    range: known ? range : defaultRange,
    defaultRange,
    ...(from && to ? { from, to } : {}),
    ...(benchmark && (BENCHMARKS as readonly string[]).includes(benchmark) ? { benchmark } : {}),
    ...(bucket && BUCKETS.includes(bucket) ? { bucket } : {}),
  };
}

/** The query string of a view (defaults left out), with extra page parameters such as `tab`. */
export function viewSearch(view: View, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (view.filters[key]) params.set(key, view.filters[key]);
  if (view.range === 'custom' && view.from && view.to) {
    params.set('from', view.from);
    params.set('to', view.to);
  } else if (view.range !== view.defaultRange) params.set('range', view.range);
  if (view.benchmark) params.set('benchmark', view.benchmark);
  if (view.bucket) params.set('bucket', view.bucket);
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A date (`2026-03-01`) is midnight UTC; anything else is read as an instant. */
const instant = (text: string): number =>
  Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);

/** A preset ends at the next UTC midnight (today included) so day buckets line up with the window. */
export function viewWindow(view: View, now: number): { from: number; to: number } {
  if (view.range === 'custom' && view.from && view.to) {
    const from = instant(view.from);
    const to = instant(view.to);
    if (Number.isFinite(from) && Number.isFinite(to) && from < to) return { from, to };
  }
  const days = Number.parseInt(view.range, 10) || 30;
  const to = Math.floor(now / DAY) * DAY + DAY;
  return { from: to - days * DAY, to };
}

/** The period of the same length just before. */
export const previousWindow = (window: { from: number; to: number }) => ({
  from: window.from - (window.to - window.from),
  to: window.from,
});

export function defaultBucket(window: { from: number; to: number }): Bucket {
  const days = (window.to - window.from) / DAY;
  return days <= 45 ? 'day' : days <= 200 ? 'week' : 'month';
}

/** The API's query for a view over a window: filters, `from`, `to`, `benchmark`, plus extras. */
export function apiSearch(
  view: View,
  window: { from: number; to: number },
  extra: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (view.filters[key]) params.set(key, view.filters[key]);
  params.set('from', new Date(window.from).toISOString());
  params.set('to', new Date(window.to).toISOString());
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) params.set(key, value);
  return `?${params.toString()}`;
}
