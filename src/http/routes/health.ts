/**
 * Public probes and identity: `/api/ping` (DevLake-compatible), `/api/version`, `/healthz`, `/readyz`.
 * `/healthz` is liveness (the process answers) and never looks at the database, so an orchestrator
 * does not restart a healthy process because its database is down. `/readyz` is readiness: the
 * database answers within a bound and the ingest queue takes requests; otherwise 503, so a load
 * balancer sends traffic elsewhere until it recovers. From the moment a stop begins it answers 503
 * `stopping` without asking the database, so traffic drains before the listener closes.
 */
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { VERSION, type AppServices } from '../../service/app.ts';
import { Alive, NotReady, Pong, Ready, Version } from '../schemas/health.ts';

/** A probe must answer even when the database hangs (a lock, a lost network): then it is not ready. */
const DATABASE_PROBE_MS = 2000;

export function healthRoutes(app: FastifyInstance, services: AppServices): void {
  app.get<{ Reply: Static<typeof Pong> }>('/api/ping', { schema: { response: { 200: Pong } } }, async () => ({
    message: 'pong',
  }));
  app.get<{ Reply: Static<typeof Version> }>(
    '/api/version',
    { schema: { response: { 200: Version } } },
    async () => ({
      name: 'fivekeys',
      version: VERSION,
      database: services.db.kind,
      auth: await services.auth.enabled().catch(() => null),
    }),
  );
  app.get<{ Reply: Static<typeof Alive> }>(
    '/healthz',
    { schema: { response: { 200: Alive } } },
    async () => ({ status: 'ok' }),
  );
  app.get('/readyz', { schema: { response: { 200: Ready, 503: NotReady } } }, async (_request, reply) => {
    if (services.lifecycle.stopping) {
      return reply.status(503).header('retry-after', '5').send({ status: 'stopping' });
    }
    const reachable = await withinMs(services.ready(), DATABASE_PROBE_MS);
    const queue = services.ingest.queue();
    const body = {
      database: reachable ? 'ok' : 'unreachable',
      ingest: {
        waiting: queue.waiting,
        in_batch: queue.inBatch,
        bytes: queue.bytes,
        max_pending: queue.maxPending,
        max_pending_bytes: queue.maxPendingBytes,
        batch_ms: queue.batchMs,
        saturated: queue.saturated,
      },
    };
    if (reachable && !queue.saturated) return { status: 'ready', ...body };
    return reply
      .status(503)
      .header('retry-after', '5')
      .send({ status: 'not_ready', ...body });
  });
}

async function withinMs(probe: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
