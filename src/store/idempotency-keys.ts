import type { Queryable } from './db.ts';
import { asJsonParam } from './records.ts';

export interface IdempotencyKey {
  principal: string;
  endpoint: string;
  key: string;
}

export interface IdempotencyClaim extends IdempotencyKey {
  body_sha256: string;
}

export interface RecordedIdempotencyKey extends IdempotencyClaim {
  response: RecordedAnswer | null;
}

/** The answer given the first time; `warnings` as ingest worded them (present when there were some). */
export interface RecordedAnswer {
  accepted: number;
  duplicates: number;
  warnings?: unknown[] | undefined;
}

/** How long a key is remembered: a retry after that is a new request (Stripe's rule). */
const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/** Expired keys removed per claiming transaction: enough to outpace any arrival rate, never a long scan. */
const PRUNED_PER_CLAIM = 200;

/**
 * Claims the keys nobody holds (or whose holder expired) and returns those claimed. Inserted in key order, so two
 * transactions claiming overlapping keys wait for each other instead of deadlocking; a key held by
 * an uncommitted transaction waits for it to end (the unique index), so never both store.
 */
export async function insertIdempotencyKeys(
  tx: Queryable,
  claims: readonly IdempotencyClaim[],
): Promise<IdempotencyKey[]> {
  if (claims.length === 0) return [];
  return tx.query<IdempotencyKey>(
    `insert into idempotency_keys (principal, endpoint, key, body_sha256)
     select principal, endpoint, key, body_sha256
       from jsonb_to_recordset($1::text::jsonb) as c(principal text, endpoint text, key text, body_sha256 text)
      order by principal, endpoint, key
     on conflict (principal, endpoint, key) do update
       set body_sha256 = excluded.body_sha256, response = null, created_at = now()
       where idempotency_keys.created_at < now() - make_interval(hours => $2)
     returning principal, endpoint, key`,
    [asJsonParam(claims), IDEMPOTENCY_KEY_TTL_HOURS],
  );
}

/**
 * Forgets a few expired keys, oldest first. Run beside each claim, so the table holds about a day
 * of keys whatever the traffic, with no timer of its own; `skip locked` never waits on another
 * transaction's claim.
 */
export async function deleteExpiredIdempotencyKeys(tx: Queryable): Promise<void> {
  await tx.query(
    `delete from idempotency_keys
      where (principal, endpoint, key) in (
        select principal, endpoint, key from idempotency_keys
         where created_at < now() - make_interval(hours => $1)
         order by created_at limit $2
           for update skip locked)`,
    [IDEMPOTENCY_KEY_TTL_HOURS, PRUNED_PER_CLAIM],
  );
}

/** The committed claims of these keys, with the answer recorded for each. */
export async function selectIdempotencyKeys(
  tx: Queryable,
  keys: readonly IdempotencyKey[],
): Promise<RecordedIdempotencyKey[]> {
  if (keys.length === 0) return [];
  return tx.query<RecordedIdempotencyKey>(
    `select i.principal, i.endpoint, i.key, i.body_sha256, i.response
       from idempotency_keys i
       join jsonb_to_recordset($1::text::jsonb) as k(principal text, endpoint text, key text)
         on (i.principal, i.endpoint, i.key) = (k.principal, k.endpoint, k.key)`,
    [asJsonParam(keys)],
  );
}

export async function updateIdempotencyResponses(
  tx: Queryable,
  answers: readonly (IdempotencyKey & { response: RecordedAnswer })[],
): Promise<void> {
  if (answers.length === 0) return;
  await tx.query(
    `update idempotency_keys i set response = a.response
       from jsonb_to_recordset($1::text::jsonb) as a(principal text, endpoint text, key text, response jsonb)
      where (i.principal, i.endpoint, i.key) = (a.principal, a.endpoint, a.key)`,
    [asJsonParam(answers)],
  );
}
