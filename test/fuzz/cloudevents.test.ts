/**
 * Fuzzing POST /api/v1/cloudevents in its three modes: valid events (fixtures and the CDEvents
 * examples) mutated field by field in structured mode, in binary mode with junk `ce-*` headers, and
 * batches mixing them with junk; raw bytes under the CloudEvents media types. Every answer is a 2xx
 * or a stable 4xx, every rejected batch item carries a registered code, and an event re-delivered,
 * alone or inside a batch, is stored once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { backends, type TestDb } from '../helpers/backends.ts';
import { headerJunk, seed, toBinary } from './cloudevent-seeds.ts';
import { check, fuzz, registeredStatus, startFuzzServer, type FuzzServer } from './harness.ts';
import { contentType, junkValue, nearValid, rawBody } from './junk.ts';

const PATH = '/api/v1/cloudevents';
const STRUCTURED = { 'content-type': 'application/cloudevents+json' };
const BATCH = { 'content-type': 'application/cloudevents-batch+json' };

interface Result {
  status: string;
  error?: { code: string; message: string };
}
interface BatchAnswer {
  stored: number;
  duplicates: number;
  rejected: number;
  results: Result[];
}

function assertBatch(answer: BatchAnswer, items: number, context: string): void {
  assert.ok(Array.isArray(answer?.results), `not a batch answer: ${JSON.stringify(answer)} for ${context}`);
  assert.equal(answer.results.length, items, context);
  assert.equal(answer.stored + answer.duplicates + answer.rejected, items, context);
  for (const result of answer.results) {
    if (result.status !== 'rejected') continue;
    const status = registeredStatus(result.error?.code);
    assert.ok(status !== undefined && status < 500, `${JSON.stringify(result)} in ${context}`);
  }
}

const headerName = fc.oneof(
  fc.constantFrom('specversion', 'id', 'source', 'type', 'time', 'subject', 'datacontenttype', 'dataschema'),
  fc.stringMatching(/^[a-z0-9]{1,20}$/),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
);

for (const backend of backends()) {
  describe(`CloudEvents fuzzing on ${backend.name}`, () => {
    let testDb: TestDb;
    let server: FuzzServer;
    let tags = 0;

    before(async () => {
      testDb = await backend.create();
      server = await startFuzzServer(testDb.db);
    });
    after(async () => {
      console.log(`cloudevents on ${backend.name}: ${server.cases} requests`);
      await server.close();
      await testDb.drop();
    });

    test('structured mode: mutated events get a 2xx or a stable 4xx', async () => {
      await fuzz(nearValid(seed), async (event) => {
        const body = JSON.stringify(event) ?? 'null';
        await check(server, { method: 'POST', path: PATH, headers: STRUCTURED, body });
      });
    });

    test('binary mode: junk ce-* headers, media types and data get a 2xx or a stable 4xx', async () => {
      const cases = fc.record({
        event: seed,
        data: fc.option(junkValue),
        type: fc.option(contentType),
        set: fc.array(fc.tuple(headerName, headerJunk), { maxLength: 3 }),
        drop: fc.array(headerName, { maxLength: 2 }),
      });
      await fuzz(cases, async (input) => {
        const binary = toBinary(input.event);
        for (const [name, value] of input.set) binary.headers[`ce-${name}`] = value;
        for (const name of input.drop) delete binary.headers[`ce-${name}`];
        if (input.type !== null) binary.headers['content-type'] = input.type;
        const body = input.data === null ? binary.body : (JSON.stringify(input.data) ?? '');
        await check(server, { method: 'POST', path: PATH, headers: binary.headers, body });
      });
    });

    test('batch mode: mutated events and junk items each get a result with a stable code', async () => {
      const items = fc.array(fc.oneof(nearValid(seed), seed, junkValue), { maxLength: 5 });
      await fuzz(items, async (batch) => {
        const body = JSON.stringify(batch);
        const response = await check(server, { method: 'POST', path: PATH, headers: BATCH, body });
        if (response.status === 200) assertBatch(response.json as BatchAnswer, batch.length, body);
      });
    });

    test('raw bytes under any media type get a 2xx or a stable 4xx', async () => {
      await fuzz(fc.record({ type: fc.option(contentType), body: rawBody }), async (input) => {
        const headers: Record<string, string> = input.type === null ? {} : { 'content-type': input.type };
        await check(server, { method: 'POST', path: PATH, headers, body: input.body });
      });
    });

    test('an event re-delivered, alone or with copies in a batch, is stored once', async () => {
      const cases = fc.record({
        events: fc.array(seed, { minLength: 1, maxLength: 4 }),
        copies: fc.array(fc.nat(), { maxLength: 3 }),
      });
      await fuzz(cases, async ({ events, copies }) => {
        const tag = `fuzz-${++tags}`;
        const unique = events.map((event, index) => ({ ...event, source: tag, id: `event-${index}` }));
        const batch = [...unique, ...copies.map((i) => unique[i % unique.length]!)];
        const body = JSON.stringify(batch);
        const first = await check(server, { method: 'POST', path: PATH, headers: BATCH, body });
        const answer = first.json as BatchAnswer;
        assertBatch(answer, batch.length, body);
        assert.deepEqual(
          [answer.stored, answer.duplicates, answer.rejected],
          [unique.length, copies.length, 0],
          first.text,
        );
        const single = JSON.stringify(unique[0]);
        const again = await check(server, { method: 'POST', path: PATH, headers: STRUCTURED, body: single });
        assert.equal((again.json as Result).status, 'duplicate', again.text);
        const rows = await testDb.db.query<{ n: number }>(
          `select count(*)::int as n from raw_requests where source = 'cloudevents' and delivery_id like $1`,
          [`${tag}\n%`],
        );
        assert.equal(rows[0]!.n, unique.length);
      });
    });
  });
}
