/**
 * Our CDEvents parser against the spec's own files (../shared/fixtures/cdevents, releases 0.5.1 and
 * 0.4.1): every conformance example is accepted and read right, and our hand-written schemas match the
 * spec's schema files keyword by keyword. The spec's files are read here only, never by src/.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../src/errors.ts';
import { contentSchemas, typeVersion } from '../../src/ingest/cdevents/content-schemas.ts';
import { knownEventSchema, type Family } from '../../src/ingest/cdevents/envelope-schemas.ts';
import { parseCdEvent } from '../../src/ingest/cdevents/parse.ts';

const ROOT = new URL('../../../shared/fixtures/cdevents/', import.meta.url);
const skip = existsSync(ROOT) ? false : `the CDEvents fixtures are not at ${fileURLToPath(ROOT)}`;
const RELEASES: { spec: Family; dir: string }[] = [
  { spec: '0.5', dir: '' },
  { spec: '0.4', dir: 'v0.4.1/' },
];

type Json = Record<string, unknown>;
const read = (path: string): Json => JSON.parse(readFileSync(new URL(path, ROOT), 'utf8')) as Json;
const jsonFiles = (dir: string) =>
  readdirSync(new URL(dir, ROOT))
    .filter((name) => name.endsWith('.json'))
    .sort();
const at = (value: unknown, key: string): Json => (value as Json)[key] as Json;

for (const { spec, dir } of RELEASES) {
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

  test(`our ${spec} schemas match the spec's schema files keyword by keyword`, { skip }, async (t) => {
    const ours = contentSchemas(spec);
    const theirs = jsonFiles(`${dir}schemas/`).map((file) => read(`${dir}schemas/${file}`));
    const ourTypes = Object.keys(ours).map((key) => `dev.cdevents.${key}.${typeVersion(key, spec)}`);
    assert.deepEqual(ourTypes.sort(), theirs.map(specType).sort());
    const links = embeddedLinks(`${dir}schemas/links/`);
    for (const schema of theirs) {
      const type = specType(schema);
      const key = type.split('.').slice(2, 4).join('.');
      await t.test(type, () => {
        const content = ours[key];
        assert.ok(content, `no content schema for ${key}`);
        const ourSchema = ourLinksAsAnyOf(JSON.parse(JSON.stringify(knownEventSchema(spec, type, content))));
        assert.deepEqual(normalize(ourSchema), normalize(resolveLinks(schema, links)));
      });
    }
  });
}

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

/** The one type a spec schema file accepts, from its `context.type` enum. */
function specType(schema: Json): string {
  const type = at(at(at(at(schema, 'properties'), 'context'), 'properties'), 'type');
  return String((type.enum as unknown[])[0]);
}

/** Sets (or with undefined deletes) the field at a dotted path such as `context.links[0].linkType`. */
function edit(root: Json, path: string, value: unknown): void {
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  const last = keys.pop() ?? '';
  const parent = keys.reduce<Json>((node, key) => at(node, key), root);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}

function embeddedLinks(dir: string): Record<string, Json> {
  const names = ['embeddedlinkend', 'embeddedlinkpath', 'embeddedlinkrelation'];
  return Object.fromEntries(names.map((name) => [name, read(`${dir}${name}.json`)]));
}

/** Inlines the spec's `$ref: links/embeddedlinksarray` (an anyOf of the three embedded links). */
function resolveLinks(schema: Json, links: Record<string, Json>): Json {
  const copy = structuredClone(schema);
  at(at(at(copy, 'properties'), 'context'), 'properties').links = {
    type: 'array',
    items: { anyOf: Object.values(links).map((link) => ({ type: 'object', ...link })) },
  };
  return copy;
}

/** Ours says the same anyOf as if/then on linkType (for readable errors): turn it back for comparison. */
function ourLinksAsAnyOf(schema: Json): Json {
  const links = at(at(at(at(schema, 'properties'), 'context'), 'properties'), 'links');
  const items = at(links, 'items');
  links.items = { anyOf: (items.allOf as Json[]).map((branch) => branch.then) };
  return schema;
}

/** Removes what does not change which documents validate, so both sides can be compared with deepEqual. */
function normalize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalize);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (['$schema', '$id', 'default', 'example'].includes(key)) continue;
    if (key === 'properties' && typeof value === 'object' && value !== null && !Object.keys(value).length) {
      continue;
    }
    if (key === 'description' && typeof value === 'string') continue;
    if (key === 'additionalProperties' && value === true) continue;
    if (key === 'required' && Array.isArray(value)) {
      if (value.length) out.required = [...(value as string[])].sort();
    } else if (key === 'enum' && Array.isArray(value) && value.length === 1) out.const = value[0];
    else if (key === 'oneOf' || key === 'anyOf') {
      const branches = suggestedValues(value as Json[]);
      if (branches.length === 1) Object.assign(out, normalize(branches[0]));
      else out.anyOf = normalize(branches);
    } else out[key] = normalize(value);
  }
  return out;
}

/** `anyOf: [{ enum: [...] }, { type: 'string' }]` accepts any string: the enum only suggests values. */
function suggestedValues(branches: Json[]): Json[] {
  const open = branches.find((branch) => branch.type === 'string' && !('enum' in branch));
  const allStrings = branches.every((branch) => branch.type === 'string');
  return allStrings && open && branches.length === 2 ? [open] : branches;
}
