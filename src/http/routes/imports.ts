/**
 * What `fivekeys import github|argocd` needs from a server holding the data folder: deliveries the
 * importer rebuilt from the tool's API, received as if the tool had sent them (mapped by the same
 * adapter, stored raw for replay, duplicates known by delivery id), and the importers' resume
 * points. Admin scope stands in for the webhook signature: the importer read the tool's API itself.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import { isWebhookSource } from '../../ingest/webhooks/sources.ts';
import type { AppServices } from '../../service/app.ts';
import { createImportCursors } from '../../service/imports/import-cursors.ts';
import { ImportCursor } from '../schemas/admin.ts';
import { WebhookReceipt } from '../schemas/ingest.ts';

const DeliveryBody = Type.Object(
  {
    headers: Type.Record(Type.String(), Type.String()),
    body: Type.String(),
    received_at: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);
const SourceParams = Type.Object({ source: Type.String({ minLength: 1, maxLength: 50 }) });
const CursorKey = {
  source: Type.String({ minLength: 1, maxLength: 50 }),
  scope: Type.String({ minLength: 1, maxLength: 300 }),
  resource: Type.String({ minLength: 1, maxLength: 50 }),
};
const NoContent = Type.Null({ description: 'Moved; no body' });
const CursorQuery = Type.Object(CursorKey, { additionalProperties: false });
const CursorBody = Type.Object(
  { ...CursorKey, position: Type.String({ format: 'date-time' }) },
  { additionalProperties: false },
);

export function importRoutes(app: FastifyInstance, services: AppServices): void {
  const cursors = createImportCursors(services.db);
  app.post<{ Params: Static<typeof SourceParams>; Body: Static<typeof DeliveryBody> }>(
    '/api/v1/imports/webhooks/:source',
    {
      config: { scope: 'admin' },
      schema: { params: SourceParams, body: DeliveryBody, response: { 200: WebhookReceipt } },
    },
    async (request) => {
      const { source } = request.params;
      if (!isWebhookSource(source)) {
        throw new AppError('unknown_source', `No webhook source "${source}".`, { field: 'source' });
      }
      const { headers, body, received_at } = request.body;
      const lowerCase = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      return services.webhooks.receive(source, {
        headers: lowerCase,
        body,
        params: {},
        receivedAt: received_at,
      });
    },
  );
  app.get<{ Querystring: Static<typeof CursorQuery> }>(
    '/api/v1/imports/cursor',
    { config: { scope: 'admin' }, schema: { querystring: CursorQuery, response: { 200: ImportCursor } } },
    async (request) => ({ position: (await cursors.read(request.query))?.toISOString() ?? null }),
  );
  app.put<{ Body: Static<typeof CursorBody> }>(
    '/api/v1/imports/cursor',
    { config: { scope: 'admin' }, schema: { body: CursorBody, response: { 204: NoContent } } },
    async (request, reply) => {
      const { position, ...key } = request.body;
      await cursors.advance(key, position);
      return reply.status(204).send();
    },
  );
}
