/**
 * What the server's thread and PGlite's thread (pglite-thread.ts, pglite-worker.ts) say to each
 * other. Everything crosses by structured clone, which keeps rows as PGlite parsed them (Date,
 * Uint8Array, numbers, JSON objects, null) but drops an Error's own properties: errors travel as
 * plain objects and are rebuilt with them, since callers read `code` (23505 → duplicate, SQLSTATE
 * classes → retry) and its siblings.
 */

/** What PGlite's thread receives when it starts. */
export interface PgliteStart {
  /** Undefined: in memory. */
  dataDir: string | undefined;
  startParams: string[];
  maxPrepared: number;
}

/** `tx`: the statement runs in that open transaction (numbered by the server's thread). */
export type PgliteCall =
  | { op: 'query'; sql: string; params: readonly unknown[] | undefined; tx?: number }
  | { op: 'exec'; sql: string; tx?: number }
  | { op: 'begin'; tx: number; prepare: boolean }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'close' };

export type PgliteRequest = PgliteCall & { id: number };

export type PgliteReply =
  { ready: true } | { id: number; result: unknown } | { id: number; error: SentError };

export interface SentError {
  name: string;
  message: string;
  stack: string | undefined;
  properties: Record<string, unknown>;
}

export function toSentError(error: unknown): SentError {
  if (!(error instanceof Error))
    return { name: 'Error', message: String(error), stack: undefined, properties: {} };
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    // PostgreSQL's fields are strings; `params` and `queryOptions` (PGlite's) may hold what cannot cross.
    if (value === undefined || typeof value === 'function') continue;
    try {
      properties[key] = structuredClone(value);
    } catch {
      // not cloneable (a function inside): left out
    }
  }
  return { name: error.name, message: error.message, stack: error.stack, properties };
}

export function fromSentError(sent: SentError): Error {
  const error = Object.assign(new Error(sent.message), sent.properties);
  error.name = sent.name;
  if (sent.stack) error.stack = sent.stack;
  return error;
}
