/** Wires the use cases over one database: what the HTTP layer and the CLI are given. */
import type { Config } from '../config.ts';
import { createCloudEventsRouter } from '../ingest/cloudevents/router-config.ts';
import { createRawParser, type RawEntry, type RawParser } from '../ingest/raw-parser.ts';
import { isWebhookSource } from '../ingest/webhooks/sources.ts';
import type { Db } from '../store/db.ts';
import { createAuditService, type AuditLimits } from './auth/audit.ts';
import { createAuthService } from './auth/auth.ts';
import { createCatalogService } from './catalog.ts';
import { createCloudEventsService } from './ingest/cloudevents.ts';
import { createEvidenceService } from './report/evidence.ts';
import { createIngestService } from './ingest/ingest.ts';
import { recentIngestWarnings } from './ingest/ingest-warnings.ts';
import { createLifecycle } from './lifecycle.ts';
import type { LoginLimits } from './auth/login-guard.ts';
import { createLiveEvents } from './ingest/live-events.ts';
import { createPrometheusService } from './prometheus/prometheus.ts';
import { createRawEventsService } from './ingest/raw-events.ts';
import { createReportService } from './report/report.ts';
import { createWebhooksService, type WebhooksService } from './ingest/webhooks.ts';

export const VERSION = '0.1.0';

export function createAppServices(
  db: Db,
  config: Pick<Config, 'auth' | 'adminToken' | 'adminUsername' | 'adminPassword'> &
    Partial<
      Pick<
        Config,
        | 'cloudevents'
        | 'webhooks'
        | 'metricsCacheSeconds'
        | 'metricsToken'
        | 'ingestQueueLimit'
        | 'ingestQueueWaitMs'
        | 'ingestMaxBatch'
      >
    > & { loginLimits?: LoginLimits; auditLimits?: AuditLimits },
) {
  const prometheus = createPrometheusService(db, {
    cacheSeconds: config.metricsCacheSeconds,
    token: config.metricsToken,
  });
  const liveEvents = createLiveEvents();
  const ingest = liveEvents.observe(
    createIngestService(db, config.ingestMaxBatch, prometheus.ingestObserver, {
      maxPending: config.ingestQueueLimit,
      maxWaitMs: config.ingestQueueWaitMs,
    }),
  );
  const router = createCloudEventsRouter(config.cloudevents);
  const webhooks = createWebhooksService(db, ingest, config.webhooks ?? {});
  return {
    db,
    ingest,
    cloudEvents: createCloudEventsService(ingest, router),
    webhooks,
    /** Today's adapters over a raw-log entry: what replay runs. */
    parseRaw: withWebhooks(createRawParser(router), webhooks),
    liveEvents,
    rawEvents: createRawEventsService(db),
    /** The warnings ingest answers gave since an instant, newest first (doctor). */
    recentWarnings: (since: Date, limit: number) => recentIngestWarnings(db, since, limit),
    auth: createAuthService(db, {
      mode: config.auth,
      adminToken: config.adminToken,
      adminUsername: config.adminUsername,
      adminPassword: config.adminPassword,
      loginLimits: config.loginLimits,
    }),
    audit: createAuditService(db, config.auditLimits),
    catalog: createCatalogService(db),
    report: createReportService(db),
    evidence: createEvidenceService(db),
    prometheus,
    lifecycle: createLifecycle(),
    /** True when the database answers a trivial query (readiness). */
    async ready(): Promise<boolean> {
      try {
        await db.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
  };
}

function withWebhooks(parse: RawParser, webhooks: WebhooksService): RawParser {
  return async (raw: RawEntry) => {
    if (!isWebhookSource(raw.source)) return parse(raw);
    return webhooks.map(raw.source, {
      headers: raw.headers,
      body: raw.body,
      params: raw.params ?? {},
      receivedAt: (raw.received_at ?? new Date()).toISOString(),
    });
  };
}

export type AppServices = ReturnType<typeof createAppServices>;
