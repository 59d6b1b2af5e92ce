/**
 * What `fivekeys doctor` found, gathered locally (the database) or remotely (a running fivekeys over
 * HTTP), in one shape so one pure function (doctor-checks.ts) judges both. A fact that could not be
 * gathered carries its error, and the HTTP status when it came from an answer.
 */
import { MAX_WINDOW_DAYS } from '../../metrics/window-limits.ts';

export type Fact<T> = { ok: true; value: T } | { ok: false; error: string; status?: number | undefined };

/** A source as `GET /api/v1/webhooks` (the webhooks service's `status()`) describes it. */
export interface WebhookSourceStatus {
  source: string;
  authentication: string;
  accepting: boolean;
  deliveries: { count: number; ignored: number; last_at: string | null };
  rejections: { reason: string; count: number; last_at: string; last_message: string }[];
}

export interface FailedRequests {
  source: string;
  count: number;
  /** The newest one's error. */
  error: string;
}

export interface LatestDeployment {
  service: string;
  environment: string;
  finished_at: string;
}

/** A warning an ingest answer gave (`GET /api/v1/events/warnings`). */
export interface RecentWarningFact {
  received_at: string;
  code: string;
  message: string;
}

/** How many recent warnings doctor reads: enough to count each kind, and to say "500+". */
export const WARNINGS_READ = 500;

export interface DoctorFacts {
  mode: 'local' | 'remote';
  /** The data folder, the database URL without its password, or the server's URL. */
  target: string;
  /** Where a deployment can be posted (for the fix that sends one). */
  baseUrl: string;
  /** `unknown`: the server is ready but did not say (`/api/version` failed). */
  database: Fact<{ kind: 'pglite' | 'postgres' | 'unknown' }>;
  /** Local only: the applied versions and the migrations this fivekeys ships. */
  migrations?: Fact<{ applied: number[]; known: { version: number; name: string }[] }> | undefined;
  /** Remote only: the probes and the metrics API, each with the status it answered. */
  endpoints?: { path: string; answer: Fact<{ status: number }> }[] | undefined;
  /** Remote only: the families `GET /metrics` exposes. */
  prometheus?: Fact<{ families: string[] }> | undefined;
  webhooks?: Fact<WebhookSourceStatus[]> | undefined;
  /** The newest request of the sources that are not webhooks (`api`, `cloudevents`), when any. */
  otherSources?: Fact<{ source: string; last_at: string }[]> | undefined;
  failedRequests?: Fact<FailedRequests[]> | undefined;
  /** The newest deployment of the last 30 days, and the newest production deployment ever. */
  recentDeployment?: Fact<LatestDeployment | null> | undefined;
  /** What ingest warned about in the last 7 days, newest first, at most WARNINGS_READ. */
  recentWarnings?: Fact<RecentWarningFact[]> | undefined;
  productionDeployment?: Fact<LatestDeployment | null> | undefined;
}

/** Sources that are not webhooks, whose last request doctor reports (prefixes: `api` covers `api/…`). */
export const OTHER_SOURCES = ['api', 'cloudevents'];

export const DAY_MS = 86_400_000;
/** How far back doctor looks for a production deployment: the longest window a query may span. */
export const LOOKBACK_MS = MAX_WINDOW_DAYS * DAY_MS;

/** Runs `work`, turning a failure into a fact carrying its message (and HTTP status, if any). */
export async function attempt<T>(work: () => Promise<T>): Promise<Fact<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    return {
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      status: typeof status === 'number' ? status : undefined,
    };
  }
}

/** Failed raw requests (newest first) grouped by source, each with its newest error. */
export function groupFailed(
  items: readonly { source: string; outcome?: { error?: { message: string; field?: string } } | null }[],
): FailedRequests[] {
  const groups = new Map<string, FailedRequests>();
  for (const item of items) {
    const group = groups.get(item.source);
    if (group) group.count += 1;
    else {
      const error = item.outcome?.error;
      const text = error ? `${error.message}${error.field ? ` (${error.field})` : ''}` : 'no error recorded';
      groups.set(item.source, { source: item.source, count: 1, error: text });
    }
  }
  return [...groups.values()];
}
