/**
 * `GET /metrics` for Prometheus: this process's metrics (prom-client), then the DORA families from
 * the database. Those are reused for `cacheSeconds`, and scrapes arriving during a refresh wait for
 * it, so any number of scrapers and replicas cost at most one set of queries per server and interval.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../store/db.ts';
import { renderDoraFamilies } from './prometheus-dora.ts';
import { createProcessMetrics } from './prometheus-process.ts';

export interface PrometheusOptions {
  /** How long the DORA families are reused; 0 computes them for every scrape. */
  cacheSeconds?: number | undefined;
  /** When set, `/metrics` accepts exactly this bearer token and nothing else. */
  token?: string | undefined;
  now?: () => number;
}

export interface Scrape {
  contentType: string;
  body: string;
  /** Why the DORA families are missing from this scrape (the database failed), for the log. */
  failure?: unknown;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

export function createPrometheusService(db: Db, options: PrometheusOptions = {}) {
  const now = options.now ?? Date.now;
  const own = createProcessMetrics(db);
  const dora = cached(() => renderDoraFamilies(db, now()), (options.cacheSeconds ?? 30) * 1000, now);
  const tokenHash = options.token ? sha256(options.token) : undefined;

  return {
    ingestObserver: own.ingestObserver,
    observeHttp: own.observeHttp,
    logLineDropped: own.logLineDropped,
    tokenRequired: tokenHash !== undefined,

    /** Whether an Authorization header carries the metrics token; compared in constant time. */
    authorizes(authorization: string | undefined): boolean {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
      return tokenHash !== undefined && token !== undefined && timingSafeEqual(sha256(token), tokenHash);
    },

    /** Without the database the process metrics are still served: that is when they matter most. */
    async scrape(): Promise<Scrape> {
      let families = '';
      let failure: unknown;
      try {
        families = await dora();
      } catch (error) {
        failure = error;
        own.doraRefreshFailed();
      }
      const body = (await own.registry.metrics()) + families;
      return { contentType: own.registry.contentType, body, failure };
    },
  };
}

/** The value of `load`, recomputed at most once per `ttlMs`; a failure is not kept. */
function cached<T>(load: () => Promise<T>, ttlMs: number, now: () => number): () => Promise<T> {
  let fresh: { value: T; at: number } | undefined;
  let pending: Promise<T> | undefined;
  return () => {
    if (fresh && now() - fresh.at < ttlMs) return Promise.resolve(fresh.value);
    if (!pending) {
      const at = now();
      pending = load()
        .then((value) => {
          fresh = { value, at };
          return value;
        })
        .finally(() => {
          pending = undefined;
        });
    }
    return pending;
  };
}

export type PrometheusService = ReturnType<typeof createPrometheusService>;
