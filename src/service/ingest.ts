/**
 * The ingest use case every source shares: raw request + normalized rows + attribution in one
 * transaction, shared with concurrent requests (group commit), acknowledged only after commit.
 */
import type { AppError } from '../errors.ts';
import type { NormalizedEvents } from '../model/events.ts';
import type { Db, Queryable } from '../store/db.ts';
import { classifyDbError } from '../store/db-errors.ts';
import { upsertChanges } from '../store/changes.ts';
import { ensureServices, insertDeployments } from '../store/deployments.ts';
import { upsertIncidents } from '../store/incidents.ts';
import { insertRawRequests, type RawRequest } from '../store/raw-requests.ts';
import { attribute, type Touched } from './attribute.ts';
import { toAppError } from './failures.ts';
import { GroupCommitter } from './group-commit.ts';

export interface IngestRequest {
  raw: RawRequest;
  events: NormalizedEvents;
}

export interface IngestOutcome {
  accepted: number;
  duplicates: number;
}

export interface IngestService {
  ingest(request: IngestRequest): Promise<IngestOutcome>;
  /** Waits for every submitted request to be committed (graceful shutdown). */
  flush(): Promise<void>;
}

export function createIngestService(db: Db, maxBatch = 500): IngestService {
  const committer = new GroupCommitter<IngestRequest, IngestOutcome | AppError>(
    (batch) => runBatch(db, batch),
    maxBatch,
  );
  return {
    async ingest(request) {
      const outcome = await committer.submit(request).catch((error: unknown) => toAppError(error));
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    flush: () => committer.flush(),
  };
}

/** One transaction for the batch; if it fails for a reason other than the database, isolate the culprit. */
async function runBatch(db: Db, batch: IngestRequest[]): Promise<(IngestOutcome | AppError)[]> {
  try {
    return await db.transaction((tx) => storeBatch(tx, batch));
  } catch (error) {
    if (batch.length === 1 || classifyDbError(error) === 'unavailable') throw error;
    const outcomes: (IngestOutcome | AppError)[] = [];
    for (const request of batch) {
      outcomes.push(await db.transaction((tx) => storeBatch(tx, [request])).then((o) => o[0]!, toAppError));
    }
    return outcomes;
  }
}

export async function storeBatch(tx: Queryable, batch: readonly IngestRequest[]): Promise<IngestOutcome[]> {
  const fresh = await insertRawRequests(
    tx,
    batch.map((request) => request.raw),
  );
  const touched: Touched = { deployments: [], graphChanged: [], incidentIds: [] };
  const outcomes: IngestOutcome[] = [];
  for (const [index, { events }] of batch.entries()) {
    const total = events.changes.length + events.deployments.length + events.incidents.length;
    if (!fresh[index]) {
      outcomes.push({ accepted: 0, duplicates: total });
      continue;
    }
    const duplicates = await storeEvents(tx, events, touched);
    outcomes.push({ accepted: total - duplicates, duplicates });
  }
  await attribute(tx, touched);
  return outcomes;
}

/** Stores one request's events; returns how many were duplicates. */
async function storeEvents(tx: Queryable, events: NormalizedEvents, touched: Touched): Promise<number> {
  const changes = await upsertChanges(tx, events.changes);
  await ensureServices(tx, [
    ...events.deployments,
    ...events.incidents.flatMap((i) => (i.service ? [{ service: i.service }] : [])),
  ]);
  const deployments = await insertDeployments(tx, events.deployments);
  const incidents = await upsertIncidents(tx, events.incidents);
  touched.deployments.push(...deployments);
  touched.graphChanged.push(...changes.graphChanged);
  touched.incidentIds.push(...incidents.ids);
  return changes.existing.length + (events.deployments.length - deployments.length) + incidents.unchanged;
}
