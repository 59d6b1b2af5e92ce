/** One GitLab delivery as the per-event mappers see it, and the readers they share. */
import { emptyEvents, type NormalizedEvents } from '../../model/events.ts';
import { fieldPath, invalid, isRecord, textAt, valueAt, type JsonRecord } from '../transformers/fields.ts';
import type { GitLabSettings } from './gitlab-options.ts';
import type { WebhookResult } from './webhook.ts';

export interface GitLabHook {
  body: JsonRecord;
  /** `object_kind`: `push`, `merge_request`, `deployment`, … */
  kind: string;
  /** `project.path_with_namespace`, normalized (`group/sub/name`). */
  repository: string;
  /** `project.web_url`, when it is an http(s) URL: where commit and merge request links start. */
  repositoryUrl: string | undefined;
  service: string;
  /** When fivekeys received the delivery: the time of a tag push, which carries none. */
  receivedAt: string;
  settings: GitLabSettings;
}

export const rows = (events: Partial<NormalizedEvents>, reasons: string[] = []): WebhookResult => ({
  events: { ...emptyEvents(), ...events },
  reasons,
});

export const reason = (text: string): string => `gitlab: ${text}`;

export const skip = (text: string): WebhookResult => rows({}, [reason(text)]);

/** Git writes a missing revision (branch created or deleted) as all zeros. */
export const isZeroSha = (value: string | undefined): boolean => value !== undefined && /^0+$/.test(value);

/** A full SHA-1 or SHA-256 object name, lower case; abbreviated names are not enough to join on. */
export const fullSha = (value: string | undefined): string | undefined =>
  value !== undefined && /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(value) ? value.toLowerCase() : undefined;

/** The record at `path` (e.g. `object_attributes`), or `invalid_payload` naming it. */
export function recordAt(value: unknown, path: readonly string[], why: string): JsonRecord {
  const found = valueAt(value, path);
  if (isRecord(found)) return found;
  throw invalid(
    fieldPath(...path),
    found === undefined || found === null ? `missing: ${why}` : 'not an object',
  );
}

/** Non-blank text (or an integer id as text) at `path`; `field` names it in the error. */
export function requiredText(value: unknown, path: readonly string[], field: string, why: string): string {
  const found = textAt(value, path);
  if (found === undefined) throw invalid(field, `missing: ${why}`);
  return found;
}

export function requiredInteger(value: unknown, path: readonly string[], field: string, why: string): number {
  const found = valueAt(value, path);
  if (Number.isSafeInteger(found)) return found as number;
  throw invalid(field, found === undefined || found === null ? `missing: ${why}` : 'not an integer');
}
