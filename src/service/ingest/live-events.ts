/**
 * Live ingest events (`GET /api/v1/events/live`): an in-process publisher of one message per ingest
 * request. Each subscriber has a bounded queue: a client that does not keep up is dropped (its
 * EventSource reconnects), so ingest never waits for a reader. In-process means per replica: with
 * several replicas, a stream shows only what the replica serving it received.
 *
 * Row counts come from the ingest service itself: the HTTP layer runs each ingest request inside
 * `track`, and the wrapped ingest service (`observe`) adds every outcome to that request's record.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IngestOutcome, IngestRequest, IngestService } from './ingest.ts';
import type { IngestWarning } from './ingest-warnings.ts';

export type LiveStatus = 'stored' | 'duplicate' | 'ignored' | 'failed' | 'rejected';

export interface LiveEvent {
  received_at: string;
  source: string;
  type: string | null;
  delivery_id: string | null;
  status: LiveStatus;
  rows: { changes: number; deployments: number; incidents: number };
  reasons: string[];
  /** Events stored that will not count, and why (as the ingest answer told them). */
  warnings: IngestWarning[];
  error: { code: string; message: string; field?: string } | null;
  /** Null for history: the raw log keeps what a request became, not the status it was answered. */
  http_status: number | null;
  /** Replayed from the raw log when the stream opened, rather than seen arriving. */
  history: boolean;
}

/** What the ingest service did for one HTTP request (a CloudEvents batch calls it once per event). */
export interface IngestRecord {
  calls: number;
  /** Calls that stored nothing new (a known delivery id, or only rows already known). */
  duplicates: number;
  rows: LiveEvent['rows'];
  reasons: string[];
  warnings: IngestWarning[];
  deliveryIds: (string | null)[];
}

export interface Subscription {
  /** The next event, or undefined once the subscription is closed or was dropped. */
  next(): Promise<LiveEvent | undefined>;
  close(): void;
}

/** Events a subscriber may fall behind by before it is dropped. */
const QUEUE_LIMIT = 1000;

export function createLiveEvents(queueLimit = QUEUE_LIMIT) {
  const subscribers = new Set<Subscriber>();
  const records = new AsyncLocalStorage<IngestRecord>();
  return {
    hasSubscribers: () => subscribers.size > 0,
    publish(event: LiveEvent): void {
      for (const subscriber of subscribers) subscriber.push(event);
    },
    subscribe(): Subscription {
      const subscriber = new Subscriber(queueLimit, () => subscribers.delete(subscriber));
      subscribers.add(subscriber);
      return subscriber;
    },
    /** Ends every stream (server shutdown). */
    closeAll(): void {
      for (const subscriber of subscribers) subscriber.close();
    },
    /** Runs `work` with a fresh record that the observed ingest service fills. */
    track<T>(work: () => T): { record: IngestRecord; result: T } {
      const record: IngestRecord = {
        calls: 0,
        duplicates: 0,
        rows: { changes: 0, deployments: 0, incidents: 0 },
        reasons: [],
        warnings: [],
        deliveryIds: [],
      };
      return { record, result: records.run(record, work) };
    },
    observe(ingest: IngestService): IngestService {
      return {
        ...ingest,
        async ingest(request) {
          const outcome = await ingest.ingest(request);
          const record = records.getStore();
          if (record) addTo(record, request, outcome);
          return outcome;
        },
      };
    },
  };
}

export type LiveEvents = ReturnType<typeof createLiveEvents>;

function addTo(record: IngestRecord, request: IngestRequest, outcome: IngestOutcome): void {
  record.calls += 1;
  if (!outcome.stored || (outcome.accepted === 0 && outcome.duplicates > 0)) record.duplicates += 1;
  record.rows.changes += request.events.changes.length;
  record.rows.deployments += request.events.deployments.length;
  record.rows.incidents += request.events.incidents.length;
  record.reasons.push(...(request.reasons ?? []));
  record.warnings.push(...(outcome.warnings ?? []));
  record.deliveryIds.push(request.raw.delivery_id);
}

class Subscriber implements Subscription {
  private queue: LiveEvent[] = [];
  private waiting: ((event: LiveEvent | undefined) => void) | undefined;
  private closed = false;

  constructor(
    private readonly limit: number,
    private readonly onClose: () => void,
  ) {}

  push(event: LiveEvent): void {
    if (this.closed) return;
    if (this.waiting) {
      const wake = this.waiting;
      this.waiting = undefined;
      wake(event);
    } else if (this.queue.length >= this.limit) {
      this.close();
    } else {
      this.queue.push(event);
    }
  }

  next(): Promise<LiveEvent | undefined> {
    const queued = this.queue.shift();
    if (queued || this.closed) return Promise.resolve(queued);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.onClose();
    this.waiting?.(undefined);
    this.waiting = undefined;
  }
}
