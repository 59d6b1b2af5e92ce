/**
 * Opsgenie's outgoing Webhook integration (STANDARDS.md §6): `Create` opens an incident keyed by
 * the alert id and `Close` resolves it; other actions change nothing fivekeys records. `createdAt`
 * is epoch milliseconds but `updatedAt` epoch nanoseconds, more digits than a double holds, so the
 * resolution time is read from the digits as sent.
 */
import { Type, type Static } from '@sinclair/typebox';
import { emptyEvents, type Incident } from '../../model/events.ts';
import { compact, invalid, isRecord, textAt, valueAt, type JsonRecord } from '../transformers/fields.ts';
import type { WebhookAdapter, WebhookDelivery, WebhookResult } from './webhook.ts';
import { parseJsonObject } from './json-object.ts';

const DEFAULTS = { environment: 'production' };

export const OpsgenieOptionsSchema = Type.Object(
  {
    environment: Type.Optional(
      Type.String({
        minLength: 1,
        default: DEFAULTS.environment,
        description:
          'The environment of alerts without an `env:NAME` or `environment:NAME` tag. Default production.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type OpsgenieOptions = Static<typeof OpsgenieOptionsSchema>;

/** The latest a JavaScript Date can hold, in milliseconds. */
const MAX_DATE_MS = 8_640_000_000_000_000n;

export const opsgenieAdapter: WebhookAdapter<OpsgenieOptions> = {
  source: 'opsgenie',
  deliveryId(delivery) {
    const body = readable(delivery.body);
    const alertId = textAt(body, ['alert', 'alertId']);
    const action = textAt(body, ['action']);
    const updatedAt = nanosecondDigits(delivery, valueAt(body, ['alert', 'updatedAt']));
    if (alertId === undefined || action === undefined || updatedAt === undefined) return null;
    return `${alertId}:${action}:${updatedAt}`;
  },
  map(delivery, options) {
    const body = parseJsonObject(delivery.body, 'the JSON object of an Opsgenie webhook');
    const action = textAt(body, ['action']);
    if (action === undefined) throw invalid('action', 'missing: it names what happened to the alert');
    const kind = action.toLowerCase();
    if (kind !== 'create' && kind !== 'close') return skip(body, action);
    if (!isRecord(body.alert)) throw invalid('alert', 'missing: Opsgenie sends the alert it acted on');
    const row = toIncident(body.alert, options);
    if (typeof row === 'string') return { events: emptyEvents(), reasons: [row] };
    const resolved = kind === 'close' ? resolvedAt(delivery, body.alert, row.started_at) : undefined;
    return {
      events: { ...emptyEvents(), incidents: [compact({ ...row, resolved_at: resolved })] },
      reasons: [],
    };
  },
};

function skip(body: JsonRecord, action: string): WebhookResult {
  const alert = textAt(body, ['alert', 'alertId']) ?? '(no alertId)';
  const reason =
    action.toLowerCase() === 'delete'
      ? `opsgenie: alert ${alert} was deleted; the incident fivekeys recorded for it stays`
      : `opsgenie: action "${action}" does not change incident metrics (only Create and Close do)`;
  return { events: emptyEvents(), reasons: [reason] };
}

function toIncident(alert: JsonRecord, options: OpsgenieOptions): Incident | string {
  const alertId = textAt(alert, ['alertId']);
  if (alertId === undefined) throw invalid('alert.alertId', 'missing: the alert id keys the incident');
  const tags = Array.isArray(alert.tags) ? alert.tags.filter((tag) => typeof tag === 'string') : [];
  const service = tagValue(tags, ['service']) ?? textAt(alert, ['entity']);
  if (service === undefined) {
    return `opsgenie: alert ${alertId} has no service:NAME tag and no entity, so no service to charge the incident to`;
  }
  return compact({
    source: 'opsgenie',
    external_id: alertId,
    service,
    environment: tagValue(tags, ['env', 'environment']) ?? options.environment ?? DEFAULTS.environment,
    severity: textAt(alert, ['priority']),
    title: textAt(alert, ['message']),
    started_at: createdAt(alert),
  });
}

/** The value of the first `key:value` tag whose key is one of `keys` (case-insensitive). */
function tagValue(tags: readonly string[], keys: readonly string[]): string | undefined {
  for (const tag of tags) {
    const colon = tag.indexOf(':');
    const value = tag.slice(colon + 1).trim();
    if (colon > 0 && keys.includes(tag.slice(0, colon).trim().toLowerCase()) && value !== '') return value;
  }
  return undefined;
}

function createdAt(alert: JsonRecord): string {
  const value = alert.createdAt;
  const ms = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms <= 0 || BigInt(ms) > MAX_DATE_MS) {
    throw invalid('alert.createdAt', `${JSON.stringify(value)} is not a time in epoch milliseconds`);
  }
  return new Date(ms).toISOString();
}

function resolvedAt(delivery: WebhookDelivery, alert: JsonRecord, startedAt: string): string {
  const value = alert.updatedAt;
  const digits = nanosecondDigits(delivery, value);
  if (digits === undefined) {
    throw invalid('alert.updatedAt', `${JSON.stringify(value)} is not a time in epoch nanoseconds`);
  }
  const ms = BigInt(digits) / 1_000_000n;
  if (ms > MAX_DATE_MS || Number(ms) < Date.parse(startedAt)) {
    throw invalid('alert.updatedAt', `${digits} is not a time in epoch nanoseconds after alert.createdAt`);
  }
  return new Date(Number(ms)).toISOString();
}

/**
 * `alert.updatedAt` as the digits sent: JSON.parse rounds 19-digit nanoseconds to a double, which
 * can carry into the next millisecond. The raw body's `"updatedAt": DIGITS` whose value parses to
 * the same double is the one that was read.
 */
function nanosecondDigits(delivery: WebhookDelivery, value: unknown): string | undefined {
  if (typeof value === 'string') return /^\d+$/.test(value) ? value : undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return undefined;
  for (const [, digits] of delivery.body.matchAll(/"updatedAt"\s*:\s*(\d+)(?![\d.eE])/g)) {
    if (digits !== undefined && Number(digits) === value) return digits;
  }
  return BigInt(value).toString();
}

function readable(text: string): JsonRecord | undefined {
  try {
    return parseJsonObject(text, 'the JSON object of an Opsgenie webhook');
  } catch {
    return undefined;
  }
}
