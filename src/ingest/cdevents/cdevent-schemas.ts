/**
 * The specification's JSON Schemas (upstream-schemas.ts) compiled with Ajv's 2020 build, as the
 * spec's own tests do: each event type's validator on first use (most installations see a handful
 * of the 90 types), the link schemas registered by `$id` for the events' `links/…` references.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { AppError } from '../../errors.ts';
import { toValidationError } from '../../validation.ts';
import { CUSTOM_EVENT_SCHEMA, SPEC_RELEASES, type JsonSchema, type SpecRelease } from './upstream-schemas.ts';

// ajv-formats ships CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export type Family = SpecRelease['family'];
export type EventCheck = (value: unknown) => AppError | undefined;

// verbose: an anyOf error then carries its branches, which mostSpecific needs.
const ajv = new Ajv2020({
  allErrors: false,
  strict: true,
  coerceTypes: false,
  useDefaults: false,
  verbose: true,
});
addFormats(ajv, ['date-time', 'uri', 'uri-reference']);
// The spec annotates a few fields with `example`, which 2020-12 does not define (the spec's own tests
// compile with strict off); declared as an annotation, strict mode stays on for everything else.
ajv.addKeyword({ keyword: 'example' });
for (const release of SPEC_RELEASES) for (const link of release.links) ajv.addSchema(link);

/** Validators of every known `context.type`, compiled when first asked for. */
export const KNOWN_TYPES: ReadonlyMap<string, { family: Family; check: EventCheck }> = new Map(
  SPEC_RELEASES.flatMap(({ family, events }) =>
    events.map((schema) => [pinnedType(schema), { family, check: lazy(() => schema) }] as const),
  ),
);

/** The envelope alone (the custom-event schema, any type string): custom types and unknown versions. */
export const ENVELOPE_CHECKS: Readonly<Record<Family, EventCheck>> = {
  '0.5': lazy(() => envelopeSchema('0.5')),
  '0.4': lazy(() => envelopeSchema('0.4')),
};

function lazy(schema: () => JsonSchema): EventCheck {
  let compiled: { validate: ValidateFunction; linksId: string } | undefined;
  return (value) => {
    compiled ??= { validate: ajv.compile(schema()), linksId: linksSchemaId(schema()) };
    const { validate, linksId } = compiled;
    if (validate(value)) return undefined;
    return toValidationError(mostSpecific(validate.errors ?? [], value, linksId));
  };
}

/** Where `context.links` points (`links/embeddedlinksarray`, from the event's `$id`). */
function linksSchemaId(schema: JsonSchema): string {
  const context = (schema.properties as Record<string, JsonSchema>).context!;
  const links = (context.properties as Record<string, JsonSchema>).links!;
  return new URL(String(links.$ref), String(schema.$id)).href;
}

/** The one type an event schema accepts: its `context.type` enum. */
function pinnedType(schema: JsonSchema): string {
  const context = (schema.properties as Record<string, JsonSchema>).context!;
  const type = (context.properties as Record<string, JsonSchema>).type!;
  return String((type.enum as unknown[])[0]);
}

/**
 * The custom-event schema with any type string (CDEVENTS_TYPE has matched it already); for 0.4,
 * the release's `context.version` in place of `specversion` and its optional `subject.type`.
 * Its `$id` is moved under the release so `links/…` resolve to that release's link schemas.
 */
function envelopeSchema(family: Family): JsonSchema {
  const schema = structuredClone(CUSTOM_EVENT_SCHEMA) as {
    $id: string;
    properties: { context: ObjectSchema; subject: ObjectSchema };
  };
  const { context, subject } = schema.properties;
  context.properties.type = { type: 'string', minLength: 1 };
  if (family === '0.4') {
    schema.$id = 'https://cdevents.dev/0.4.1/schema/envelope';
    const { specversion, ...rest } = context.properties;
    context.properties = { version: specversion!, ...rest };
    context.required = context.required.map((name) => (name === 'specversion' ? 'version' : name));
    subject.properties.type = { type: 'string', minLength: 1 };
  } else {
    schema.$id = 'https://cdevents.dev/0.5.1/schema/envelope';
  }
  return schema;
}
interface ObjectSchema {
  properties: Record<string, JsonSchema>;
  required: string[];
}

/**
 * The error that names the broken field. A failed `anyOf` (the links: END, PATH or RELATION) reports
 * each branch's first error, which for the wrong branches is beside the point: the branch whose
 * single-valued fields (`linkType`) the value has is validated again for its own error; with no such
 * branch, the allowed values of those fields are the error. Other `anyOf`s (a suggested enum or any
 * string) keep their first branch error that is not an enum's.
 */
function mostSpecific(
  errors: readonly ErrorObject[],
  root: unknown,
  linksId: string,
): ErrorObject | undefined {
  const anyOf = errors.find((error) => error.keyword === 'anyOf');
  if (!anyOf) return errors[0];
  const value = valueAt(root, anyOf.instancePath);
  // The only anyOf with references is the links array's: they resolve against its `$id`.
  const branches = (anyOf.schema as JsonSchema[]).map((branch) => resolveBranch(branch, linksId));
  const tagged = branches.filter((branch) => branch.tags.length > 0);
  if (tagged.length === 0 || !isObject(value)) {
    return errors.find((error) => error !== anyOf && error.keyword !== 'enum') ?? errors[0];
  }
  const matching = tagged.find((branch) => branch.tags.every(([name, allowed]) => value[name] === allowed));
  if (matching?.validate && !matching.validate(value)) {
    const error = matching.validate.errors?.[0];
    if (error) return { ...error, instancePath: anyOf.instancePath + error.instancePath };
  }
  const [name] = tagged[0]!.tags[0]!;
  return {
    ...anyOf,
    keyword: 'enum',
    instancePath: `${anyOf.instancePath}/${name}`,
    params: { allowedValues: tagged.map((branch) => branch.tags.find(([tag]) => tag === name)?.[1]) },
  };
}

interface Branch {
  /** Fields the branch pins to one value, e.g. `['linkType', 'PATH']`. */
  tags: [string, unknown][];
  validate: ValidateFunction | undefined;
}

function resolveBranch(branch: JsonSchema, baseId: string): Branch {
  const ref = typeof branch.$ref === 'string' ? new URL(branch.$ref, baseId).href : undefined;
  const validate = ref ? ajv.getSchema(ref) : undefined;
  const schema = (validate?.schema ?? branch) as JsonSchema;
  const properties = (isObject(schema.properties) ? schema.properties : {}) as Record<string, JsonSchema>;
  const tags = Object.entries(properties).flatMap(([name, property]): [string, unknown][] =>
    Array.isArray(property.enum) && property.enum.length === 1 ? [[name, property.enum[0]]] : [],
  );
  return { tags, validate };
}

function valueAt(root: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (node, key) =>
        isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined,
      root,
    );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
