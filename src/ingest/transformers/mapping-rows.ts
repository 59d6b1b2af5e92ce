/**
 * The rows a mapping rule's expressions built, checked and normalized exactly like a request to the
 * native API (same schemas, same messages, prefixed with the rule), then stamped with the rule as source.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../errors.ts';
import type { NormalizedEvents } from '../../model/events.ts';
import { compileValidator } from '../../validation.ts';
import type { CloudEvent } from '../cloudevents/event.ts';
import { ChangeSchema, DeploymentSchema, IncidentSchema } from '../native-schemas.ts';
import { parseNativeChanges, parseNativeDeployments, parseNativeIncidents } from '../native.ts';

export type Kind = 'change' | 'deployment' | 'incident';
export const KINDS = ['change', 'deployment', 'incident'] as const;
export const PLURAL = { change: 'changes', deployment: 'deployments', incident: 'incidents' } as const;

const SCHEMAS = { change: ChangeSchema, deployment: DeploymentSchema, incident: IncidentSchema };
const VALIDATORS = {
  change: compileValidator(ChangeSchema),
  deployment: compileValidator(DeploymentSchema),
  incident: compileValidator(IncidentSchema),
};
/** JSONata collapses a one-item sequence to the item: `data.commits.id` is a string for one commit. */
const ARRAY_FIELDS = Object.fromEntries(
  KINDS.map((kind) => {
    const properties = Object.entries(SCHEMAS[kind].properties);
    return [kind, properties.flatMap(([key, value]) => (value.type === 'array' ? [key] : []))];
  }),
) as Record<Kind, string[]>;

export interface RowContext {
  event: CloudEvent;
  rule: string;
  /** The rows mapped so far from this event, appended to. */
  events: NormalizedEvents;
}

/** `prefix` names the row in errors: `deployment`, `changes[3]`. */
export function appendRow(
  kind: Kind,
  row: unknown,
  prefix: string,
  { event, rule, events }: RowContext,
): void {
  const value = isRecord(row) ? wrapArrays(kind, row) : row;
  if (kind === 'deployment' && isRecord(value) && value.id === undefined) {
    value.id = eventKey(event, events.deployments.length);
  }
  const source = `mapping/${rule}`;
  try {
    // Validated here for errors that name the row (`changes[3].sha`); the parser checks it again, cheaply.
    const valid = VALIDATORS[kind](value, prefix);
    if (kind === 'change') events.changes.push(...parseNativeChanges(valid));
    if (kind === 'deployment') {
      events.deployments.push(...parseNativeDeployments(valid).map((mapped) => ({ ...mapped, source })));
    }
    if (kind === 'incident') {
      events.incidents.push(...parseNativeIncidents(valid).map((mapped) => ({ ...mapped, source })));
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new AppError('invalid_payload', `rule "${rule}": ${error.message}`, {
      ...(error.field === undefined ? {} : { field: error.field }),
      cause: error,
    });
  }
}

/**
 * CloudEvents' own unique key (source + id), not a content hash: a re-sent event is then a duplicate
 * even when its content changed. Later rows of one event are numbered; long keys are hashed to fit.
 */
function eventKey(event: CloudEvent, index: number): string {
  const key = `${event.source} ${event.id}${index === 0 ? '' : `#${index}`}`;
  return key.length <= 200 ? key : `sha256:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/**
 * An expression yielding nothing or null leaves its field out, like an absent JSON property; nested
 * objects too (`pull_request.merged_at: null`). No native field needs a null to mean something else.
 */
export function withoutAbsent(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).flatMap(([key, value]) =>
      value === undefined || value === null ? [] : [[key, isRecord(value) ? withoutAbsent(value) : value]],
    ),
  );
}

function wrapArrays(kind: Kind, row: Record<string, unknown>): Record<string, unknown> {
  const wrapped = { ...row };
  for (const field of ARRAY_FIELDS[kind]) {
    const value = wrapped[field];
    if (value !== undefined && !Array.isArray(value)) wrapped[field] = [value];
  }
  return wrapped;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
