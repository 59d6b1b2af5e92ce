/**
 * The ingest use case every source shares: raw request + normalized rows + attribution in one
 * transaction, shared with concurrent requests (group commit), acknowledged only after commit.
 */
import { AppError } from '../../errors.ts';
import type { NormalizedEvents } from '../../model/events.ts';
import type { Db, Queryable } from '../../store/db.ts';
import { classifyDbError } from '../../store/db-errors.ts';
import { insertRawRequests, type RawRequest } from '../../store/raw-requests.ts';
import { lockSettingsShared } from '../../store/settings.ts';
import { toAppError } from '../failures.ts';
import { GroupCommitter, QueueRejection, type QueueLimits, type QueueState } from './group-commit.ts';
import { withIdempotencyKeys, type IdempotencyKeyOf } from './idempotency.ts';
import { findIngestWarnings, type IngestWarning } from './ingest-warnings.ts';
import { outcomeOf } from './outcome.ts';
import { statisticsRefresher } from './statistics-refresher.ts';
import { storeEvents } from './store-events.ts';

export interface IngestRequest {
  raw: RawRequest;
  events: NormalizedEvents;
  /** Why (parts of) the request produced nothing, for the raw log. */
  reasons?: readonly string[] | undefined;
  /** The request's Idempotency-Key: its first answer is recorded and given again for the same body. */
  idempotency?: IdempotencyKeyOf | undefined;
}

export interface IngestOutcome {
  /** Rows stored or updated by this request. */
  accepted: number;
  /** Rows it carried that were already known. */
  duplicates: number;
  /** False when the whole request was a duplicate delivery (same source and delivery id). */
  stored: boolean;
  /** The answer recorded for an earlier request with the same Idempotency-Key and body. */
  replayed?: true | undefined;
  /** Events stored that will not count, and why; present only when there are some. */
  warnings?: IngestWarning[] | undefined;
}

export interface IngestService {
  ingest(request: IngestRequest): Promise<IngestOutcome>;
  /** Waits for every submitted request to be committed (graceful shutdown). */
  flush(): Promise<void>;
  /** The group-commit queue's depth and whether it refuses new requests (readiness). */
  queue(): QueueState;
}

export type { QueueLimits, QueueState } from './group-commit.ts';

/** Told each request's outcome and each transaction's number of requests (the Prometheus metrics). */
export interface IngestObserver {
  request(source: string, outcome: 'stored' | 'duplicate' | 'rejected'): void;
  batch(size: number): void;
}

/** A request that brought nothing new, as a whole delivery or row by row, is a duplicate. */
const outcomeLabel = (outcome: IngestOutcome | AppError) =>
  outcome instanceof Error
    ? 'rejected'
    : !outcome.stored || (outcome.accepted === 0 && outcome.duplicates > 0)
      ? 'duplicate'
      : 'stored';

export function createIngestService(
  db: Db,
  maxBatch = 500,
  observer?: IngestObserver,
  limits: QueueLimits = {},
): IngestService {
  const statistics = statisticsRefresher(db, rowsWritten);
  const committer = new GroupCommitter<IngestRequest, IngestOutcome | AppError>(
    (batch) => {
      observer?.batch(batch.length);
      return runBatch(db, batch);
    },
    { ...limits, maxBatch, weigh: weighRequest, afterBatch: statistics.afterBatch },
  );
  return {
    async ingest(request) {
      const outcome = await committer.submit(request).catch(toIngestError);
      observer?.request(request.raw.source, outcomeLabel(outcome));
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    flush: async () => {
      await committer.flush();
      await statistics.settled();
    },
    queue: () => committer.state(),
  };
}

/** The event rows a batch wrote or updated, for the statistics refresher. */
const rowsWritten = (batch: IngestRequest[]) =>
  batch.reduce(
    (sum, { events }) => sum + events.changes.length + events.deployments.length + events.incidents.length,
    0,
  );

/** What a waiting request holds in memory, roughly: its body and headers (UTF-16 code units). */
const weighRequest = ({ raw }: IngestRequest) =>
  raw.body.length + Object.entries(raw.headers).reduce((sum, [k, v]) => sum + k.length + v.length, 0);

/** A full or stuck queue is the database not keeping up: the same 503 + Retry-After as it being down. */
const toIngestError = (error: unknown): AppError =>
  error instanceof QueueRejection
    ? new AppError('database_unavailable', error.message, { cause: error })
    : toAppError(error);

/** Ingest runs the same few statements in every transaction: parsed and planned once per connection. */
const PREPARED = { prepare: true };

/** One transaction for the batch; if it fails for a reason other than the database, isolate the culprit. */
async function runBatch(db: Db, batch: IngestRequest[]): Promise<(IngestOutcome | AppError)[]> {
  try {
    return await db.transaction((tx) => storeBatch(tx, batch), PREPARED);
  } catch (error) {
    if (batch.length === 1 || classifyDbError(error) === 'unavailable') throw error;
    const outcomes: (IngestOutcome | AppError)[] = [];
    for (const request of batch) {
      outcomes.push(
        await db.transaction((tx) => storeBatch(tx, [request]), PREPARED).then((o) => o[0]!, toAppError),
      );
    }
    return outcomes;
  }
}

async function storeBatch(tx: Queryable, batch: readonly IngestRequest[]) {
  await lockSettingsShared(tx);
  return withIdempotencyKeys(tx, batch, (requests) => storeRequests(tx, requests));
}

/**
 * Stores a batch with one statement per table, whatever the number of requests in it, then
 * attributes once. Each item is acknowledged as accepted by the first request in the batch that
 * brought it; any other copy, in the batch or stored before, is a duplicate.
 */
async function storeRequests(tx: Queryable, batch: readonly IngestRequest[]): Promise<IngestOutcome[]> {
  const fresh = await insertRawRequests(
    tx,
    batch.map(({ raw, events, reasons }) => ({ ...raw, outcome: raw.outcome ?? outcomeOf(events, reasons) })),
  );
  const stored = await storeEvents(
    tx,
    batch.filter((_, index) => fresh[index]).map((request) => request.events),
  );
  const warnings = await findIngestWarnings(
    tx,
    batch.map((request, index) => (fresh[index] ? request.events : null)),
  );
  const unclaimed = new Set([
    ...stored.changes.map((sha) => `c\n${sha}`),
    ...stored.deployments.map((d) => `d\n${d.source}\n${d.external_id}`),
    ...stored.incidents.map((i) => `i\n${i.source}\n${i.external_id}`),
    ...stored.artifacts.map((id) => `a\n${id}`),
  ]);
  return batch.map(({ events }, index) => {
    const keys = [
      ...events.changes.map((c) => `c\n${c.sha}`),
      ...events.deployments.map((d) => `d\n${d.source}\n${d.external_id}`),
      ...events.incidents.map((i) => `i\n${i.source}\n${i.external_id}`),
      ...events.artifacts.map((a) => `a\n${a.artifact}`),
    ];
    const accepted = fresh[index] ? keys.filter((key) => unclaimed.delete(key)).length : 0;
    const told = warnings[index] ?? [];
    return {
      accepted,
      duplicates: keys.length - accepted,
      stored: fresh[index] ?? false,
      ...(told.length > 0 ? { warnings: told } : {}),
    };
  });
}
