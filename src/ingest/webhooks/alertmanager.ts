/**
 * Prometheus Alertmanager's `webhook_config` notification (payload version "4", STANDARDS.md §6):
 * each alert of the group is one incident, keyed by fingerprint and start, so the re-sends of every
 * `repeat_interval` merge into it and a new firing after a resolution is a new incident. The route
 * that sends to fivekeys already selects the alerts that are incidents, so `match` takes every
 * alert unless configured.
 */
import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { emptyEvents, type Incident } from '../../model/events.ts';
import {
  compact,
  fieldPath,
  globMatcher,
  invalid,
  isRecord,
  NameList,
  requiredInstant,
  stringMap,
  textAt,
  toSha,
  valueAt,
  type JsonRecord,
} from '../transformers/fields.ts';
import type { WebhookAdapter, WebhookDelivery, WebhookResult } from './webhook.ts';
import { parseJsonObject } from './json-object.ts';
import { webUrlAt } from '../web-url.ts';

const DEFAULTS = {
  match: {} as Record<string, string>,
  serviceLabels: ['service', 'app', 'app_kubernetes_io_name', 'job'],
  environmentLabels: ['environment', 'env'],
  severityLabel: 'severity',
  causeLabels: { deployment: 'deployment_id', version: 'version', commit: 'commit' },
};

const LabelName = Type.String({ minLength: 1 });

