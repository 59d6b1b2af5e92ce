/**
 * While the server closes (SIGTERM, `app.close()`): requests that still reach it, on a keep-alive
 * connection, get our error shape, `503 shutting_down` with `Retry-After`, instead of Fastify's own
 * body (`return503OnClosing`, which carries neither); `/readyz` still answers (`stopping`). Answers to
 * requests in flight when the close began carry `Connection: close`, so their keep-alive connections
 * end with them instead of holding the close open.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import type { Lifecycle } from '../service/lifecycle.ts';
import { sendError } from './error-handler.ts';

export function installClosingAnswer(app: FastifyInstance, lifecycle: Lifecycle): void {
  let closing = false;
  app.addHook('preClose', async () => {
    lifecycle.beginStop();
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!closing || request.routeOptions.url === '/readyz') return;
    reply.header('connection', 'close');
    return sendError(
      reply,
      new AppError(
        'shutting_down',
        'This server is shutting down: send the request again, it will be answered elsewhere or after the restart.',
      ),
    );
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
}
