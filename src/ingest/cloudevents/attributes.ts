/**
 * CloudEvents 1.0 context attributes, validated. The `cloudevents` SDK does not validate what it
 * parses, replaces a missing or invalid `time` with "now" and invents ids; a receiver that computes
 * lead times from occurrence times cannot accept either, so the attributes are checked here.
 */
import { Type } from '@sinclair/typebox';
import { AppError } from '../../errors.ts';
import { compileValidator } from '../../validation.ts';

const NonEmpty = Type.String({ minLength: 1 });

const AttributesSchema = Type.Object(
  {
    // 0.3 still comes from older SDKs (the Jenkins cdevents plugin); its core attributes are the same.
    specversion: Type.Unsafe<'1.0' | '0.3'>({ type: 'string', enum: ['1.0', '0.3'] }),
    id: NonEmpty,
    // A URI-reference: anything non-empty without white space.
    source: Type.String({ pattern: '^\\S+$' }),
    type: NonEmpty,
    time: Type.Optional(Type.String({ format: 'date-time' })),
    subject: Type.Optional(NonEmpty),
    datacontenttype: Type.Optional(NonEmpty),
    dataschema: Type.Optional(Type.String({ format: 'uri' })),
  },
  { additionalProperties: true },
);

const validateAttributes = compileValidator(AttributesSchema);

/** Attribute names the spec reserves; every other top-level name is an extension. */
const CORE_ATTRIBUTES = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'time',
  'subject',
  'datacontenttype',
  'dataschema',
  'data',
  'data_base64',
  // CloudEvents 0.3 names.
  'schemaurl',
  'datacontentencoding',
]);

export type Attributes = ReturnType<typeof validateAttributes>;

/**
 * Source, id and type identify an event in a unique index, whose row holds ~2.7 KB at most: longer
 * values were a 500. UTF-8 bytes, since that is what the index stores (a character may take four).
 */
const MAX_BYTES = { source: 1024, id: 512, type: 256 } as const;

function checkLengths(attributes: Attributes, fieldOf: (name: string) => string): void {
  for (const [name, max] of Object.entries(MAX_BYTES)) {
    if (Buffer.byteLength(attributes[name as keyof typeof MAX_BYTES], 'utf8') > max) {
      throw new AppError('invalid_payload', `${fieldOf(name)} is longer than ${max} bytes`, {
        field: fieldOf(name),
      });
    }
  }
}

/**
 * Validates the attributes and returns them with the extensions apart. `fieldOf` turns an attribute
 * name into the name the sender used (`ce-source` in binary mode, `[2].source` in a batch).
 */
export function parseAttributes(
  value: Record<string, unknown>,
  fieldOf: (name: string) => string,
): { attributes: Attributes; extensions: Record<string, string | number | boolean> } {
  let attributes: Attributes;
  try {
    attributes = validateAttributes(value);
  } catch (error) {
    if (!(error instanceof AppError) || error.field === undefined) throw error;
    const name = error.field;
    throw new AppError('invalid_payload', error.message.replace(name, fieldOf(name)), {
      field: fieldOf(name),
    });
  }
  checkLengths(attributes, fieldOf);
  const extensions: Record<string, string | number | boolean> = {};
  for (const [name, extension] of Object.entries(value)) {
    if (CORE_ATTRIBUTES.has(name)) continue;
    if (!/^[a-z0-9]+$/.test(name)) {
      throw new AppError(
        'invalid_payload',
        `${fieldOf(name)}: extension attribute names are lower-case letters and digits only`,
        { field: fieldOf(name) },
      );
    }
    if (typeof extension === 'string' || typeof extension === 'boolean' || Number.isInteger(extension)) {
      extensions[name] = extension as string | number | boolean;
    } else {
      throw new AppError(
        'invalid_payload',
        `${fieldOf(name)} must be a string, an integer or a boolean (an extension attribute)`,
        { field: fieldOf(name) },
      );
    }
  }
  return { attributes, extensions };
}
