/**
 * Recognises and validates a CDEvent (spec 0.4.x or 0.5.x, the CloudEvent's `data`) against our own
 * schema of its `context.type`; custom and unknown-version types get their envelope checked only.
 */
import type { TObject } from '@sinclair/typebox';
import { AppError } from '../../errors.ts';
import { compileValidator } from '../../validation.ts';
import { contentSchemas, typeVersion } from './content-schemas.ts';
import { envelopeSchema, knownEventSchema, type Family } from './envelope-schemas.ts';

/**
 * `dev.cdevents.<subject>.<predicate>.<M.m.p>[-draft]` or custom
 * `dev.cdeventsx.<tool>-<subject>.<predicate>.<M.m.p>` (the spec's custom pattern, any number of digits).
 */
export const CDEVENTS_TYPE =
  /^dev\.(?:cdevents\.(?<subject>[a-zA-Z]+)|cdeventsx\.(?<tool>[a-zA-Z0-9]+)-(?<customSubject>[a-zA-Z]+))\.(?<predicate>[a-zA-Z]+)\.(?<version>\d+\.\d+\.\d+(?:-draft)?)$/;

export interface CdEvent {
  /** Spec release family: '0.4' (context.version, subject.type) or '0.5' (context.specversion). */
  spec: '0.4' | '0.5';
  /** E.g. 'service'; for custom types the part after `<tool>-`. */
  subject: string;
  /** E.g. 'deployed'. */
  predicate: string;
  /** E.g. '0.3.0'. */
  typeVersion: string;
  /** False for custom (dev.cdeventsx) types and type versions we have no schema for: envelope only. */
  known: boolean;
  context: {
    id: string;
    source: string;
    type: string;
    timestamp: string;
    chainId?: string;
    schemaUri?: string;
    links?: unknown[];
  };
  subjectId: string;
  subjectSource?: string;
  content: Record<string, unknown>;
  customData?: unknown;
  customDataContentType?: string;
}

/** The fields every valid event has, whatever its type's schema. */
interface Envelope {
  context: CdEvent['context'];
  subject: { id: string; source?: string; content: Record<string, unknown> };
  customData?: unknown;
  customDataContentType?: string;
}
type Check = (value: unknown) => Envelope;

/** Compiles on first use: most deployments see a handful of the 90 types. */
function lazy(schema: () => TObject): Check {
  let check: Check | undefined;
  // Every event schema has the Envelope's fields; TypeBox cannot infer it through the per-type builders.
  return (value) => (check ??= compileValidator(schema()) as unknown as Check)(value);
}

const FAMILIES: readonly Family[] = ['0.4', '0.5'];
const KNOWN = new Map<string, { spec: Family; check: Check }>();
for (const spec of FAMILIES) {
  for (const [key, content] of Object.entries(contentSchemas(spec))) {
    const type = `dev.cdevents.${key}.${typeVersion(key, spec)}`;
    KNOWN.set(type, { spec, check: lazy(() => knownEventSchema(spec, type, content)) });
  }
}
const ENVELOPE = { '0.4': lazy(() => envelopeSchema('0.4')), '0.5': lazy(() => envelopeSchema('0.5')) };

/**
 * Validates `value` (the CloudEvent's data) as a CDEvent; throws AppError('invalid_payload', …, { field })
 * naming the JSON path from the CDEvent root, e.g. `subject.content.environment`.
 */
export function parseCdEvent(value: unknown): CdEvent {
  if (!isObject(value)) {
    throw invalid('data', 'A CDEvent JSON object with context and subject is expected.');
  }
  const type = contextType(value);
  const match = CDEVENTS_TYPE.exec(type)?.groups;
  if (!match?.predicate || !match.version) {
    throw invalid(
      'context.type',
      `context.type "${type.slice(0, 200)}" is not a CDEvents type; expected ` +
        'dev.cdevents.<subject>.<predicate>.<version> such as dev.cdevents.service.deployed.0.3.0, ' +
        'or dev.cdeventsx.<tool>-<subject>.<predicate>.<version>',
    );
  }
  const { customData } = value;
  if (customData !== undefined && typeof customData !== 'string' && !isObject(customData)) {
    // ajv would only report the first branch of the union ("must be object").
    throw invalid('customData', 'customData must be a JSON object or a base64-encoded string');
  }
  const known = KNOWN.get(type);
  const spec = known?.spec ?? familyOf(value.context);
  const event = (known?.check ?? ENVELOPE[spec])(value);
  const { id, source, timestamp, chainId, schemaUri, links } = event.context;
  return withoutUndefined({
    spec,
    subject: match.subject ?? match.customSubject ?? '',
    predicate: match.predicate,
    typeVersion: match.version,
    known: known !== undefined,
    context: withoutUndefined({ id, source, type, timestamp, chainId, schemaUri, links }),
    subjectId: event.subject.id,
    subjectSource: event.subject.source,
    content: event.subject.content,
    customData: event.customData,
    customDataContentType: event.customDataContentType,
  });
}

function contextType(event: Record<string, unknown>): string {
  const context = event.context;
  if (context === undefined) throw invalid('context', 'context is required');
  if (!isObject(context)) throw invalid('context', 'context must be an object');
  if (context.type === undefined) throw invalid('context.type', 'context.type is required');
  if (typeof context.type !== 'string') throw invalid('context.type', 'context.type must be a string');
  return context.type;
}

/** For types we have no schema of, the envelope tells the release: 0.4 named the field `version`. */
function familyOf(context: unknown): Family {
  return isObject(context) && !('specversion' in context) && 'version' in context ? '0.4' : '0.5';
}

/** Leaves absent optional fields out rather than `undefined`, so results compare and print cleanly. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function invalid(field: string, message: string): AppError {
  return new AppError('invalid_payload', message, { field });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
