/**
 * The native batches an import or the demo would have stored, posted instead to the native API of
 * the server holding the data folder: the same body (a JSON array), the same content-named
 * delivery id (as Idempotency-Key), so the server re-parses, stores and de-duplicates exactly what
 * the local path would have. Counts are the server's answer, never the number sent.
 */
import { AppError } from '../errors.ts';
import type { IngestRequest } from '../service/ingest/ingest.ts';
import type { NativeSink } from '../service/imports/ndjson-import.ts';
import type { ServerClient } from './server-client.ts';

const ENDPOINTS: Record<string, string> = {
  'api/changes': '/api/v1/changes',
  'api/deployments': '/api/v1/deployments',
  'api/incidents': '/api/v1/incidents',
};

interface Counts {
  accepted: number;
  duplicates: number;
}

export function serverIngest(server: ServerClient): NativeSink {
  return {
    async ingest({ raw }: IngestRequest) {
      const path = ENDPOINTS[raw.source];
      if (path === undefined) throw new Error(`No endpoint takes ${raw.source} requests`);
      return post(server, path, raw.body, raw.delivery_id, raw.headers['user-agent']);
    },
  };
}

/**
 * A batch over the server's body limit is sent in halves, each named after its parent so a second
 * run sends (and de-duplicates) the same requests.
 */
async function post(
  server: ServerClient,
  path: string,
  body: string,
  deliveryId: string | null,
  userAgent: string | undefined,
): Promise<Counts> {
  const headers: Record<string, string> = {};
  if (deliveryId !== null) headers['idempotency-key'] = deliveryId;
  if (userAgent !== undefined) headers['user-agent'] = userAgent;
  try {
    const answer = await server.exchange<Counts>('POST', path, body, headers);
    // A request sent before (same key, same body) is answered as it was then: nothing new is stored.
    if (answer.headers.get('idempotent-replayed') !== 'true') return answer.body;
    return { accepted: 0, duplicates: answer.body.accepted + answer.body.duplicates };
  } catch (error) {
    const items = error instanceof AppError && error.code === 'payload_too_large' ? parseArray(body) : [];
    if (items.length < 2) throw error;
    const middle = Math.ceil(items.length / 2);
    const halves = [items.slice(0, middle), items.slice(middle)];
    const counts = { accepted: 0, duplicates: 0 };
    for (const [index, half] of halves.entries()) {
      const id = deliveryId === null ? null : `${deliveryId}/${index + 1}`;
      const answer = await post(server, path, JSON.stringify(half), id, userAgent);
      counts.accepted += answer.accepted;
      counts.duplicates += answer.duplicates;
    }
    return counts;
  }
}

function parseArray(body: string): unknown[] {
  const value: unknown = JSON.parse(body);
  return Array.isArray(value) ? value : [];
}