export const AlertmanagerOptionsSchema = Type.Object(
  {
    match: Type.Optional(
      Type.Record(LabelName, Type.String({ minLength: 1 }), {
        description:
          'Label name → glob on its value (case-insensitive, `*` stops at `/`); an alert is an incident only when every listed label is present and matches. Default {}: every alert, because the Alertmanager route that sends to fivekeys already selects the incidents.',
        default: {},
      }),
    ),
    serviceLabels: NameList(
      DEFAULTS.serviceLabels,
      'Labels naming the service; the first present wins, and an alert with none gives no incident. Default service, app, app_kubernetes_io_name, job.',
    ),
    environmentLabels: NameList(
      DEFAULTS.environmentLabels,
      'Labels naming the environment; the first present wins, none leaves it unnamed (counted as production). Default environment, env (not namespace: a namespace is rarely an environment name the production pattern knows).',
    ),
    severityLabel: Type.Optional(
      Type.String({
        minLength: 1,
        default: 'severity',
        description: 'The label holding the severity. Default severity.',
      }),
    ),
    causeLabels: Type.Optional(
      Type.Object(
        {
          deployment: Type.Optional(LabelName),
          version: Type.Optional(LabelName),
          commit: Type.Optional(LabelName),
        },
        {
          additionalProperties: false,
          default: { ...DEFAULTS.causeLabels },
          description:
            'Labels naming the cause: the deployment id, version or commit sha the incident is attributed to. Keys left out keep their default: deployment_id, version, commit.',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type AlertmanagerOptions = Static<typeof AlertmanagerOptionsSchema>;

interface Alert {
  fingerprint: string;
  startsAt: string;
  /** Only for a resolved alert: a firing alert's `endsAt` is the zero time or an estimate. */
  resolvedAt: string | undefined;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The rule's page at its generator (Prometheus), else the Alertmanager the notification came from. */
  url: string | undefined;
}

type Settings = ReturnType<typeof settingsOf>;

/** A factory so the adapter compiles each options object's `match` globs once. */
export function createAlertmanagerAdapter(): WebhookAdapter<AlertmanagerOptions> {
  const compiled = new WeakMap<AlertmanagerOptions, Settings>();
  const settingsFor = (options: AlertmanagerOptions): Settings => {
    const settings = compiled.get(options) ?? settingsOf(options);
    compiled.set(options, settings);
    return settings;
  };
  return {
    source: 'alertmanager',
    deliveryId,
    map: (delivery, options) =>
      mapNotification(
        parseJsonObject(delivery.body, 'the JSON object of an Alertmanager notification'),
        settingsFor(options),
      ),
  };
}

function deliveryId(delivery: WebhookDelivery): string | null {
  const body = readable(delivery.body);
  if (body === undefined || !Array.isArray(body.alerts)) return null;
  // What a notification says: a repeat with nothing new has the same key, a resolution does not.
  const alerts = body.alerts
    .map((alert) =>
      JSON.stringify(['fingerprint', 'startsAt', 'status', 'endsAt'].map((key) => scalar(alert, key))),
    )
    .sort();
  const key = JSON.stringify([scalar(body, 'groupKey'), scalar(body, 'status'), alerts]);
  return createHash('sha256').update(key).digest('hex');
}

function mapNotification(body: JsonRecord, settings: Settings): WebhookResult {
  if (!Array.isArray(body.alerts)) {
    throw invalid('alerts', 'missing: a webhook_config notification lists its alerts');
  }
  const groupStatus = textAt(body, ['status']);
  const externalUrl = webUrlAt(body, ['externalURL']);
  const alerts = body.alerts.map((alert, index) => readAlert(alert, index, groupStatus, externalUrl));
  const result: WebhookResult = { events: emptyEvents(), reasons: [] };
  for (const alert of alerts) {
    const mapped = toIncident(alert, settings);
    if (typeof mapped === 'string') result.reasons.push(mapped);
    else result.events.incidents.push(mapped);
  }
  if (alerts.length === 0) result.reasons.push('alertmanager: the notification holds no alerts');
  const truncated = valueAt(body, ['truncatedAlerts']);
  if (typeof truncated === 'number' && truncated > 0) {
    result.reasons.push(
      `alertmanager: ${truncated} alerts were left out of this notification by max_alerts; raise it (0 = all) so each becomes an incident`,
    );
  }
  return result;
}

function settingsOf(options: AlertmanagerOptions) {
  const match = Object.entries(options.match ?? DEFAULTS.match).map(
    ([label, glob]) => [label, globMatcher([glob])] as const,
  );
  return {
    matches: (labels: Record<string, string>) =>
      match.every(([name, matches]) => {
        const value = label(labels, name);
        return value !== undefined && matches(value);
      }),
    serviceLabels: options.serviceLabels ?? DEFAULTS.serviceLabels,
    environmentLabels: options.environmentLabels ?? DEFAULTS.environmentLabels,
    severityLabel: options.severityLabel ?? DEFAULTS.severityLabel,
    causeLabels: { ...DEFAULTS.causeLabels, ...options.causeLabels },
  };
}

function readAlert(
  value: unknown,
  index: number,
  groupStatus: string | undefined,
  externalUrl: string | undefined,
): Alert {
  const field = (name: string) => fieldPath('alerts', index, name);
  if (!isRecord(value)) throw invalid(fieldPath('alerts', index), 'expected an alert object');
  const fingerprint = textAt(value, ['fingerprint']);
  if (fingerprint === undefined) {
    throw invalid(field('fingerprint'), 'missing: Alertmanager identifies every alert by its fingerprint');
  }
  const startsAt = requiredInstant(
    value,
    ['startsAt'],
    field('startsAt'),
    'the time the alert started firing',
  );
  const resolved = (textAt(value, ['status']) ?? groupStatus) === 'resolved';
  return {
    fingerprint,
    startsAt,
    resolvedAt: resolved ? resolvedAt(value, startsAt, field('endsAt')) : undefined,
    labels: stringMap(value.labels),
    annotations: stringMap(value.annotations),
    url: webUrlAt(value, ['generatorURL']) ?? externalUrl,
  };
}

function resolvedAt(alert: JsonRecord, startsAt: string, field: string): string {
  const endsAt = requiredInstant(alert, ['endsAt'], field, 'a resolved alert carries its resolution time');
  if (Date.parse(endsAt) < Date.parse(startsAt)) {
    throw invalid(
      field,
      `${endsAt} is before startsAt ${startsAt}: not the resolution time of a resolved alert`,
    );
  }
  return endsAt;
}

function toIncident(alert: Alert, settings: Settings): Incident | string {
  const { labels } = alert;
  if (!settings.matches(labels)) {
    return `alertmanager: alert ${describe(alert)} does not match the labels of option match`;
  }
  const service = firstLabel(labels, settings.serviceLabels);
  if (service === undefined) {
    return `alertmanager: alert ${describe(alert)} has none of the service labels ${settings.serviceLabels.join(', ')}; add one to the alerting rule or set serviceLabels`;
  }
  const cause = settings.causeLabels;
  return compact({
    source: 'alertmanager',
    external_id: `${alert.fingerprint}@${alert.startsAt}`,
    service,
    environment: firstLabel(labels, settings.environmentLabels),
    severity: firstLabel(labels, [settings.severityLabel]),
    title: firstLabel(alert.annotations, ['summary']) ?? firstLabel(labels, ['alertname']),
    url: alert.url,
    started_at: alert.startsAt,
    resolved_at: alert.resolvedAt,
    deployment: firstLabel(labels, [cause.deployment]),
    version: firstLabel(labels, [cause.version]),
    commit: toSha(firstLabel(labels, [cause.commit])),
  });
}

/** A label's value; own keys only, so a label list naming `constructor` finds nothing. */
const label = (labels: Record<string, string>, name: string): string | undefined =>
  Object.hasOwn(labels, name) ? labels[name] : undefined;

const firstLabel = (labels: Record<string, string>, names: readonly string[]): string | undefined =>
  names.map((name) => label(labels, name)?.trim()).find((value) => value);

const describe = (alert: Alert): string => {
  const name = label(alert.labels, 'alertname');
  return `${name === undefined ? '(no alertname)' : JSON.stringify(name)} (fingerprint ${alert.fingerprint})`;
};

const scalar = (value: unknown, key: string): string => {
  const found = valueAt(value, [key]);
  return typeof found === 'string' || typeof found === 'number' ? String(found) : '';
};

function readable(text: string): JsonRecord | undefined {
  try {
    return parseJsonObject(text, 'the JSON object of an Alertmanager notification');
  } catch {
    return undefined;
  }
}
