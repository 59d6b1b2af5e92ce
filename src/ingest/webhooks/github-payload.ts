/**
 * Reading GitHub webhook payloads: the body (JSON, or the `payload=` form field GitHub posts when a
 * hook's content type is `application/x-www-form-urlencoded`), the fields every event shares, and
 * the results the event handlers return.
 */
import { emptyEvents, type NormalizedEvents } from '../../model/events.ts';
import { normalizeRepository } from '../repository.ts';
import { toRepositoryUrl } from '../web-url.ts';
import { invalid, textAt, toSha, type JsonRecord } from '../transformers/fields.ts';
import type { GitHubSettings } from './github-options.ts';
import { parseJsonObject } from './json-object.ts';
import type { WebhookContext, WebhookResult } from './webhook.ts';

export type GitHubHandler = (
  payload: JsonRecord,
  settings: GitHubSettings,
  context: WebhookContext,
) => WebhookResult;

export function parseGitHubBody(body: string): JsonRecord {
  // Form-encoded deliveries carry the JSON in a `payload` field; the signature covers the form.
  const text = body.startsWith('payload=') ? (new URLSearchParams(body).get('payload') ?? '') : body;
  return parseJsonObject(text, 'a JSON object, as GitHub sends');
}

/** The event's `action`, for handlers and their reasons. */
export const actionOf = (payload: JsonRecord): string => textAt(payload, ['action']) ?? '(none)';

export function repositoryOf(
  payload: JsonRecord,
  context: WebhookContext,
): { repository: string; service: string; repository_url?: string } {
  const name = textAt(payload, ['repository', 'full_name']);
  if (name === undefined) {
    throw invalid('repository.full_name', 'missing: repository events name their repository as owner/name');
  }
  const repository = normalizeRepository(name);
  // html_url names the host, so GitHub Enterprise rows link to their own server, not github.com.
  const repositoryUrl = toRepositoryUrl(textAt(payload, ['repository', 'html_url']));
  return {
    repository,
    service: context.serviceForRepository(repository),
    ...(repositoryUrl === undefined ? {} : { repository_url: repositoryUrl }),
  };
}

const describe = (found: unknown) =>
  found === undefined || found === null ? 'missing' : `${JSON.stringify(found)} is not valid`;

export function requiredSha(found: unknown, field: string): string {
  const sha = typeof found === 'string' ? toSha(found.trim()) : undefined;
  if (sha === undefined) throw invalid(field, `${describe(found)}: expected a commit sha`);
  return sha;
}

/** A whole sha, not a branch or tag name (release `target_commitish` may be either). */
export const fullSha = (value: string | undefined): string | undefined =>
  value !== undefined && /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(value) ? value.toLowerCase() : undefined;

export function requiredInteger(found: unknown, field: string): number {
  if (typeof found !== 'number' || !Number.isInteger(found)) {
    throw invalid(field, `${describe(found)}: expected an integer id`);
  }
  return found;
}

export function requiredText(found: unknown, field: string): string {
  if (typeof found === 'string' && found.trim() !== '') return found.trim();
  throw invalid(field, `${describe(found)}: expected text`);
}

/** No rows, and why. */
export const skipped = (reason: string): WebhookResult => ({
  events: emptyEvents(),
  reasons: [`github: ${reason}`],
});

export const mapped = (events: Partial<NormalizedEvents>, reasons: string[] = []): WebhookResult => ({
  events: { ...emptyEvents(), ...events },
  reasons: reasons.map((reason) => `github: ${reason}`),
});
