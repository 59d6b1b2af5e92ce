/**
 * Where `fivekeys report` gets its numbers: the local report service, or a remote fivekeys's
 * `GET /api/v1/metrics` (the same object either way), and the previous period for `--compare`.
 */
import { overallLevel } from '../metrics/levels.ts';
import type { MetricQuery, ReportService } from '../service/report/report.ts';
import { previousWindow, toSearchParams } from './report-query.ts';
import type { ServerClient } from './server-client.ts';

export type Metrics = Awaited<ReturnType<ReportService['metrics']>>;
export type MetricsSource = (query: MetricQuery) => Promise<Metrics>;

export const localSource =
  (report: ReportService, now: number): MetricsSource =>
  (query) =>
    report.metrics(query, now);

export function remoteSource(baseUrl: string, token: string | undefined): MetricsSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return async (query) => {
    const url = new URL(`api/v1/metrics?${toSearchParams(query).toString()}`, base);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetch(url, { headers });
    } catch (cause) {
      const reason = (cause as { cause?: { message?: string } }).cause?.message ?? (cause as Error).message;
      throw new Error(`${url.origin} did not answer: ${reason}`, { cause });
    }
    const text = await response.text();
    if (!response.ok) throw new Error(`${url.origin} answered ${response.status}: ${errorMessage(text)}`);
    return JSON.parse(text) as Metrics;
  };
}

/** The server holding the data folder: the same endpoint, with its token and error messages. */
export const serverSource =
  (server: ServerClient): MetricsSource =>
  (query) =>
    server.json<Metrics>('GET', `/api/v1/metrics?${toSearchParams(query).toString()}`);

function errorMessage(text: string): string {
  try {
    const { error } = JSON.parse(text) as { error?: { message?: string; field?: string } };
    if (error?.message) return error.field ? `${error.message} (${error.field})` : error.message;
  } catch {
    // Not the API's error shape: show what came back.
  }
  return text.slice(0, 200);
}

/**
 * The same metrics over the period of the same length just before each metric's own window (the
 * default windows may differ per metric when the settings' window_days say so). When they differ, the
 * overall level is recomputed from the metrics it is made of.
 */
export async function previousMetrics(
  source: MetricsSource,
  query: MetricQuery,
  current: Metrics,
): Promise<Metrics> {
  const answers = new Map<string, Promise<Metrics>>();
  const before = (window: { from: string; to: string }) => {
    const key = `${window.from}/${window.to}`;
    if (!answers.has(key)) answers.set(key, source({ ...query, ...previousWindow(window) }));
    return answers.get(key)!;
  };
  const [other, df, cfr] = await Promise.all([
    before(current.window),
    before(current.deployment_frequency.window),
    before(current.change_failure_rate.window),
  ]);
  if (answers.size === 1) return other;
  const recovery =
    other.benchmark < 2023 ? other.time_to_restore.level : other.failed_deployment_recovery_time.level;
  return {
    ...other,
    deployment_frequency: df.deployment_frequency,
    change_failure_rate: cfr.change_failure_rate,
    level: overallLevel([
      df.deployment_frequency.level,
      other.lead_time.level,
      cfr.change_failure_rate.level,
      recovery,
    ]),
  };
}
