/**
 * Valid CloudEvents to mutate: the hand-written fixtures of test/fixtures/cloudevents and, when
 * ../shared is beside the project, every official CDEvents example wrapped as a CloudEvent. Plus
 * the binary-mode form of an event (`ce-*` headers, the data as body) and header-safe junk.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { boundaryString, oddDate } from './junk.ts';

type Json = Record<string, unknown>;

const FIXTURES = new URL('../fixtures/cloudevents/', import.meta.url);
const CDEVENTS = new URL('../../../shared/fixtures/cdevents/', import.meta.url);

const readJson = (url: URL) => JSON.parse(readFileSync(url, 'utf8')) as Json;
const jsonFiles = (url: URL) =>
  readdirSync(url)
    .filter((name) => name.endsWith('.json'))
    .sort();

function cdeventSeeds(): Json[] {
  if (!existsSync(CDEVENTS)) return [];
  return jsonFiles(CDEVENTS).map((file) => {
    const data = readJson(new URL(file, CDEVENTS));
    const context = data.context as { type: string; source: string };
    return {
      specversion: '1.0',
      id: file,
      source: context.source,
      type: context.type,
      datacontenttype: 'application/json',
      data,
    };
  });
}

export const SEEDS: Json[] = [
  ...jsonFiles(FIXTURES).map((file) => readJson(new URL(file, FIXTURES))),
  ...cdeventSeeds(),
];

export const seed = fc.constantFrom(...SEEDS).map((event) => structuredClone(event));

/** Binary mode: attributes and extensions as percent-encoded `ce-*` headers, the data as the body. */
export function toBinary(event: Json): { headers: Record<string, string>; body: string } {
  const { data, datacontenttype, ...attributes } = event;
  const headers: Record<string, string> = {
    'content-type': typeof datacontenttype === 'string' ? datacontenttype : 'application/json',
  };
  for (const [name, value] of Object.entries(attributes)) {
    headers[`ce-${name.toLowerCase()}`] = encodeHeader(
      typeof value === 'string' ? value : JSON.stringify(value),
    );
  }
  return { headers, body: typeof data === 'string' ? data : (JSON.stringify(data) ?? '') };
}

/** What undici lets through as a header value: visible ASCII, percent-encoding the rest. */
export const encodeHeader = (value: string) =>
  value.replace(/[^\x20-\x7e]|%/gu, (char) => {
    try {
      return encodeURIComponent(char);
    } catch {
      return '%EF%BF%BD';
    }
  });

/**
 * Header values a sender might put in a `ce-*` header, all transmittable and under Node's 16 KiB
 * header limit (beyond it Node answers 431 before any route runs).
 */
export const headerJunk = fc.oneof(
  fc.constantFrom('', ' ', '%', '%ZZ', '%F0%9F%98%80', '%C0%AF', '%00', '"quoted"', '"', '1.0', '0.3', '2.0'),
  boundaryString.map(encodeHeader).filter((value) => value.length < 4096),
  oddDate.map(encodeHeader),
  fc.string({ maxLength: 40 }).map(encodeHeader),
);
