/**
 * Our own JSON Schemas of the CDEvents envelope (context, subject, customData) for spec releases 0.4.1
 * and 0.5.1, written from the spec's schema files (STANDARDS.md §2), plus the primitives the content
 * schemas share. Every level refuses unknown fields, as the spec's schemas do, except where noted.
 */
import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';

/** '0.4': `context.version` and a required `subject.type`; '0.5': `context.specversion` instead. */
export type Family = '0.4' | '0.5';

export const strict = { additionalProperties: false } as const;
export const Text = Type.String();
export const NonEmpty = Type.String({ minLength: 1 });
export const Uri = Type.String({ format: 'uri' });
export const UriRef = Type.String({ minLength: 1, format: 'uri-reference' });
/** A plain `enum` keeps ajv's error readable ("must be one of: …") where a union of literals would not. */
export const OneOf = <T extends string>(values: readonly T[], options: { minLength?: number } = {}) =>
  Type.Unsafe<T>({ type: 'string', ...options, enum: values });
/** `{ id, source }` reference to another subject (environment, repository, service, change, pipelineRun). */
export const Ref = Type.Object({ id: NonEmpty, source: Type.Optional(UriRef) }, strict);

// The spec's link objects leave `from` / `target` open (no additionalProperties: false).
const ContextId = Type.Object({ contextId: NonEmpty });
const Tags = Type.Object({}, { additionalProperties: true });
const LINKS = {
  END: Type.Object(
    { linkType: Type.Literal('END'), from: Type.Optional(ContextId), tags: Type.Optional(Tags) },
    strict,
  ),
  PATH: Type.Object({ linkType: Type.Literal('PATH'), from: ContextId, tags: Type.Optional(Tags) }, strict),
  RELATION: Type.Object(
    {
      linkType: Type.Literal('RELATION'),
      linkKind: NonEmpty,
      target: Type.Object({ contextId: Type.Optional(NonEmpty) }),
      tags: Type.Optional(Tags),
    },
    strict,
  ),
};
type EmbeddedLink = Static<(typeof LINKS)[keyof typeof LINKS]>;

/**
 * The spec's `anyOf` of the three embedded links, written as if/then on `linkType` so that ajv's first
 * error names the broken field (`context.links[1].from is required`) instead of the first branch tried.
 */
const Link = Type.Unsafe<EmbeddedLink>({
  type: 'object',
  required: ['linkType'],
  properties: { linkType: OneOf(['END', 'PATH', 'RELATION']) },
  allOf: Object.entries(LINKS).map(([linkType, schema]) => ({
    if: { properties: { linkType: { const: linkType } }, required: ['linkType'] },
    then: schema,
  })),
});

const CustomData = Type.Union([
  Type.Object({}, { additionalProperties: true }),
  // The spec only annotates the encoding (contentEncoding is not an assertion in JSON Schema).
  Type.String({ contentEncoding: 'base64' }),
]);

// The test subjects' schemas leave `context.source` and `subject.source` without a format.
const LOOSE_SOURCE_SUBJECTS = new Set(['testcaserun', 'testsuiterun', 'testoutput']);
const SUBJECT_TYPE_04: Record<string, string> = {
  pipelinerun: 'pipelineRun',
  taskrun: 'taskRun',
  testcaserun: 'testCaseRun',
  testsuiterun: 'testSuiteRun',
  testoutput: 'testOutput',
};

function contextSchema(family: Family, type: TSchema, source: TSchema) {
  return Type.Object(
    {
      [family === '0.4' ? 'version' : 'specversion']: NonEmpty,
      id: NonEmpty,
      source,
      type,
      timestamp: Type.String({ format: 'date-time' }),
      schemaUri: Type.Optional(Type.String({ minLength: 1, format: 'uri' })),
      chainId: Type.Optional(NonEmpty),
      links: Type.Optional(Type.Array(Link)),
    },
    strict,
  );
}

function eventSchema(context: TObject, subject: TObject) {
  return Type.Object(
    { context, subject, customData: Type.Optional(CustomData), customDataContentType: Type.Optional(Text) },
    strict,
  );
}

/** The whole event of one known type, e.g. `dev.cdevents.service.deployed.0.3.0` with its content schema. */
export function knownEventSchema(family: Family, type: string, content: TObject) {
  const subjectName = type.split('.')[2] ?? '';
  const loose = LOOSE_SOURCE_SUBJECTS.has(subjectName);
  const subjectTypeValue = OneOf([SUBJECT_TYPE_04[subjectName] ?? subjectName], { minLength: 1 });
  // 0.4 requires subject.type; 0.5.1 dropped it everywhere but left it optional in ticket.closed.
  const subjectType: TProperties =
    family === '0.4'
      ? { type: subjectTypeValue }
      : type.startsWith('dev.cdevents.ticket.closed.')
        ? { type: Type.Optional(subjectTypeValue) }
        : {};
  const subject = Type.Object(
    { id: NonEmpty, source: Type.Optional(loose ? Text : UriRef), ...subjectType, content },
    strict,
  );
  return eventSchema(contextSchema(family, Type.Literal(type), loose ? NonEmpty : UriRef), subject);
}

/** The envelope alone, after the spec's custom-event schema: for custom types and unknown type versions. */
export function envelopeSchema(family: Family) {
  const subject = Type.Object(
    {
      id: NonEmpty,
      source: Type.Optional(UriRef),
      ...(family === '0.4' ? { type: Type.Optional(NonEmpty) } : {}),
      content: Type.Object({}, { additionalProperties: true }),
    },
    strict,
  );
  return eventSchema(contextSchema(family, NonEmpty, UriRef), subject);
}
