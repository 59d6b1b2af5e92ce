/** A hand-written CloudEvent from test/fixtures/cloudevents, attributes apart from extensions. */
import { readFileSync } from 'node:fs';
import type { CloudEvent } from '../../src/ingest/cloudevents/event.ts';

export function fixture(name: string): CloudEvent {
  const url = new URL(`../fixtures/cloudevents/${name}.json`, import.meta.url);
  const json = JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
  const { specversion, id, source, type, time, subject, datacontenttype, data, ...extensions } = json;
  return { specversion, id, source, type, time, subject, datacontenttype, data, extensions } as CloudEvent;
}
