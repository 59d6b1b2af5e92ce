/**
 * The native JSON API: one object or an array of them, validated field by field, mapped to the
 * normalized model. A deployment without an `id` gets one derived from its content, so a sender
 * retrying the same request is recognised as a duplicate instead of counted twice.
 */
import { createHash } from 'node:crypto';
import type { TSchema } from '@sinclair/typebox';
import { AppError } from '../errors.ts';
import type { Change, Deployment, Incident } from '../model/events.ts';
import { compileValidator, type Validator } from '../validation.ts';
import { ChangeSchema, DeploymentSchema, IncidentSchema } from './native-schemas.ts';
import { normalizeRepository } from './repository.ts';

const NATIVE_SOURCE = 'api';

const validateChange = compileValidator(ChangeSchema);
const validateDeployment = compileValidator(DeploymentSchema);
const validateIncident = compileValidator(IncidentSchema);

function eachItem<S extends TSchema, T>(
  body: unknown,
  validate: Validator<S>,
  map: (item: ReturnType<Validator<S>>) => T,
): T[] {
  if (body === undefined || body === null) {
    throw new AppError('invalid_payload', 'The body is empty; send a JSON object or array.', {
      field: 'body',
    });
  }
  if (Array.isArray(body)) return body.map((item, index) => map(validate(item, `[${index}]`)));
  return [map(validate(body))];
}

export function parseNativeChanges(body: unknown): Change[] {
  return eachItem(body, validateChange, (item) => ({
    ...item,
    repository: normalizeRepository(item.repository),
    sha: item.sha.toLowerCase(),
    parents: item.parents?.map((sha) => sha.toLowerCase()),
    pull_request: item.pull_request && {
      ...item.pull_request,
      merge_sha: item.pull_request.merge_sha?.toLowerCase(),
    },
  }));
}

export function parseNativeDeployments(body: unknown): Deployment[] {
  return eachItem(body, validateDeployment, ({ id, ...item }) => {
    const commit = item.commit?.toLowerCase();
    const deployment = {
      ...item,
      source: NATIVE_SOURCE,
      repository: item.repository === undefined ? undefined : normalizeRepository(item.repository),
      commit,
      commits: item.commits?.map((sha) => sha.toLowerCase()),
    };
    return { ...deployment, external_id: id ?? contentId(deployment) };
  });
}

export function parseNativeIncidents(body: unknown): Incident[] {
  return eachItem(body, validateIncident, ({ id, resolved_at, ...item }) => ({
    ...item,
    source: NATIVE_SOURCE,
    external_id: id,
    resolved_at: resolved_at ?? undefined,
    commit: item.commit?.toLowerCase(),
  }));
}

function contentId(deployment: Omit<Deployment, 'external_id'>): string {
  const key = [
    deployment.service,
    deployment.environment,
    deployment.status,
    instantKey(deployment.finished_at),
    deployment.version ?? '',
    deployment.commit ?? '',
  ].join('\n');
  return `sha256:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/**
 * RFC 3339 allows a leap second (`23:59:60`), which `Date` cannot parse (found by test/fuzz): it is
 * read as the next minute's start, as PostgreSQL stores it, so both spellings get one content id.
 */
function instantKey(instant: string): string {
  const leap = /^(.*[Tt ]\d\d:\d\d):60(.*)$/.exec(instant);
  const time = leap ? Date.parse(`${leap[1]}:59${leap[2]}`) + 1000 : Date.parse(instant);
  return Number.isNaN(time) ? instant : new Date(time).toISOString();
}
