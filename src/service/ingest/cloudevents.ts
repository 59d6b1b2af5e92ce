/**
 * Receiving CloudEvents: each event is routed to its transformers and stored as its own raw-log
 * entry, keyed by CloudEvents' unique `source` + `id` (and type), so a re-delivered event is a duplicate.
 */
import { AppError } from '../../errors.ts';
import type { CloudEvent } from '../../ingest/cloudevents/event.ts';
import type { RawCloudEvent } from '../../ingest/cloudevents/http-binding.ts';
import type { Router } from '../../ingest/cloudevents/routing.ts';
import type { RawRequest } from '../../store/raw-requests.ts';
import type { IngestService } from './ingest.ts';
import type { IngestWarning } from './ingest-warnings.ts';

const CLOUDEVENTS_SOURCE = 'cloudevents';

export interface EventResult {
  id?: string | undefined;
  source?: string | undefined;
  type?: string | undefined;
  status: 'stored' | 'duplicate' | 'rejected';
  /** Rows stored or updated, and rows already known. */
  accepted: number;
  duplicates: number;
  /** Why the event, or a part of it, produced nothing. */
  ignored?: string[] | undefined;
  error?: { code: string; message: string; field?: string | undefined } | undefined;
  /** Events stored that will not count, and why. */
  warnings?: IngestWarning[] | undefined;
}

function toRawRequest(raw: RawCloudEvent, event: CloudEvent): RawRequest {
  return {
    source: CLOUDEVENTS_SOURCE,
    // Source + id identify an event; the type is added because some producers (the Jenkins plugin)
    // reuse one id for the started and finished events of a build. A re-delivery has all three alike.
    delivery_id: `${event.source}\n${event.id}\n${event.type}`,
    content_type: raw.content_type,
    headers: raw.headers,
    body: raw.body,
  };
}

export function createCloudEventsService(ingest: IngestService, router: Router) {
  return {
    /** Stores one event; an invalid one throws (400 naming the field), nothing is stored. */
    async receive(raw: RawCloudEvent, event: CloudEvent): Promise<EventResult> {
      const routed = await router(event);
      const outcome = await ingest.ingest({
        raw: toRawRequest(raw, event),
        events: routed.events,
        reasons: routed.reasons,
      });
      return {
        id: event.id,
        source: event.source,
        type: event.type,
        status: outcome.stored ? 'stored' : 'duplicate',
        accepted: outcome.accepted,
        duplicates: outcome.duplicates,
        ...(routed.reasons.length > 0 ? { ignored: routed.reasons } : {}),
        ...(outcome.warnings ? { warnings: outcome.warnings } : {}),
      };
    },
    /** A batch: every event on its own, one result each; a bad event does not fail the others. */
    async receiveBatch(
      items: readonly ({ raw: RawCloudEvent; event: CloudEvent } | { raw: RawCloudEvent; error: AppError })[],
    ): Promise<EventResult[]> {
      return Promise.all(
        items.map(async (item, index) => {
          if ('error' in item) return rejected(item.error);
          try {
            return await this.receive(item.raw, item.event);
          } catch (error) {
            if (!(error instanceof AppError) || error.status >= 500) throw error;
            const field = error.field && `[${index}].${error.field}`;
            return rejected(new AppError(error.code, error.message, field ? { field } : {}), item.event);
          }
        }),
      );
    },
  };
}

function rejected(error: AppError, event?: CloudEvent): EventResult {
  return {
    ...(event ? { id: event.id, source: event.source, type: event.type } : {}),
    status: 'rejected',
    accepted: 0,
    duplicates: 0,
    error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) },
  };
}

export type CloudEventsService = ReturnType<typeof createCloudEventsService>;
