import type { FastifyRequest } from 'fastify';

/** Headers worth keeping with a raw request; credentials never are. */
const KEPT_HEADERS = ['content-type', 'user-agent', 'idempotency-key', 'x-request-id'];

/** The raw-log entry for a request; `source` names the parser that replay will use. */
export function rawRequestOf(request: FastifyRequest, source: string, deliveryId?: string) {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const idempotencyKey = request.headers['idempotency-key'];
  return {
    source,
    delivery_id: deliveryId ?? (typeof idempotencyKey === 'string' ? idempotencyKey : null),
    content_type: request.headers['content-type'] ?? null,
    headers,
    body: request.rawBody ?? JSON.stringify(request.body ?? null),
  };
}
