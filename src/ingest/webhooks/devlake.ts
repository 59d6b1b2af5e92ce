/**
 * The DevLake-compatible webhook API (apache/incubator-devlake `plugins/webhook`), so tools and
 * scripts written for DevLake's incoming webhooks can post to fivekeys unchanged: deployments with
 * their `deploymentCommits`, issues of type INCIDENT, and the close-issue call. The route names the
 * connection (`params.connectionId`) and what was posted (`params.kind`: deployments, issues — or
 * its alias incidents — and close, with `params.issueKey`).
 */
import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { invalid } from '../transformers/fields.ts';
import { toDevLakeDeployments } from './devlake-deployments.ts';
import { toDevLakeClosedIncident, toDevLakeIncident } from './devlake-issues.ts';
import type { WebhookAdapter, WebhookDelivery } from './webhook.ts';
import { parseJsonObject } from './json-object.ts';

export const DevLakeOptionsSchema = Type.Object(
  {
    connections: Type.Optional(
      Type.Record(
        Type.String({ minLength: 1 }),
        Type.Object(
          {
            service: Type.Optional(
              Type.String({
                minLength: 1,
                description:
                  "The service of every deployment and incident posted to this connection. Default: deployments take their repositories' services, incidents their `component`.",
              }),
            ),
            environment: Type.Optional(
              Type.String({
                minLength: 1,
                description: "The environment of this connection's incidents. Default production.",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        {
          description: 'DevLake connection id (the number in the URL) → its settings. Default none.',
          default: {},
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type DevLakeOptions = Static<typeof DevLakeOptionsSchema>;

/** What every DevLake mapping needs besides the body. */
export interface DevLakeTarget {
  connectionId: string;
  /** `connections[id].service`, when set. */
  service?: string | undefined;
  environment?: string | undefined;
  receivedAt: string;
}

type Kind = 'deployments' | 'issues' | 'close';

const KINDS = new Map<string, Kind>([
  ['deployments', 'deployments'],
  ['issues', 'issues'],
  ['incidents', 'issues'],
  ['close', 'close'],
]);

export const devlakeAdapter: WebhookAdapter<DevLakeOptions> = {
  source: 'devlake',
  /**
   * A byte-identical re-post (a retried curl) is a duplicate; a changed one is new content and is
   * mapped again, its rows deduplicating by their own ids. Closing an issue twice changes nothing.
   */
  deliveryId(delivery) {
    const { connectionId, issueKey } = delivery.params;
    const kind = KINDS.get(delivery.params.kind ?? '');
    if (connectionId === undefined || kind === undefined) return null;
    if (kind === 'close') return issueKey === undefined ? null : `${connectionId}/close/${issueKey}`;
    return `${connectionId}/${kind}/sha256:${createHash('sha256').update(delivery.body).digest('hex').slice(0, 32)}`;
  },
  map(delivery, options, context) {
    const connectionId = requiredParam(delivery, 'connectionId');
    const kind = KINDS.get(delivery.params.kind ?? '');
    if (kind === undefined) {
      throw invalid(
        'param:kind',
        `${JSON.stringify(delivery.params.kind ?? null)} is not deployments, issues or close`,
      );
    }
    const connections = options.connections ?? {};
    const connection = Object.hasOwn(connections, connectionId) ? connections[connectionId] : undefined;
    const target = { connectionId, ...connection, receivedAt: delivery.receivedAt };
    if (kind === 'close') {
      // DevLake's close takes no body, but like DevLake refuses one that is not JSON.
      if (delivery.body.trim() !== '')
        parseJsonObject(delivery.body, 'a JSON object, as DevLake webhooks take');
      return toDevLakeClosedIncident(requiredParam(delivery, 'issueKey'), target);
    }
    const body = parseJsonObject(delivery.body, 'a JSON object, as DevLake webhooks take');
    return kind === 'deployments'
      ? toDevLakeDeployments(body, target, context)
      : toDevLakeIncident(body, target);
  },
};

function requiredParam(delivery: WebhookDelivery, name: string): string {
  const value = delivery.params[name]?.trim();
  if (value === undefined || value === '') throw invalid(`param:${name}`, 'missing: the route names it');
  return value;
}
