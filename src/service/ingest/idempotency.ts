/**
 * Idempotency-Key (Stripe's rule): a key belongs to the token that sent it, per endpoint, and to the
 * body it came with. The same token, key and body get the answer recorded the first time, without
 * storing anything; the same key with another body is refused (422); another token's key of the
 * same name is another key. A key is remembered for a day, then a retry with it is a new request. Claims live in the ingest transaction, so an answer is recorded exactly
 * when what it acknowledges is committed.
 */
import { AppError } from '../../errors.ts';
import type { Queryable } from '../../store/db.ts';
import {
  deleteExpiredIdempotencyKeys,
  insertIdempotencyKeys,
  selectIdempotencyKeys,
  updateIdempotencyResponses,
  type IdempotencyClaim,
} from '../../store/idempotency-keys.ts';
import type { IngestWarning } from './ingest-warnings.ts';

export interface IdempotencyKeyOf {
  /** The token's id; '' when authentication is off. */
  principal: string;
  key: string;
  /** SHA-256 of the request body, hex. */
  bodySha256: string;
}

export interface KeyedRequest {
  raw: { source: string };
  idempotency?: IdempotencyKeyOf | undefined;
}

export interface Answer {
  accepted: number;
  duplicates: number;
  stored: boolean;
  /** The recorded answer of an earlier request with the same key and body. */
  replayed?: true | undefined;
  warnings?: IngestWarning[] | undefined;
}

/** What a request does about its key: store (and record), repeat an answer, or be refused. */
type Verdict =
  | { kind: 'store'; record: boolean }
  | { kind: 'replay'; answer: Omit<Answer, 'stored'> }
  | { kind: 'follow'; index: number }
  | { kind: 'reused'; error: AppError };

const claimOf = (request: KeyedRequest): IdempotencyClaim | undefined =>
  request.idempotency && {
    principal: request.idempotency.principal,
    endpoint: request.raw.source,
    key: request.idempotency.key,
    body_sha256: request.idempotency.bodySha256,
  };

const idOf = (claim: Omit<IdempotencyClaim, 'body_sha256'>) =>
  `${claim.principal}\n${claim.endpoint}\n${claim.key}`;

const reused = (key: string): Verdict => ({
  kind: 'reused',
  error: new AppError(
    'idempotency_key_reused',
    `The Idempotency-Key "${key}" was already used with another body; send a new key for a new request.`,
    { field: 'Idempotency-Key' },
  ),
});

/**
 * Stores the requests `store` is given, in the caller's transaction: those without a key, and the
 * first of each key nobody holds yet; answers the others from what their key recorded.
 */
export async function withIdempotencyKeys<R extends KeyedRequest>(
  tx: Queryable,
  batch: readonly R[],
  store: (requests: R[]) => Promise<Answer[]>,
): Promise<(Answer | AppError)[]> {
  const verdicts = await judge(tx, batch);
  const stored = batch.filter((_, index) => verdicts[index]!.kind === 'store');
  const answers = await store(stored);
  const answerOf = new Map(stored.map((request, index) => [request, answers[index]!]));
  await updateIdempotencyResponses(
    tx,
    batch.flatMap((request, index) => {
      const verdict = verdicts[index]!;
      const { accepted, duplicates, warnings } = answerOf.get(request) ?? { accepted: 0, duplicates: 0 };
      return verdict.kind === 'store' && verdict.record
        ? [{ ...claimOf(request)!, response: { accepted, duplicates, ...(warnings ? { warnings } : {}) } }]
        : [];
    }),
  );
  return batch.map((request, index) => {
    const verdict = verdicts[index]!;
    switch (verdict.kind) {
      case 'store':
        return answerOf.get(request)!;
      case 'replay':
        return { ...verdict.answer, stored: false, replayed: true };
      case 'follow': {
        const { accepted, duplicates, warnings } = answerOf.get(batch[verdict.index]!)!;
        return { accepted, duplicates, stored: false, replayed: true, ...(warnings ? { warnings } : {}) };
      }
      case 'reused':
        return verdict.error;
    }
  });
}

/** A verdict per request: claims the free keys, reads the held ones, pairs repeats within the batch. */
async function judge(tx: Queryable, batch: readonly KeyedRequest[]): Promise<Verdict[]> {
  const claims = batch.map(claimOf);
  const first = new Map<string, number>();
  claims.forEach((claim, index) => {
    if (claim && !first.has(idOf(claim))) first.set(idOf(claim), index);
  });
  const firsts = [...first.values()].map((index) => claims[index]!);
  if (firsts.length > 0) await deleteExpiredIdempotencyKeys(tx);
  const claimed = new Set((await insertIdempotencyKeys(tx, firsts)).map(idOf));
  const held = await selectIdempotencyKeys(
    tx,
    firsts.filter((claim) => !claimed.has(idOf(claim))),
  );
  const heldById = new Map(held.map((row) => [idOf(row), row]));
  const verdictOfFirst = (claim: IdempotencyClaim): Verdict => {
    if (claimed.has(idOf(claim))) return { kind: 'store', record: true };
    const row = heldById.get(idOf(claim));
    if (!row?.response) throw new Error(`Idempotency-Key "${claim.key}" is neither free nor recorded.`);
    if (row.body_sha256 !== claim.body_sha256) return reused(claim.key);
    return {
      kind: 'replay',
      answer: {
        accepted: row.response.accepted,
        duplicates: row.response.duplicates,
        // Recorded by this service from its own answer: the same shape.
        ...(row.response.warnings ? { warnings: row.response.warnings as IngestWarning[] } : {}),
      },
    };
  };
  const verdicts: Verdict[] = [];
  claims.forEach((claim, index) => {
    if (!claim) return void verdicts.push({ kind: 'store', record: false });
    const firstIndex = first.get(idOf(claim))!;
    if (firstIndex === index) return void verdicts.push(verdictOfFirst(claim));
    if (claims[firstIndex]!.body_sha256 !== claim.body_sha256) return void verdicts.push(reused(claim.key));
    const verdictOfFirstRequest = verdicts[firstIndex]!;
    verdicts.push(
      verdictOfFirstRequest.kind === 'store' ? { kind: 'follow', index: firstIndex } : verdictOfFirstRequest,
    );
  });
  return verdicts;
}
