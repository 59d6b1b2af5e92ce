/**
 * Which namespaces are watched when they are chosen by their metadata: `key=value`, `key!=value` or
 * `key` (present), comma-separated, all required. A requirement is met by a label or an
 * annotation, since Keptn marks its namespaces with the annotation
 * `keptn.sh/lifecycle-toolkit: "enabled"` and a label selector cannot see annotations.
 */
import { AppError } from '../errors.ts';
import { stringMap, valueAt } from '../ingest/transformers/fields.ts';

export interface Requirement {
  key: string;
  operator: '=' | '!=' | 'exists';
  value?: string | undefined;
}

export function parseNamespaceSelector(text: string, field = 'namespaceSelector'): Requirement[] {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) throw new AppError('invalid_config', `${field}: is empty`, { field });
  return parts.map((part) => {
    const match = /^([A-Za-z0-9][-A-Za-z0-9_./]*)\s*(?:(!=|==?)\s*(.*))?$/.exec(part);
    if (!match) {
      throw new AppError('invalid_config', `${field}: "${part}" is not key, key=value or key!=value`, {
        field,
      });
    }
    const [, key = '', operator, value] = match;
    if (operator === undefined) return { key, operator: 'exists' };
    return { key, operator: operator === '!=' ? '!=' : '=', value: (value ?? '').trim() };
  });
}

export function matchesNamespace(requirements: readonly Requirement[], namespace: unknown): boolean {
  const maps = [
    stringMap(valueAt(namespace, ['metadata', 'labels'])),
    stringMap(valueAt(namespace, ['metadata', 'annotations'])),
  ];
  return requirements.every(({ key, operator, value }) => {
    const values = maps.map((map) => map[key]).filter((found) => found !== undefined);
    if (operator === 'exists') return values.length > 0;
    if (operator === '=') return values.includes(value ?? '');
    return !values.includes(value ?? '');
  });
}
