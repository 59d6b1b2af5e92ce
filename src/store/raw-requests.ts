import type { Queryable } from './db.ts';
import { asJsonParam } from './records.ts';

export interface RawRequest {
  source: string;
  delivery_id: string | null;
  content_type: string | null;
  headers: Record<string, string>;
  body: string;
}

/**
 * Stores requests verbatim and tells, per input, whether it was new. A request whose
 * (source, delivery id) was stored before, or earlier in the same batch, is a duplicate delivery.
 */
export async function insertRawRequests(tx: Queryable, requests: readonly RawRequest[]): Promise<boolean[]> {
  if (requests.length === 0) return [];
  const rows = await tx.query<{ source: string; delivery_id: string }>(
    `insert into raw_requests (source, delivery_id, content_type, headers, body)
     select source, delivery_id, content_type, headers, body
       from jsonb_to_recordset($1::text::jsonb)
         as r(source text, delivery_id text, content_type text, headers jsonb, body text)
     on conflict (source, delivery_id) where delivery_id is not null do nothing
     returning source, delivery_id`,
    [asJsonParam(requests)],
  );
  const fresh = new Set(rows.filter((row) => row.delivery_id !== null).map((row) => key(row)));
  return requests.map((request) => request.delivery_id === null || fresh.delete(key(request)));
}

const key = (row: { source: string; delivery_id: string | null }) => `${row.source}\n${row.delivery_id}`;
