/**
 * Our CDEvents parser against the spec's own files (../shared/fixtures/cdevents, releases 0.5.1 and
 * 0.4.1): every conformance example is accepted and read right, broken ones are refused naming the
 * field, and the schemas vendored in src/ingest/cdevents/schemas are the spec's files unchanged.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../src/errors.ts';
import type { Family } from '../../src/ingest/cdevents/cdevent-schemas.ts';
import { parseCdEvent } from '../../src/ingest/cdevents/parse.ts';

const ROOT = new URL('../../../shared/fixtures/cdevents/', import.meta.url);
const VENDORED = new URL('../../src/ingest/cdevents/schemas/', import.meta.url);
const skip = existsSync(ROOT) ? false : `the CDEvents fixtures are not at ${fileURLToPath(ROOT)}`;
const RELEASES: { spec: Family; dir: string; vendored: string }[] = [
  { spec: '0.5', dir: '', vendored: 'v0.5.1/' },
  { spec: '0.4', dir: 'v0.4.1/', vendored: 'v0.4.1/' },
];

type Json = Record<string, unknown>;
const read = (path: string): Json => JSON.parse(readFileSync(new URL(path, ROOT), 'utf8')) as Json;
const jsonFiles = (dir: string) =>
  readdirSync(new URL(dir, ROOT))
    .filter((name) => name.endsWith('.json'))
    .sort();
const at = (value: unknown, key: string): Json => (value as Json)[key] as Json;

for (const { spec, dir, vendored } of RELEASES) {
  test(
    `every ${spec} conformance example is accepted with its subject, predicate and version`,
    { skip },
    async (t) => {
      const files = jsonFiles(dir);
      assert.equal(files.length, 45);
      for (const file of files) {
        await t.test(file, () => {
          const example = read(dir + file);
          const type = String(at(example, 'context').type);
          const [subject, predicate] = file.replace('.json', '').split('_');
          const event = parseCdEvent(example);
          assert.deepEqual(
            [event.spec, event.known, event.subject, event.predicate, event.context.type],
            [spec, true, subject, predicate, type],
          );
          assert.equal(`dev.cdevents.${subject}.${predicate}.${event.typeVersion}`, type);
          assert.equal(event.subjectId, at(example, 'subject').id);
          assert.deepEqual(event.content, at(example, 'subject').content);
        });
      }
    },
  );

  test(`the vendored ${spec} schemas are the spec's files byte for byte`, { skip }, () => {
    const bytes = (url: URL) => readFileSync(url, 'utf8');
    const events = jsonFiles(`${dir}schemas/`);
    assert.equal(events.length, 45);
    assert.deepEqual(
      readdirSync(new URL(vendored, VENDORED))
        .filter((name) => name.endsWith('.json'))
        .sort(),
      events,
    );
    for (const file of events) {
      assert.equal(
        bytes(new URL(`${vendored}${file}`, VENDORED)),
        bytes(new URL(`${dir}schemas/${file}`, ROOT)),
        file,
      );
    }
    for (const file of readdirSync(new URL(`${vendored}links/`, VENDORED))) {
      assert.equal(
        bytes(new URL(`${vendored}links/${file}`, VENDORED)),
        bytes(new URL(`${dir}schemas/links/${file}`, ROOT)),
        file,
      );
    }
  });
}

for (const { spec, dir } of RELEASES) {
  test(
    `every ${spec} example loses each required field or gains an unknown one: refused, naming it`,
    { skip },
    (t) => {
      let refused = 0;
      for (const file of jsonFiles(dir)) {
        const schema = read(`${dir}schemas/${file.replace('.json', '').replace('_', '')}.json`);
        for (const [path, level] of objectLevels(schema)) {
          for (const name of (level.required as string[] | undefined) ?? []) {
            refused += refuses(dir + file, `${path}.${name}`, undefined, /is required$/);
          }
          if (level.additionalProperties === false) {
            refused += refuses(dir + file, `${path}.unexpected`, 'x', /is not a known field$/);
          }
        }
      }
      t.diagnostic(`${refused} mutated ${spec} examples refused with the field named`);
      assert.ok(refused > 45 * 8, String(refused));
    },
  );
}

/** context, subject and subject.content of an event schema, by their paths. */
function objectLevels(schema: Json): [string, Json][] {
  const context = at(at(schema, 'properties'), 'context');
  const subject = at(at(schema, 'properties'), 'subject');
  return [
    ['context', context],
    ['subject', subject],
    ['subject.content', at(at(subject, 'properties'), 'content')],
  ];
}

