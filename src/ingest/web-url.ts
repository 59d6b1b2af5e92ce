/**
 * The web pages sources name (a pipeline run, an incident, a repository) are kept only when they
 * are absolute http(s) URLs: anything else (`javascript:`, `data:`, a relative path) would become a
 * link the dashboard renders, so it is dropped rather than stored.
 */
import type { NormalizedEvents } from '../model/events.ts';
import { textAt } from './transformers/fields.ts';

export function toWebUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!/^https?:\/\//i.test(text) || /\s/.test(text) || text.length > 2048) return undefined;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? text : undefined;
  } catch {
    return undefined;
  }
}

/** The first of `paths` in `value` that holds a web URL. */
export function webUrlAt(value: unknown, ...paths: (readonly string[])[]): string | undefined {
  for (const path of paths) {
    const url = toWebUrl(textAt(value, path));
    if (url !== undefined) return url;
  }
  return undefined;
}

/** A repository's web page without the trailing slash (or `.git`) links are built onto. */
export function toRepositoryUrl(value: unknown): string | undefined {
  const url = toWebUrl(value);
  return url?.replace(/\/+$/, '').replace(/\.git$/, '');
}

/**
 * The events with every URL field checked again, at the one place all sources pass before
 * storage: a mapping or adapter that forgot to check cannot store a `javascript:` link.
 */
export function keepWebUrls(events: NormalizedEvents): NormalizedEvents {
  const repository = <T extends { repository_url?: string | undefined }>(row: T): T =>
    row.repository_url === undefined ? row : { ...row, repository_url: toRepositoryUrl(row.repository_url) };
  const page = <T extends { url?: string | undefined }>(row: T): T =>
    row.url === undefined ? row : { ...row, url: toWebUrl(row.url) };
  return {
    ...events,
    changes: events.changes.map(repository),
    deployments: events.deployments.map((deployment) => page(repository(deployment))),
    incidents: events.incidents.map(page),
  };
}
