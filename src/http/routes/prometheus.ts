/**
 * `GET /metrics` (Prometheus text format) and the request-duration histogram behind it. With a
 * metrics token configured, that bearer token and only it opens the route (a scraper's static
 * credential); without one, it is an API read like `/api/v1/metrics`: open while authentication is
 * off, a token with the read scope once it is on, so DORA numbers never leak where the API would not.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import type { AppServices } from '../../service/app.ts';

/** Installed before the routes; labelled by route pattern, so ids in URLs do not multiply series. */
export function installRequestMetrics(app: FastifyInstance, services: AppServices): void {
  app.addHook('onResponse', async (request, reply) => {
    services.prometheus.observeHttp(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
}

const Exposition = {
  description: 'The Prometheus text format',
  content: { 'text/plain; version=0.0.4': { schema: { type: 'string' } } },
};

export function prometheusRoutes(app: FastifyInstance, services: AppServices): void {
  const { prometheus } = services;
  app.get(
    '/metrics',
    {
      config: prometheus.tokenRequired ? {} : { scope: 'read' },
      schema: { response: { 200: Exposition } },
    },
    async (request, reply) => {
      if (prometheus.tokenRequired && !prometheus.authorizes(request.headers.authorization)) {
        throw new AppError('unauthorized', 'Send "Authorization: Bearer <FIVEKEYS_METRICS_TOKEN>".');
      }
      const scrape = await prometheus.scrape();
      if (scrape.failure !== undefined) {
        request.log.warn({ err: scrape.failure }, 'dora_* metrics left out: the database query failed');
      }
      return reply.type(scrape.contentType).send(scrape.body);
    },
  );
}