/** 1 once `file` with `path` set to `value` (deleted for undefined) is refused naming `path`. */
function refuses(file: string, path: string, value: unknown, message: RegExp): number {
  const example = read(file);
  edit(example, path, value);
  assert.throws(
    () => parseCdEvent(example),
    (error) => error instanceof AppError && error.field === path && message.test(error.message),
    `${file} with ${path} = ${String(value)}`,
  );
  return 1;
}

test('the vendored custom-event schema is the spec file', { skip }, () => {
  assert.equal(
    readFileSync(new URL('v0.5.1/custom/schema.json', VENDORED), 'utf8'),
    readFileSync(new URL('custom/schema.json', ROOT), 'utf8'),
  );
});

test('the custom conformance example is accepted with only its envelope checked', { skip }, () => {
  const event = parseCdEvent(read('custom/conformance.json'));
  assert.deepEqual(
    [event.spec, event.known, event.subject, event.predicate, event.typeVersion],
    ['0.5', false, 'resource', 'created', '0.1.0'],
  );
});

const BROKEN: [file: string, path: string, value: unknown, message: RegExp][] = [
  ['service_deployed.json', 'subject.content.environment', undefined, /is required/],
  ['v0.4.1/service_deployed.json', 'subject.content.artifactId', undefined, /is required/],
  ['artifact_packaged.json', 'subject.content.change.id', undefined, /is required/],
  ['change_merged.json', 'context.id', undefined, /is required/],
  ['v0.4.1/change_merged.json', 'subject.type', undefined, /is required/],
  ['incident_reported.json', 'subject.content.severity', 'high', /is not a known field/],
  ['v0.4.1/environment_created.json', 'context.specversion', '0.5.1', /is not a known field/],
  ['ticket_created.json', 'subject.type', 'ticket', /is not a known field/],
  ['pipelinerun_finished.json', 'subject.content.outcome', 'passed', /must be one of: success, failure/],
  ['testcaserun_finished.json', 'subject.content.outcome', 'pass', /must be one of: success, failure/],
  ['v0.4.1/testcaserun_finished.json', 'subject.content.outcome', 'success', /must be one of: pass, fail/],
  ['testoutput_published.json', 'subject.content.outputType', 'pdf', /must be one of: report/],
  ['change_merged.json', 'context.links[0].linkType', 'NEXT', /must be one of: END, PATH, RELATION/],
  ['incident_reported.json', 'subject.content.ticketURI', 'not a uri', /must be a valid uri/],
  ['service_deployed.json', 'context.timestamp', '20 March 2023', /ISO 8601/],
];

test('a broken example is refused with the JSON path of the broken field', { skip }, () => {
  for (const [file, path, value, message] of BROKEN) {
    const example = read(file);
    edit(example, path, value);
    assert.throws(
      () => parseCdEvent(example),
      (error) => error instanceof AppError && error.field === path && message.test(error.message),
      `${file} with ${path} = ${String(value)}`,
    );
  }
});

/** Sets (or with undefined deletes) the field at a dotted path such as `context.links[0].linkType`. */
function edit(root: Json, path: string, value: unknown): void {
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  const last = keys.pop() ?? '';
  const parent = keys.reduce<Json>((node, key) => at(node, key), root);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}
