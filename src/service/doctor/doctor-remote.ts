/**
 * Doctor's facts from a running fivekeys over HTTP: the probes, the metrics API and `/metrics`, and
 * the same services the local doctor reads, through their routes (`GET /api/v1/webhooks` and
 * `/api/v1/events/raw` are admin routes; the evidence list is a read route).
 */
import {
  attempt,
  DAY_MS,
  LOOKBACK_MS,
  groupFailed,
  OTHER_SOURCES,
  WARNINGS_READ,
  type DoctorFacts,
  type RecentWarningFact,
  type LatestDeployment,
  type WebhookSourceStatus,
} from './doctor-facts.ts';

export interface RemoteTarget {
  url: string;
  token?: string | undefined;
  /** For `/metrics` when FIVEKEYS_METRICS_TOKEN is set there; else `token`. */
  metricsToken?: string | undefined;
}

class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

type RawPage = {
  items: {
    source: string;
    received_at: string;
    outcome?: { error?: { message: string; field?: string } } | null;
  }[];
};

export async function gatherRemoteFacts(target: RemoteTarget, now: number): Promise<DoctorFacts> {
  const base = target.url.replace(/\/+$/, '');
  const get = (path: string, token = target.token) => fetchText(base, path, token);
  const json = async <T>(path: string): Promise<T> => JSON.parse((await get(path)).text) as T;
  const window = (from: number) =>
    `from=${new Date(from).toISOString()}&to=${new Date(now).toISOString()}&limit=1`;
  const latest = async (query: string): Promise<LatestDeployment | null> => {
    const { items } = await json<{ items: LatestDeployment[] }>(`/api/v1/deployments?${query}`);
    const item = items[0];
    return item === undefined
      ? null
      : { service: item.service, environment: item.environment, finished_at: item.finished_at };
  };
  const [healthz, ready, version, metricsApi, prometheus] = await Promise.all([
    attempt(async () => ({ status: (await get('/healthz')).status })),
    attempt(() => get('/readyz')),
    attempt(() => json<{ database?: 'pglite' | 'postgres' }>('/api/version')),
    attempt(async () => ({ status: (await get('/api/v1/metrics')).status })),
    attempt(async () => ({
      families: familiesOf((await get('/metrics', target.metricsToken ?? target.token)).text),
    })),
  ]);
  const database: DoctorFacts['database'] = !ready.ok
    ? ready
    : {
        ok: true,
        value: { kind: version.ok ? (version.value.database ?? 'unknown') : 'unknown' },
      };
  const facts: DoctorFacts = {
    mode: 'remote',
    target: base,
    baseUrl: base,
    database,
    endpoints: [
      { path: '/healthz', answer: healthz },
      { path: '/api/v1/metrics', answer: metricsApi },
    ],
    prometheus,
  };
  if (!database.ok) return facts;
  const [webhooks, otherSources, failedRequests, recentDeployment, productionDeployment, recentWarnings] =
    await Promise.all([
      attempt(async () => (await json<{ sources: WebhookSourceStatus[] }>('/api/v1/webhooks')).sources),
      attempt(async () => {
        const pages = await Promise.all(
          OTHER_SOURCES.map(async (source) => ({
            source,
            page: await json<RawPage>(`/api/v1/events/raw?source=${source}&limit=1`),
          })),
        );
        return pages.flatMap(({ source, page }) =>
          page.items[0] === undefined ? [] : [{ source, last_at: page.items[0].received_at }],
        );
      }),
      attempt(async () =>
        groupFailed((await json<RawPage>('/api/v1/events/raw?status=failed&limit=500')).items),
      ),
      attempt(() => latest(window(now - 30 * DAY_MS))),
      attempt(() => latest(`production=true&${window(now - LOOKBACK_MS)}`)),
      attempt(async () => {
        const since = new Date(now - 7 * DAY_MS).toISOString();
        const path = `/api/v1/events/warnings?since=${since}&limit=${WARNINGS_READ}`;
        return (await json<{ items: RecentWarningFact[] }>(path)).items;
      }),
    ]);
  return {
    ...facts,
    webhooks,
    otherSources,
    failedRequests,
    recentDeployment,
    productionDeployment,
    recentWarnings,
  };
}

async function fetchText(base: string, path: string, token: string | undefined) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(base + path, { headers });
  } catch (cause) {
    const reason = (cause as { cause?: { message?: string } }).cause?.message ?? (cause as Error).message;
    throw new Error(`${base} did not answer: ${reason}`, { cause });
  }
  const text = await response.text();
  if (!response.ok)
    throw new HttpError(`${path} answered ${response.status}: ${errorMessage(text)}`, response.status);
  return { status: response.status, text };
}

function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string; database?: string };
    if (typeof body.error === 'object' && body.error?.message) return body.error.message;
    if (body.database) return `database ${body.database}`;
  } catch {
    // Not a fivekeys answer (a proxy's page): show what came back.
  }
  return text.slice(0, 200);
}

/** The family names of a Prometheus text exposition (its `# TYPE` lines). */
function familiesOf(exposition: string): string[] {
  return [...exposition.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]!);
}
