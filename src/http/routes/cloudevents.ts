/**
 * `POST /api/v1/cloudevents` (CloudEvents HTTP binding, all three modes) and the `OPTIONS`
 * abuse-protection handshake of the CloudEvents webhook spec. Answers 200 with what became of each
 * event once it is committed: the event was processed, not merely queued.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { parseCloudEventsRequest } from '../../ingest/cloudevents/http-binding.ts';
import type { AppServices } from '../../service/app.ts';
import { AppError } from '../../errors.ts';
import { CloudEventBatchAnswer, CloudEventResult } from '../schemas/ingest.ts';

/** The handshake's answer is its headers. */
const Handshake = Type.Null({ description: 'Allowed: `WebHook-Allowed-Origin` echoes the origin' });

/** DESIGN.md §5: CloudEvents batches may be larger than ordinary requests. */
const BATCH_BODY_LIMIT = 10 << 20;

export async function cloudEventsRoutes(
  app: FastifyInstance,
  services: AppServices,
  bodyLimitBytes: number,
): Promise<void> {
  await app.register(async (scope) => {
    // Binary mode carries any media type: read every body as text here; the binding decides.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
      request.rawBody = body as string;
      done(null, body);
    });

    scope.post(
      '/api/v1/cloudevents',
      {
        config: { scope: 'ingest', queryToken: true },
        bodyLimit: Math.max(bodyLimitBytes, BATCH_BODY_LIMIT),
        schema: { response: { 200: Type.Union([CloudEventResult, CloudEventBatchAnswer]) } },
      },
      async (request, reply) => {
        const body = request.rawBody ?? '';
        const parsed = parseCloudEventsRequest(request.headers['content-type'], request.headers, body);
        // The larger limit is for batches only.
        if (parsed.mode !== 'batch' && Buffer.byteLength(body) > bodyLimitBytes) {
          throw new AppError('payload_too_large', 'The request body is larger than the configured limit.');
        }
        if (parsed.mode === 'batch') {
          const results = await services.cloudEvents.receiveBatch(parsed.items);
          const count = (status: string) => results.filter((result) => result.status === status).length;
          return reply.status(200).send({
            stored: count('stored'),
            duplicates: count('duplicate'),
            rejected: count('rejected'),
            results,
          });
        }
        return reply.status(200).send(await services.cloudEvents.receive(parsed.raw, parsed.event));
      },
    );

    scope.options(
      '/api/v1/cloudevents',
      { schema: { response: { 200: Handshake } } },
      async (request, reply) => {
        const origin = request.headers['webhook-request-origin'];
        if (typeof origin !== 'string' || origin === '') {
          throw new AppError('invalid_payload', 'The handshake needs a WebHook-Request-Origin header.', {
            field: 'webhook-request-origin',
          });
        }
        return reply
          .status(200)
          .header('allow', 'POST, OPTIONS')
          .header('webhook-allowed-origin', origin)
          .header('webhook-allowed-rate', '*')
          .send();
      },
    );
  });
}
