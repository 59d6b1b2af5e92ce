/** The webhook part of the route table (openapi-docs.ts): tools' webhooks, DevLake's API, imports. */
import { Type } from '@sinclair/typebox';
import { WEBHOOK_SOURCES } from '../ingest/webhooks/sources.ts';
import type { RouteDoc } from './openapi-docs.ts';
import { WEBHOOK_EXAMPLE } from './openapi-examples.ts';
import { WEBHOOK_BODY } from './schemas/raw-requests.ts';

const WebhookSourceParams = Type.Object({
  source: Type.Unsafe<string>({
    type: 'string',
    enum: Object.keys(WEBHOOK_SOURCES).filter((source) => source !== 'devlake'),
    description: 'Any other name is a 404 `unknown_source`',
  }),
});

export const WEBHOOK_DOCS: Record<string, RouteDoc> = {
  'GET /api/v1/webhooks': {
    operationId: 'getWebhookStatus',
    tag: 'webhooks',
    summary: 'Per source: accepting deliveries, what arrived, what was refused',
  },
  'POST /api/v1/webhooks/{source}': {
    body: WEBHOOK_BODY,
    scope: 'webhook',
    errors: [404],
    params: WebhookSourceParams,
    operationId: 'receiveWebhook',
    tag: 'webhooks',
    summary: 'A tool’s own webhook: github, gitlab, alertmanager, pagerduty, opsgenie, argocd, flux, jenkins',
    description:
      'Authenticated by the source’s signature (GitHub, GitLab, PagerDuty, Flux) or a fivekeys token. 202 with `ignored` when nothing in it counts.',
    example: WEBHOOK_EXAMPLE,
  },
  'POST /api/v1/imports/webhooks/{source}': {
    errors: [404],
    params: WebhookSourceParams,
    operationId: 'importWebhookDelivery',
    tag: 'webhooks',
    summary: "A delivery an importer rebuilt from the tool's API, received like a live one (admin)",
  },
  'POST /api/plugins/webhook/{connectionId}/deployments': {
    body: WEBHOOK_BODY,
    scope: 'ingest',
    operationId: 'devlakeDeployment',
    tag: 'webhooks',
    summary: 'DevLake-compatible: a deployment',
  },
  'POST /api/plugins/webhook/{connectionId}/incidents': {
    body: WEBHOOK_BODY,
    scope: 'ingest',
    operationId: 'devlakeIncident',
    tag: 'webhooks',
    summary: 'DevLake-compatible: an incident',
  },
  'POST /api/plugins/webhook/{connectionId}/issues': {
    body: WEBHOOK_BODY,
    scope: 'ingest',
    operationId: 'devlakeIssue',
    tag: 'webhooks',
    summary: 'DevLake-compatible: an issue',
  },
  'POST /api/plugins/webhook/{connectionId}/issue/{issueKey}/close': {
    body: WEBHOOK_BODY,
    scope: 'ingest',
    operationId: 'devlakeCloseIssue',
    tag: 'webhooks',
    summary: 'DevLake-compatible: close an issue',
  },
  'POST /api/rest/plugins/webhook/{connectionId}/deployments': {
    body: WEBHOOK_BODY,
    scope: 'ingest',
    operationId: 'devlakeUiDeployment',
    tag: 'webhooks',
    summary: 'DevLake UI path: a deployment',
  },
  'POST /api/rest/plugins/webhook/{connectionId}/incidents': {
    body: WEBHOOK_BODY,
    scope: 'ingest',
    operationId: 'devlakeUiIncident',
    tag: 'webhooks',
    summary: 'DevLake UI path: an incident',
  },
  'POST /api/rest/plugins/webhook/{connectionId}/issues': {
    body: WEBHOOK_BODY,
    scope: 'ingest',
    operationId: 'devlakeUiIssue',
    tag: 'webhooks',
    summary: 'DevLake UI path: an issue',
  },
  'POST /api/rest/plugins/webhook/{connectionId}/issue/{issueKey}/close': {
    body: WEBHOOK_BODY,
    scope: 'ingest',
    operationId: 'devlakeUiCloseIssue',
    tag: 'webhooks',
    summary: 'DevLake UI path: close an issue',
  },
};
