/**
 * This process's own metrics, kept by prom-client in one registry per server (never the global
 * one, so servers in one process do not mix): Node.js defaults, HTTP latency, ingest outcomes,
 * group-commit batch sizes, dropped log lines and, on PostgreSQL, the connection pool. The defaults
 * keep their standard `process_*`/`nodejs_*` names, which stock Node.js dashboards query; fivekeys'
 * own metrics are prefixed `fivekeys_`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../../store/db.ts';
import type { IngestObserver } from '../ingest/ingest.ts';

const PREFIX = 'fivekeys_';

/**
 * prom-client names these gauges `_total`, which `promtool check metrics` rejects (a `_total` suffix
 * means a counter); their per-type siblings without the suffix stay.
 */
const LINT_FAILING_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

export function createProcessMetrics(db: Db) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const name of LINT_FAILING_DEFAULTS) registry.removeSingleMetric(name);
  const registers = [registry];

  const httpDuration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'HTTP request duration in seconds, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const ingestRequests = new Counter({
    name: `${PREFIX}ingest_requests_total`,
    help: 'Requests given to the ingest service (a count), by source and outcome (stored, duplicate, rejected).',
    labelNames: ['source', 'outcome'] as const,
    registers,
  });
  const batchSize = new Histogram({
    name: `${PREFIX}ingest_batch_size`,
    help: 'Requests committed together in one group-commit transaction (a count per transaction).',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers,
  });
  const doraRefreshFailures = new Counter({
    name: `${PREFIX}dora_refresh_failures_total`,
    help: 'Scrapes that found the database unavailable and served no dora_* families (a count).',
    registers,
  });
  const logLinesDropped = new Counter({
    name: `${PREFIX}log_lines_dropped_total`,
    help: 'Log lines dropped because stdout was full (nobody reading) or closed (a count); the service kept serving.',
    registers,
  });
  if (db.poolStats) poolGauges(registers, db.poolStats.bind(db));

  const ingestObserver: IngestObserver = {
    request: (source, outcome) => ingestRequests.inc({ source, outcome }),
    batch: (size) => batchSize.observe(size),
  };
  return {
    registry,
    ingestObserver,
    doraRefreshFailed: () => doraRefreshFailures.inc(),
    logLineDropped: () => logLinesDropped.inc(),
    observeHttp(method: string, route: string, statusCode: number, seconds: number) {
      httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
    },
  };
}

function poolGauges(registers: Registry[], stats: NonNullable<Db['poolStats']>) {
  const gauge = (name: string, help: string, read: (s: ReturnType<typeof stats>) => number) =>
    new Gauge({
      name: `${PREFIX}db_pool_${name}`,
      help,
      registers,
      collect() {
        this.set(read(stats()));
      },
    });
  gauge('connections', 'Open connections of the PostgreSQL pool (a count).', (s) => s.total);
  gauge('idle_connections', 'Open connections waiting for a query (a count).', (s) => s.idle);
  gauge(
    'waiting_clients',
    'Queries queued for a connection (a count; the pool is exhausted when above 0).',
    (s) => s.waiting,
  );
  gauge('max_connections', 'The pool size (a count of connections).', (s) => s.max);
}

export type ProcessMetrics = ReturnType<typeof createProcessMetrics>;
