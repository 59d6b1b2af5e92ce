import type { FastifyRequest } from 'fastify';

/** Headers worth keeping with a raw request; credentials never are. */
const KEPT_HEADERS = ['content-type', 'user-agent', 'idempotency-key', 'x-request-id'];

/**
 * The raw-log entry for a request; `source` names the parser that replay will use. An
 * Idempotency-Key is kept in the headers but is no delivery id: it belongs to a token (idempotency_keys).
 */
export function rawRequestOf(request: FastifyRequest, source: string, deliveryId?: string) {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return {
    source,
    delivery_id: deliveryId ?? null,
    content_type: request.headers['content-type'] ?? null,
    headers,
    body: request.rawBody ?? JSON.stringify(request.body ?? null),
  };
}
