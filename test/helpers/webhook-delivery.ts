/** What the webhook adapter tests share: fixtures, payload edits, the catalog context and error checks. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AppError } from '../../src/errors.ts';
import type { WebhookContext } from '../../src/ingest/webhooks/webhook.ts';

export type Json = Record<string, unknown>;

/** An empty catalog: every repository is its own service, named like its last path segment. */
export const REPOSITORY_NAME_CONTEXT: WebhookContext = {
  serviceForRepository: (repository) => repository.split('/').pop() ?? repository,
};

export interface WebhookFixtureFile {
  headers: Record<string, string>;
  body: Json;
  params: Record<string, string>;
}

/** test/fixtures/webhooks/<folder>/<name>.json, parsed afresh (callers may change it). */
export function readWebhookFixture(folder: string, name: string): WebhookFixtureFile {
  const url = new URL(`../fixtures/webhooks/${folder}/${name}.json`, import.meta.url);
  const parsed = JSON.parse(readFileSync(url, 'utf8')) as Partial<WebhookFixtureFile>;
  return { headers: parsed.headers ?? {}, body: parsed.body ?? {}, params: parsed.params ?? {} };
}

/** A copy with the fields at dotted paths (`commits.1.id`) set, or deleted when undefined. */
export function withFields(payload: Json, fields: Json): Json {
  const copy = structuredClone(payload);
  for (const [path, value] of Object.entries(fields)) {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    const parent = keys.reduce((node, key) => node[key] as Json, copy);
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return copy;
}

/** `run` must throw the adapters' 400: `invalid_payload` naming `field`. */
export function assertInvalidField(run: () => unknown, field: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, 'invalid_payload');
    assert.equal(error.field, field);
    return true;
  });
}
