/**
 * A workload's pod template, hashed: the same template always gives the same hash, whatever the key
 * order the API server serialized it in. Equal hashes mean no new pods (a scale), and a hash seen
 * before for the same object means the template went back to an older one (a rollback).
 */
import { createHash } from 'node:crypto';
import { valueAt, type JsonRecord } from '../ingest/transformers/fields.ts';

/** The controllers add these to the pods they create, never to the template a user writes. */
const CONTROLLER_LABELS = ['pod-template-hash', 'controller-revision-hash', 'pod-template-generation'];

export function templateHash(object: JsonRecord): string {
  return createHash('sha256')
    .update(canonical(withoutControllerLabels(valueAt(object, ['spec', 'template']))))
    .digest('hex')
    .slice(0, 16);
}

function withoutControllerLabels(template: unknown): unknown {
  const labels = valueAt(template, ['metadata', 'labels']);
  if (typeof labels !== 'object' || labels === null) return template;
  const kept = Object.fromEntries(Object.entries(labels).filter(([key]) => !CONTROLLER_LABELS.includes(key)));
  const record = template as JsonRecord;
  return { ...record, metadata: { ...(record.metadata as JsonRecord), labels: kept } };
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined && item !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
