/**
 * Recognises and validates a CDEvent (spec 0.4.x or 0.5.x, the CloudEvent's `data`) against the
 * specification's schema of its `context.type`; custom and unknown-version types get their envelope
 * checked only.
 */
import { AppError } from '../../errors.ts';
import { ENVELOPE_CHECKS, KNOWN_TYPES, type Family } from './cdevent-schemas.ts';

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
  const known = KNOWN_TYPES.get(type);
  const spec = known?.family ?? familyOf(value.context);
  const error = (known?.check ?? ENVELOPE_CHECKS[spec])(value);
  if (error) throw error;
  // The schema has just checked every field the Envelope names.
  const event = value as unknown as Envelope;
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
