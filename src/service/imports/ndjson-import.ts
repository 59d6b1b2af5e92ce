/**
 * `fivekeys import ndjson`: native API lines (ndjson-native.ts) validated one by one with the
 * endpoints' parsers and written through the ingest path in batches. Each batch is one raw request
 * of one type whose body is the JSON array of its lines, stored under that endpoint's source, so
 * `fivekeys replay` re-parses it like a posted request. A bad line is reported and skipped; it
 * never stops the file.
 */
import { createHash } from 'node:crypto';
import secureJson from 'secure-json-parse';
import { AppError } from '../../errors.ts';
import type { NormalizedEvents } from '../../model/events.ts';
import type { IngestOutcome, IngestRequest } from '../ingest/ingest.ts';
import {
  isLineType,
  LINE_TYPES,
  parseNativeBody,
  reasonOf,
  SOURCE_OF,
  type LineType,
} from './ndjson-native.ts';

/**
 * Where native batches go: the ingest service, or the native API of the server holding the data
 * folder (src/cli/server-ingest.ts). Either answers only once the rows are committed.
 */
export interface NativeSink {
  ingest(request: IngestRequest): Promise<Pick<IngestOutcome, 'accepted' | 'duplicates'>>;
}

export interface LineError {
  line: number;
  message: string;
  field?: string | undefined;
}

export interface ImportSummary {
  /** Lines read, blank ones included. */
  lines: number;
  blank: number;
  imported: number;
  duplicates: number;
  failed: number;
  /** The first errors (all are passed to `onError`). */
  errors: LineError[];
}

export interface ImportOptions {
  /** Lines per raw request (default: BATCH_LINES) and its body size in bytes (default 1 MiB, the HTTP default). */
  batchLines?: number;
  batchBytes?: number;
  userAgent?: string;
  onError?: (error: LineError) => void;
  /** After each batch is committed. */
  onProgress?: (summary: ImportSummary) => void;
}

const KEPT_ERRORS = 1000;

/**
 * Failures that are not about the lines: the database away, or the server holding the data folder
 * refusing our token. Every later batch would fail the same way, so they stop the import.
 */
export const stopsImport = (error: unknown): boolean =>
  error instanceof AppError &&
  (error.code === 'database_unavailable' || error.code === 'unauthorized' || error.code === 'forbidden');

/**
 * Deployments go in small batches: the git range of each is walked back to the last deployment
 * stored before its batch, so a batch of n deployments of one stream walks O(n²) commits (measured
 * on PGlite: 2,000 deployments over 20,000 commits take 78 s in batches of 500, 12 s in 25).
 */
const BATCH_LINES: Record<LineType, number> = { change: 500, deployment: 25, incident: 500 };

export async function importNdjson(
  ingest: NativeSink,
  lines: AsyncIterable<string>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const summary: ImportSummary = { lines: 0, blank: 0, imported: 0, duplicates: 0, failed: 0, errors: [] };
  const fail = (error: LineError) => {
    summary.failed += 1;
    if (summary.errors.length < KEPT_ERRORS) summary.errors.push(error);
    options.onError?.(error);
  };
  const batches = new Map(LINE_TYPES.map((type) => [type, new Batch(type)]));
  const flush = async (batch: Batch) => {
    if (batch.size === 0) return;
    await writeBatch(ingest, batch.take(), summary, fail, options.userAgent);
    options.onProgress?.(summary);
  };
  for await (const text of lines) {
    summary.lines += 1;
    if (text.trim() === '') {
      summary.blank += 1;
      continue;
    }
    const line = parseOrReport(text, summary.lines, fail);
    if (!line) continue;
    const batch = batches.get(line.type)!;
    if (batch.conflicts(line)) await flush(batch);
    batch.add(line, summary.lines, Buffer.byteLength(text));
    const full = batch.size >= (options.batchLines ?? BATCH_LINES[line.type]);
    if (full || batch.bytes >= (options.batchBytes ?? 1 << 20)) await flush(batch);
  }
  for (const batch of batches.values()) await flush(batch);
  return summary;
}

interface ParsedLine {
  type: LineType;
  body: Record<string, unknown>;
  events: NormalizedEvents;
}

