/** The `Idempotency-Key` header of an ingest request, tied to its caller and its body. */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { IdempotencyKeyOf } from '../service/ingest/idempotency.ts';

/** Stripe's limit; a UUID is 36. Longer keys were a 500 (the key is indexed). */
const MAX_KEY_LENGTH = 255;

export function idempotencyKeyOf(request: FastifyRequest): IdempotencyKeyOf | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new AppError(
      'invalid_payload',
      `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters, sent once (a UUID is a good key).`,
      { field: 'Idempotency-Key' },
    );
  }
  return {
    principal: request.principal?.id ?? '',
    key,
    bodySha256: createHash('sha256')
      .update(request.rawBody ?? '')
      .digest('hex'),
  };
}
