/**
 * The CloudEvents HTTP protocol binding: binary, structured and batched modes, chosen by
 * `Content-Type`. Each event keeps the raw form it arrived in (a batch is split into structured
 * events), which is what the raw log stores and what replay parses again with this same code.
 */
import secureJson from 'secure-json-parse';
import { AppError } from '../../errors.ts';
import { parseAttributes } from './attributes.ts';
import type { CloudEvent } from './event.ts';

/** One CloudEvent in the form the raw log keeps. */
export interface RawCloudEvent {
  content_type: string | null;
  /** Binary mode: the `ce-*` headers, names in lower case. */
  headers: Record<string, string>;
  body: string;
}

export type BatchItem = { raw: RawCloudEvent; event: CloudEvent } | { raw: RawCloudEvent; error: AppError };

export type ParsedRequest =
  | { mode: 'binary' | 'structured'; raw: RawCloudEvent; event: CloudEvent }
  | { mode: 'batch'; items: BatchItem[] };

const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json';
const STRUCTURED = /^application\/cloudevents(\+[\w.-]+)?\s*(;|$)/i;
const BATCH = /^application\/cloudevents-batch(\+[\w.-]+)?\s*(;|$)/i;
const JSON_DATA = /^(application\/([\w.+-]+\+)?json|text\/json)\s*(;|$)/i;

/** Parses a request (or a raw-log entry) into its events; throws AppError 400/415 naming the field. */
export function parseCloudEventsRequest(
  contentType: string | undefined | null,
  headers: Record<string, string | string[] | undefined>,
  body: string,
): ParsedRequest {
  const type = contentType ?? '';
  if (BATCH.test(type)) {
    requireJsonFormat(type, 'batch');
    return { mode: 'batch', items: parseBatch(body) };
  }
  if (STRUCTURED.test(type)) {
    requireJsonFormat(type, 'structured');
    const raw = { content_type: type, headers: {}, body };
    return { mode: 'structured', raw, event: parseStructured(parseJson(body, 'body'), (name) => name) };
  }
  return { mode: 'binary', ...parseBinary(contentType ?? null, headers, body) };
}

function requireJsonFormat(contentType: string, mode: string): void {
  const format = /^application\/cloudevents(?:-batch)?(\+[\w.-]+)?/i.exec(contentType)?.[1];
  if (format === undefined || format.toLowerCase() === '+json') return;
  throw new AppError(
    'unsupported_media_type',
    `${contentType}: only the JSON event format is supported in ${mode} mode (application/cloudevents+json)`,
    { field: 'content-type' },
  );
}

function parseBatch(body: string): BatchItem[] {
  const items = parseJson(body, 'body');
  if (!Array.isArray(items)) {
    throw new AppError('invalid_payload', 'A batch is a JSON array of structured events.', { field: 'body' });
  }
  return items.map((item: unknown, index) => {
    const raw = { content_type: STRUCTURED_CONTENT_TYPE, headers: {}, body: itemText(item, index) };
    try {
      return { raw, event: parseStructured(item, (name) => `[${index}].${name}`, `[${index}]`) };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { raw, error };
    }
  });
}

/**
 * JSON.parse takes nesting JSON.stringify cannot write back (its recursion overflows, a 500 found by
 * test/fuzz); such an item is refused with the request.
 */
function itemText(item: unknown, index: number): string {
  try {
    return JSON.stringify(item);
  } catch (cause) {
    throw new AppError('invalid_payload', `[${index}] is nested too deeply to be a CloudEvent`, {
      field: `[${index}]`,
      cause,
    });
  }
}

function parseStructured(value: unknown, fieldOf: (name: string) => string, self = 'body'): CloudEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('invalid_payload', 'A structured CloudEvent is a JSON object.', { field: self });
  }
  const record = value as Record<string, unknown>;
  const { attributes, extensions } = parseAttributes(record, fieldOf);
  if ('data' in record && 'data_base64' in record) {
    throw new AppError('invalid_payload', `${fieldOf('data')} and data_base64 are mutually exclusive`, {
      field: fieldOf('data_base64'),
    });
  }
  // In the JSON format an absent datacontenttype means application/json.
  const dataType = attributes.datacontenttype ?? 'application/json';
  let data: unknown = record.data;
  if (record.data_base64 !== undefined) {
    if (typeof record.data_base64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(record.data_base64)) {
      throw new AppError('invalid_payload', `${fieldOf('data_base64')} must be base64`, {
        field: fieldOf('data_base64'),
      });
    }
    data = decodeData(Buffer.from(record.data_base64, 'base64').toString('utf8'), dataType, fieldOf('data'));
  }
  return { ...attributes, data, extensions };
}

function parseBinary(
  contentType: string | null,
  headers: Record<string, string | string[] | undefined>,
  body: string,
): { raw: RawCloudEvent; event: CloudEvent } {
  const kept: Record<string, string> = {};
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('ce-') || value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : value;
    kept[lower] = text;
    attributes[lower.slice(3)] = decodeHeader(text, lower);
  }
  if (attributes.specversion === undefined) {
    throw new AppError(
      'unsupported_media_type',
      `Not a CloudEvent: send ce-specversion, ce-id, ce-source and ce-type headers (binary mode) or ` +
        `Content-Type ${STRUCTURED_CONTENT_TYPE} (structured mode).`,
      { field: 'content-type' },
    );
  }
  if (attributes.datacontenttype !== undefined) {
    throw new AppError('invalid_payload', 'ce-datacontenttype must not be sent: Content-Type carries it', {
      field: 'ce-datacontenttype',
    });
  }
  if (contentType !== null) attributes.datacontenttype = contentType;
  const { attributes: valid, extensions } = parseAttributes(attributes, (name) => `ce-${name}`);
  const data = body === '' ? undefined : decodeData(body, contentType ?? '', 'body');
  return { raw: { content_type: contentType, headers: kept, body }, event: { ...valid, data, extensions } };
}

/** Header values are percent-encoded and may be quoted (RFC 7230); decoded exactly once. */
function decodeHeader(value: string, name: string): string {
  const unquoted = /^".*"$/.test(value) ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
  try {
    return decodeURIComponent(unquoted);
  } catch {
    throw new AppError('invalid_payload', `${name} is not valid percent-encoded UTF-8`, { field: name });
  }
}

function decodeData(text: string, contentType: string, field: string): unknown {
  return JSON_DATA.test(contentType) ? parseJson(text, field) : text;
}

function parseJson(text: string, field: string): unknown {
  try {
    return secureJson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' });
  } catch (cause) {
    throw new AppError('invalid_payload', `${field} is not valid JSON: ${(cause as Error).message}`, {
      field,
      cause,
    });
  }
}
