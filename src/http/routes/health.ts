/** Public probes and identity: `/api/ping` (DevLake-compatible), `/api/version`, `/healthz`, `/readyz`. */
import type { FastifyInstance } from 'fastify';
import { VERSION, type AppServices } from '../../service/app.ts';

export function healthRoutes(app: FastifyInstance, services: AppServices): void {
  app.get('/api/ping', async () => ({ message: 'pong' }));
  app.get('/api/version', async () => ({
    name: 'fivekeys',
    version: VERSION,
    database: services.db.kind,
    auth: await services.auth.enabled().catch(() => null),
  }));
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    if (await services.ready()) return { status: 'ready', database: 'ok' };
    return reply
      .status(503)
      .header('retry-after', '5')
      .send({ status: 'not_ready', database: 'unreachable' });
  });
}
