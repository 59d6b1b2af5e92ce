/**
 * `POST /api/v1/webhooks/{source}` for the tools' own webhooks, and DevLake's webhook API under
 * its own paths so a team switches by changing the host. The body is read as text: signatures are
 * checked over the exact bytes, before parsing. A refused delivery stores nothing but a counter.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { isWebhookSource, type WebhookSourceName } from '../../ingest/webhooks/sources.ts';
import type { WebhookDelivery } from '../../ingest/webhooks/webhook.ts';
import type { AppServices } from '../../service/app.ts';
import { requireScope } from '../auth.ts';
import { WebhookStatus } from '../schemas/admin.ts';
import { WebhookReceipt } from '../schemas/ingest.ts';

/** GitHub may send `application/x-www-form-urlencoded` (a `payload=` field); everyone else JSON. */
const BODY_TYPES = /^application\/(([\w.+-]+\+)?json|x-www-form-urlencoded)\s*(;|$)/i;

/** 200: rows stored; 202: stored raw, but nothing in it counts. */
const receipts = {
  200: WebhookReceipt,
  202: { ...WebhookReceipt, description: 'Stored raw; `ignored` says why nothing in it counts' },
};
const SourceParams = Type.Object({ source: Type.String() });
const DevLakeParams = Type.Object({ connectionId: Type.String() });
const DevLakeCloseParams = Type.Object({ connectionId: Type.String(), issueKey: Type.String() });

/** DevLake's webhook plugin routes (`/api/rest/…` is how its config UI proxies them). */
const DEVLAKE_ROUTES: [string, string][] = [
  ['/plugins/webhook/:connectionId/deployments', 'deployments'],
  ['/plugins/webhook/:connectionId/incidents', 'issues'],
  ['/plugins/webhook/:connectionId/issues', 'issues'],
  ['/plugins/webhook/:connectionId/issue/:issueKey/close', 'close'],
];

export async function webhookRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  // What a user wiring up a source checks first: is it accepted, did anything arrive, was it refused.
  app.get(
    '/api/v1/webhooks',
    { config: { scope: 'admin' }, schema: { response: { 200: WebhookStatus } } },
    async () => ({
      sources: await services.webhooks.status(),
    }),
  );

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(BODY_TYPES, { parseAs: 'string' }, (request, body, done) => {
      request.rawBody = body as string;
      done(null, body);
    });

    scope.post<{ Params: { source: string } }>(
      '/api/v1/webhooks/:source',
      { config: { queryToken: true }, schema: { params: SourceParams, response: receipts } },
      async (request, reply) => {
        const { source } = request.params;
        if (!isWebhookSource(source) || source === 'devlake') {
          throw new AppError('unknown_source', `No webhook source "${source}".`, { field: 'source' });
        }
        return receive(services, source, request, reply, {});
      },
    );

    for (const prefix of ['/api', '/api/rest']) {
      for (const [path, kind] of DEVLAKE_ROUTES) {
        scope.post<{ Params: Record<string, string> }>(
          prefix + path,
          {
            config: { queryToken: true },
            schema: { params: kind === 'close' ? DevLakeCloseParams : DevLakeParams, response: receipts },
          },
          async (request, reply) => receive(services, 'devlake', request, reply, { ...request.params, kind }),
        );
      }
    }
  });
}

async function receive(
  services: AppServices,
  source: WebhookSourceName,
  request: FastifyRequest,
  reply: FastifyReply,
  params: Record<string, string>,
) {
  const delivery: WebhookDelivery = {
    headers: headersOf(request),
    body: request.rawBody ?? '',
    params,
    receivedAt: new Date().toISOString(),
  };
  try {
    if ((await services.webhooks.authenticate(source, delivery)) === 'token') {
      await requireScope(request, services.auth, 'ingest');
    }
  } catch (error) {
    if (error instanceof AppError) await services.webhooks.countRejection(source, error);
    throw error;
  }
  const receipt = await services.webhooks.receive(source, delivery);
  // 202: stored raw, but nothing in it counts (a ping, an event type that is not mapped).
  const nothingMapped = receipt.accepted === 0 && receipt.duplicates === 0 && receipt.ignored !== undefined;
  return reply.status(nothingMapped ? 202 : 200).send(receipt);
}

function headersOf(request: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers[name] = value;
    else if (Array.isArray(value)) headers[name] = value.join(', ');
  }
  return headers;
}