function parseOrReport(text: string, number: number, fail: (error: LineError) => void) {
  try {
    return parseLine(text);
  } catch (error) {
    const field = error instanceof AppError ? error.field : undefined;
    fail({ line: number, message: reasonOf(error), field });
    return undefined;
  }
}

function parseLine(text: string): ParsedLine {
  let value: unknown;
  try {
    value = secureJson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' });
  } catch (cause) {
    throw new AppError('invalid_payload', `not valid JSON: ${(cause as Error).message}`, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('invalid_payload', 'a line must be one JSON object');
  }
  const { type, ...body } = value as Record<string, unknown>;
  if (!isLineType(type)) {
    const given = type === undefined ? 'is missing' : `is ${JSON.stringify(type)}`;
    throw new AppError('invalid_payload', `type ${given}; use one of: ${LINE_TYPES.join(', ')}`, {
      field: 'type',
    });
  }
  return { type, body, events: parseNativeBody(type, body) };
}

/**
 * The lines of one type waiting for the next raw request. A line that repeats a key already waiting
 * (the same sha or id, or a deployment finishing at the same instant in the same stream, whose tie
 * is broken by storage order) goes to the next request, so the result is that of posting the lines
 * one by one in file order.
 */
class Batch {
  private lines: { line: ParsedLine; number: number }[] = [];
  private keys = new Set<string>();
  bytes = 0;

  constructor(readonly type: LineType) {}

  get size(): number {
    return this.lines.length;
  }

  conflicts(line: ParsedLine): boolean {
    return keysOf(line).some((key) => this.keys.has(key));
  }

  add(line: ParsedLine, number: number, bytes: number): void {
    this.lines.push({ line, number });
    for (const key of keysOf(line)) this.keys.add(key);
    this.bytes += bytes + 1;
  }

  take() {
    const taken = { type: this.type, lines: this.lines };
    this.lines = [];
    this.keys = new Set();
    this.bytes = 0;
    return taken;
  }
}

function keysOf({ events }: ParsedLine): string[] {
  return [
    ...events.changes.map((change) => `sha\n${change.sha}`),
    ...events.deployments.flatMap((d) => [
      `id\n${d.external_id}`,
      `stream\n${d.service}\n${d.environment}\n${new Date(d.finished_at).getTime()}`,
    ]),
    ...events.incidents.map((incident) => `id\n${incident.external_id}`),
  ];
}

async function writeBatch(
  ingest: NativeSink,
  batch: ReturnType<Batch['take']>,
  summary: ImportSummary,
  fail: (error: LineError) => void,
  userAgent = 'fivekeys import ndjson',
): Promise<void> {
  const events: NormalizedEvents = { changes: [], deployments: [], incidents: [], artifacts: [] };
  for (const { line } of batch.lines) {
    events.changes.push(...line.events.changes);
    events.deployments.push(...line.events.deployments);
    events.incidents.push(...line.events.incidents);
  }
  try {
    const bodies = batch.lines.map(({ line }) => line.body);
    const outcome = await ingestNativeBatch(ingest, batch.type, bodies, events, userAgent);
    summary.imported += outcome.accepted;
    summary.duplicates += outcome.duplicates;
  } catch (error) {
    if (stopsImport(error)) throw error;
    for (const { number } of batch.lines) fail({ line: number, message: reasonOf(error) });
  }
}

/**
 * Writes native bodies of one type (and the events parsed from them) as one raw request of that
 * endpoint's source. Named by its content: importing the same bodies again is a duplicate
 * delivery, not a new request.
 */
export function ingestNativeBatch(
  ingest: NativeSink,
  type: LineType,
  bodies: readonly Record<string, unknown>[],
  events: NormalizedEvents,
  userAgent: string,
  deliveryPrefix = 'ndjson',
): Promise<Pick<IngestOutcome, 'accepted' | 'duplicates'>> {
  const body = JSON.stringify(bodies);
  return ingest.ingest({
    raw: {
      source: SOURCE_OF[type],
      delivery_id: `${deliveryPrefix}:${createHash('sha256').update(body).digest('hex')}`,
      content_type: 'application/json',
      headers: { 'content-type': 'application/json', 'user-agent': userAgent },
      body,
    },
    events,
  });
}
