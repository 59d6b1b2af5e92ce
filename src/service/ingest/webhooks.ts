/**
 * Receiving source webhooks: authenticate the delivery, map it with the source's adapter, and store
 * it with its rows in one transaction, keyed by the source's delivery id so a re-delivery is a
 * duplicate. Refused deliveries leave nothing behind but a counter per source and reason.
 */
import { AppError } from '../../errors.ts';
import type { Routed } from '../../ingest/cloudevents/routing.ts';
import {
  createWebhookAdapters,
  WEBHOOK_SOURCES,
  type WebhookSourceName,
  type WebhooksConfig,
} from '../../ingest/webhooks/sources.ts';
import type { WebhookDelivery } from '../../ingest/webhooks/webhook.ts';
import type { Db } from '../../store/db.ts';
import { selectSourceDeliveries, type RawRequest } from '../../store/raw-requests.ts';
import { countWebhookRejection, selectWebhookRejections } from '../../store/webhook-rejections.ts';
import type { IngestService } from './ingest.ts';
import type { IngestWarning } from './ingest-warnings.ts';
import { createRepositoryServices } from '../imports/repository-services.ts';
import { authenticateWebhook } from './webhook-auth.ts';

export interface WebhookReceipt {
  source: string;
  delivery_id: string | null;
  /** `duplicate`: this delivery id was received before; nothing changed. */
  status: 'stored' | 'duplicate';
  accepted: number;
  duplicates: number;
  /** Why (parts of) the delivery produced no rows; it is stored raw all the same. */
  ignored?: string | undefined;
  /** Events stored that will not count, and why. */
  warnings?: IngestWarning[] | undefined;
}

/** Credentials never reach the raw log. */
const SECRET_HEADERS = new Set([
  'authorization',
  'cookie',
  'x-gitlab-token',
  'x-hub-signature',
  'x-hub-signature-256',
  'x-pagerduty-signature',
  'x-signature',
  'webhook-signature',
]);

export function createWebhooksService(db: Db, ingest: IngestService, config: WebhooksConfig) {
  const adapters = createWebhookAdapters(config);
  const context = createRepositoryServices(db);
  const map = async (source: WebhookSourceName, delivery: WebhookDelivery): Promise<Routed> =>
    adapters[source].map(delivery, await context());

  return {
    authenticate: (source: WebhookSourceName, delivery: WebhookDelivery) =>
      authenticateWebhook(source, config[source], delivery),

    /** Maps and stores an authenticated delivery; an unreadable one throws (4xx naming the field). */
    async receive(source: WebhookSourceName, delivery: WebhookDelivery): Promise<WebhookReceipt> {
      const routed = await map(source, delivery);
      const deliveryId = adapters[source].deliveryId(delivery);
      const outcome = await ingest.ingest({
        raw: toRawRequest(source, delivery, deliveryId),
        events: routed.events,
        reasons: routed.reasons,
      });
      return {
        source,
        delivery_id: deliveryId,
        status: outcome.stored ? 'stored' : 'duplicate',
        accepted: outcome.accepted,
        duplicates: outcome.duplicates,
        ...(routed.reasons.length > 0 ? { ignored: routed.reasons.join('; ') } : {}),
        ...(outcome.warnings ? { warnings: outcome.warnings } : {}),
      };
    },

    /** Today's adapter over a stored delivery: what replay runs. */
    map,

    /** Counts a refused delivery; counting must never turn a 401 into a 500. */
    async countRejection(source: string, error: AppError): Promise<void> {
      await countWebhookRejection(db, source, error.code, error.message).catch(() => undefined);
    },

    rejections: () => selectWebhookRejections(db),

    /** Per source: can it deliver (a secret or a token path is configured), what arrived, what was refused. */
    async status() {
      const names = Object.keys(WEBHOOK_SOURCES) as WebhookSourceName[];
      const [deliveries, rejections] = await Promise.all([
        selectSourceDeliveries(db, names),
        selectWebhookRejections(db),
      ]);
      return names.map((source) => {
        const { auth } = WEBHOOK_SOURCES[source];
        const settings = config[source];
        const signed = (settings?.secrets?.length ?? 0) + (settings?.signing_keys?.length ?? 0) > 0;
        const delivered = deliveries.find((row) => row.source === source);
        return {
          source,
          authentication:
            auth === 'token' || (!signed && settings?.trust_bearer) ? 'token' : `${auth}_signature`,
          accepting: auth === 'token' || signed || settings?.trust_bearer === true,
          deliveries: {
            count: delivered?.count ?? 0,
            ignored: delivered?.ignored ?? 0,
            last_at: delivered?.last_at.toISOString() ?? null,
          },
          rejections: rejections
            .filter((row) => row.source === source)
            .map(({ reason, count, last_at, last_message }) => ({
              reason,
              count,
              last_at: last_at.toISOString(),
              last_message,
            })),
        };
      });
    },
  };
}

function toRawRequest(source: string, delivery: WebhookDelivery, deliveryId: string | null): RawRequest {
  const headers = Object.fromEntries(
    Object.entries(delivery.headers).filter(([name]) => !SECRET_HEADERS.has(name)),
  );
  return {
    source,
    delivery_id: deliveryId,
    content_type: delivery.headers['content-type'] ?? null,
    headers,
    body: delivery.body,
    params: Object.keys(delivery.params).length > 0 ? delivery.params : undefined,
    received_at: delivery.receivedAt,
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
