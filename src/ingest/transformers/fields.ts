/**
 * Reading the loosely typed JSON that delivery tools send: nested records, Kubernetes label and
 * annotation maps, `kind:name` key specs (`param:service`, `label:app`) that let the config file say
 * where a value lives, and the checks every built-in transformer applies to times and shas.
 */
import { Type } from '@sinclair/typebox';
import picomatch from 'picomatch';
import { AppError } from '../../errors.ts';

export type JsonRecord = Record<string, unknown>;

export const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A non-blank string, or an integer (build numbers, generations) as text; anything else is absent. */
export function textAt(value: unknown, path: readonly string[]): string | undefined {
  const found = valueAt(value, path);
  if (typeof found === 'string') return found.trim() === '' ? undefined : found.trim();
  return Number.isInteger(found) ? String(found) : undefined;
}

/** A Kubernetes-style string map (labels, annotations); non-string entries are dropped. */
export function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** `data.metadata.labels["app.kubernetes.io/name"]`: keys that are not plain names are bracketed. */
export function fieldPath(...parts: (string | number)[]): string {
  return parts.reduce<string>((path, part) => {
    if (typeof part === 'number') return `${path}[${part}]`;
    if (/^[A-Za-z_$][\w$]*$/.test(part)) return path === '' ? part : `${path}.${part}`;
    return `${path}[${JSON.stringify(part)}]`;
  }, '');
}

export const invalid = (field: string, message: string): AppError =>
  new AppError('invalid_payload', `${field}: ${message}`, { field });

/** Options schema of a key-spec list: `param:revision`, `label:app.kubernetes.io/name`, … */
export const KeySpecList = (kinds: readonly string[], defaults: readonly string[], description: string) =>
  Type.Optional(
    Type.Array(Type.String({ pattern: `^(${kinds.join('|')}):.+$` }), {
      description: `${description} Entries are ${kinds.map((kind) => `${kind}:NAME`).join(', ')}; the first present wins.`,
      default: [...defaults],
    }),
  );

/** Options schema of a list of names: globs, label keys, parameter names. */
export const NameList = (defaults: readonly string[], description: string) =>
  Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description, default: [...defaults] }));

export interface Found {
  value: string;
  /** The spec that matched, for messages. */
  key: string;
}

/**
 * The first spec whose value is present and accepted; `accept` lets a list mix shas and branch
 * names (`param:revision` is often `main`), falling through to the next spec.
 */
export function readFirst(
  specs: readonly string[],
  lookup: (kind: string, name: string) => string | undefined,
  accept: (value: string) => boolean = () => true,
): Found | undefined {
  for (const key of specs) {
    const colon = key.indexOf(':');
    const value = lookup(key.slice(0, colon), key.slice(colon + 1))?.trim();
    if (value && accept(value)) return { value, key };
  }
  return undefined;
}

export const isSha = (value: string): boolean => /^[0-9a-f]{7,64}$/i.test(value);

/** Commit shas are kept lower case so they join with the changes of every other source. */
export const toSha = (value: string | undefined): string | undefined =>
  value !== undefined && isSha(value) ? value.toLowerCase() : undefined;

/** RFC 3339 with an offset, as CloudEvents and Kubernetes write times; kept as sent. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export function instantAt(value: unknown, path: readonly string[], field: string): string | undefined {
  const found = valueAt(value, path);
  if (found === undefined || found === null || found === '') return undefined;
  if (typeof found === 'string' && RFC3339.test(found) && !Number.isNaN(Date.parse(found))) return found;
  throw invalid(field, `${JSON.stringify(found)} is not an RFC 3339 time such as 2026-03-01T10:00:00Z`);
}

export function requiredInstant(value: unknown, path: readonly string[], field: string, why: string): string {
  const found = instantAt(value, path, field);
  if (found === undefined) throw invalid(field, `missing: ${why}`);
  return found;
}

/** Case-insensitive globs (`*deploy*` matches `Deploy-API`); `*` stops at `/`, `**` crosses it. */
export function globMatcher(globs: readonly string[]): (name: string) => boolean {
  if (globs.length === 0) return () => false;
  return picomatch([...globs], { nocase: true, dot: true });
}

/** Drops absent fields, so rows compare and serialise the same however they were built. */
export function compact<T extends object>(row: T): T {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined)) as T;
}
