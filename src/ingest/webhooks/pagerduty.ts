/**
 * PagerDuty v3 webhook subscriptions (STANDARDS.md §6): one event per delivery. Every event whose
 * `data` is the incident refreshes its row (title, severity, service), `incident.resolved` adds the
 * resolution; a reopened incident keeps its first resolution, since the store cannot clear one.
 */
import { Type, type Static } from '@sinclair/typebox';
import { emptyEvents, type Incident } from '../../model/events.ts';
import {
  compact,
  instantAt,
  invalid,
  isRecord,
  requiredInstant,
  textAt,
  type JsonRecord,
} from '../transformers/fields.ts';
import type { WebhookAdapter } from './webhook.ts';
import { parseJsonObject } from './json-object.ts';
import { webUrlAt } from '../web-url.ts';

const DEFAULTS = { services: {} as Record<string, string>, environment: 'production' };

export const PagerDutyOptionsSchema = Type.Object(
  {
    services: Type.Optional(
      Type.Record(Type.String({ minLength: 1 }), Type.String({ minLength: 1 }), {
        description:
          'PagerDuty service, by name (`API Service`) or id (`PF9KMXH`) → fivekeys service; a service not listed keeps its PagerDuty name. Default {}.',
        default: {},
      }),
    ),
    environment: Type.Optional(
      Type.String({
        minLength: 1,
        default: DEFAULTS.environment,
        description: 'The environment of every incident: PagerDuty incidents name none. Default production.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PagerDutyOptions = Static<typeof PagerDutyOptionsSchema>;

export const pagerdutyAdapter: WebhookAdapter<PagerDutyOptions> = {
  source: 'pagerduty',
  deliveryId(delivery) {
    try {
      return (
        textAt(parseJsonObject(delivery.body, 'the JSON object of a PagerDuty v3 webhook'), [
          'event',
          'id',
        ]) ?? null
      );
    } catch {
      return null;
    }
  },
  map(delivery, options) {
    const body = parseJsonObject(delivery.body, 'the JSON object of a PagerDuty v3 webhook');
    if (!isRecord(body.event)) throw invalid('event', 'missing: a v3 webhook carries one event object');
    const event = body.event;
    const type = textAt(event, ['event_type']);
    if (type === undefined) throw invalid('event.event_type', 'missing: it says what happened');
    const skipped = skipReason(type, event.data);
    if (skipped !== undefined) return { events: emptyEvents(), reasons: [`pagerduty: ${skipped}`] };
    return { events: { ...emptyEvents(), incidents: [toIncident(type, event, options)] }, reasons: [] };
  },
};

/** Why an event changes no incident row, or undefined when it does. */
function skipReason(type: string, data: unknown): string | undefined {
  if (type === 'pagey.ping') return 'pagey.ping is the test event of a webhook subscription';
  if (type.startsWith('service.')) return `${type} changes a PagerDuty service, not an incident`;
  if (!type.startsWith('incident.')) return `event type "${type}" is not an incident event`;
  if (type === 'incident.reopened') {
    return `incident ${textAt(data, ['id']) ?? '(no id)'} was reopened; its first resolution stands, so time to restore ends there`;
  }
  const dataType = textAt(data, ['type']);
  if (dataType !== undefined && dataType !== 'incident') {
    return `${type} carries an ${dataType}, not the incident, so it changes nothing fivekeys records`;
  }
  return undefined;
}

function toIncident(type: string, event: JsonRecord, options: PagerDutyOptions): Incident {
  if (!isRecord(event.data)) throw invalid('event.data', 'missing: incident events carry the incident');
  const data = event.data;
  const id = textAt(data, ['id']);
  if (id === undefined) throw invalid('event.data.id', 'missing: the incident id keys its row');
  const occurredAt = requiredInstant(event, ['occurred_at'], 'event.occurred_at', 'the time of the event');
  const createdAt = instantAt(data, ['created_at'], 'event.data.created_at');
  return compact({
    source: 'pagerduty',
    external_id: id,
    service: serviceOf(data, options.services ?? DEFAULTS.services),
    environment: options.environment ?? DEFAULTS.environment,
    severity: textAt(data, ['priority', 'summary']) ?? textAt(data, ['urgency']),
    title: textAt(data, ['title']),
    url: webUrlAt(data, ['html_url']),
    // Only the trigger happens at the start; any later event without `created_at` merely bounds it.
    started_at: createdAt ?? occurredAt,
    start_unknown: createdAt === undefined && type !== 'incident.triggered' ? true : undefined,
    resolved_at: type === 'incident.resolved' ? occurredAt : undefined,
  });
}

function serviceOf(data: JsonRecord, services: Record<string, string>): string | undefined {
  const name = textAt(data, ['service', 'summary']);
  const id = textAt(data, ['service', 'id']);
  const mapped = [name, id].find((key) => key !== undefined && Object.hasOwn(services, key));
  return mapped === undefined ? name : services[mapped];
}
