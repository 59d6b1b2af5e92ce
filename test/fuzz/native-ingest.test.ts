/**
 * Fuzzing the native ingest API (POST /api/v1/changes, /deployments, /incidents): arbitrary
 * bytes under any media type, arbitrary JSON, and valid events mutated field by field all get a 2xx
 * or a well-formed 4xx; valid events, alone or in batches holding copies, are stored exactly once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { backends, type TestDb } from '../helpers/backends.ts';
import { check, fuzz, startFuzzServer, type FuzzServer } from './harness.ts';
import { contentType, junkValue, nearValid, rawBody } from './junk.ts';
import { keyOf, tagged, VALID, type Kind } from './native-events.ts';

const KINDS: Kind[] = ['changes', 'deployments', 'incidents'];
const kind = fc.constantFrom(...KINDS);
const json = { 'content-type': 'application/json' };

/** Rows of this case: every identity carries its hex tag (native-events.ts `tagged`). */
const ROWS: Record<Kind, string> = {
  changes: `select count(*)::int as n from changes where sha like $1`,
  deployments: `select count(*)::int as n from deployments where source = 'api' and service like $1`,
  incidents: `select count(*)::int as n from incidents where source = 'api' and external_id like $1`,
};

for (const backend of backends()) {
  describe(`native ingest fuzzing on ${backend.name}`, () => {
    let testDb: TestDb;
    let server: FuzzServer;
    let tags = 0;

    before(async () => {
      testDb = await backend.create();
      server = await startFuzzServer(testDb.db);
    });
    after(async () => {
      console.log(`native ingest on ${backend.name}: ${server.cases} requests`);
      await server.close();
      await testDb.drop();
    });

    test('any bytes under any media type get a 2xx or a stable 4xx', async () => {
      await fuzz(fc.record({ kind, type: fc.option(contentType), body: rawBody }), async (input) => {
        const headers: Record<string, string> = input.type === null ? {} : { 'content-type': input.type };
        await check(server, { method: 'POST', path: `/api/v1/${input.kind}`, headers, body: input.body });
      });
    });

    test('any JSON value gets a 2xx or a stable 4xx', async () => {
      const body = fc.oneof(
        junkValue,
        fc.array(junkValue, { maxLength: 4 }),
        fc.dictionary(fc.string(), junkValue),
      );
      await fuzz(fc.record({ kind, body }), async (input) => {
        const text = JSON.stringify(input.body) ?? 'null';
        await check(server, { method: 'POST', path: `/api/v1/${input.kind}`, headers: json, body: text });
      });
    });

    test('valid events mutated field by field get a 2xx or a stable 4xx, counting every item', async () => {
      const cases = kind.chain((k) =>
        fc.record({
          kind: fc.constant(k),
          body: fc.oneof(nearValid(VALID[k]), nearValid(fc.array(VALID[k], { minLength: 1, maxLength: 3 }))),
        }),
      );
      await fuzz(cases, async (input) => {
        const text = JSON.stringify(input.body) ?? 'null';
        const response = await check(server, {
          method: 'POST',
          path: `/api/v1/${input.kind}`,
          headers: json,
          body: text,
        });
        if (response.status === 202) {
          const items = Array.isArray(input.body) ? input.body.length : 1;
          const { accepted, duplicates } = response.json as { accepted: number; duplicates: number };
          assert.equal(accepted + duplicates, items, `${text} → ${response.text}`);
        }
      });
    });

    test('valid events, posted twice and with copies in one batch, are stored exactly once', async () => {
      const cases = kind.chain((k) =>
        fc.record({
          kind: fc.constant(k),
          events: fc.array(VALID[k], { minLength: 1, maxLength: 6 }),
          copies: fc.array(fc.nat(), { maxLength: 4 }),
          single: fc.boolean(),
        }),
      );
      await fuzz(cases, async ({ kind: k, events, copies, single }) => {
        const tag = ++tags;
        const unique = events.map((event) => tagged(k, event, tag));
        const batch = single ? [unique[0]!] : [...unique, ...copies.map((i) => unique[i % unique.length]!)];
        const body = JSON.stringify(single ? batch[0] : batch);
        const distinct = new Set(batch.map((event) => keyOf(k, event))).size;
        const request = { method: 'POST', path: `/api/v1/${k}`, headers: json, body };
        const first = await check(server, request);
        assert.equal(first.status, 202, `${body} → ${first.text}`);
        // Counts only: random environments and service-less incidents also bring `warnings`.
        const counts = ({ accepted, duplicates }: { accepted: number; duplicates: number }) => ({
          accepted,
          duplicates,
        });
        assert.deepEqual(
          counts(first.json as never),
          { accepted: distinct, duplicates: batch.length - distinct },
          body,
        );
        const again = await check(server, request);
        assert.deepEqual(counts(again.json as never), { accepted: 0, duplicates: batch.length }, body);
        const prefix = `${tag.toString(16).padStart(8, '0')}${k === 'changes' ? '' : '-'}%`;
        const rows = await testDb.db.query<{ n: number }>(ROWS[k], [prefix]);
        assert.equal(rows[0]!.n, distinct, body);
      });
    });
  });
}
