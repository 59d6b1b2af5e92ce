/**
 * buildServer(services, options): the whole HTTP surface as a Fastify instance that never listens by
 * itself, so tests and `fivekeys serve` start it the same way.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppServices } from '../service/app.ts';
import { installAuth } from './auth.ts';
import { installErrorHandler } from './error-handler.ts';
import { installJsonBody } from './json-body.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { installOpenApi } from './openapi.ts';
import { cloudEventsRoutes } from './routes/cloudevents.ts';
import { evidenceRoutes } from './routes/evidence.ts';
import { graphqlRoutes } from './routes/graphql.ts';
import { healthRoutes } from './routes/health.ts';
import { metricRoutes } from './routes/metrics.ts';
import { nativeIngestRoutes } from './routes/native-ingest.ts';
import { installRequestMetrics, prometheusRoutes } from './routes/prometheus.ts';
import { rawEventRoutes } from './routes/raw-events.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { webhookRoutes } from './routes/webhooks.ts';

export interface ServerOptions {
  bodyLimitBytes: number;
  logLevel?: string;
}

export async function buildServer(services: AppServices, options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: options.bodyLimitBytes,
    logger: {
      level: options.logLevel ?? 'info',
      redact: ['req.headers.authorization', 'req.headers["x-gitlab-token"]', 'req.headers.cookie'],
      serializers: {
        // A token sent as ?access_token= must not reach the logs.
        req: (request: { method: string; url: string }) => ({
          method: request.method,
          url: request.url.replace(/([?&]access_token=)[^&]*/gi, '$1[redacted]'),
        }),
      },
    },
    // No coercion: a body's `team: 5` is an error, not "5"; query parameters are declared as strings.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    return503OnClosing: true,
  });
  installJsonBody(app);
  installErrorHandler(app);
  installAuth(app, services.auth);
  // Before the routes: the OpenAPI document is collected as they are added.
  await installOpenApi(app);
  installRequestMetrics(app, services);
  healthRoutes(app, services);
  nativeIngestRoutes(app, services);
  await cloudEventsRoutes(app, services, options.bodyLimitBytes);
  await webhookRoutes(app, services);
  rawEventRoutes(app, services);
  metricRoutes(app, services);
  evidenceRoutes(app, services);
  await graphqlRoutes(app, services);
  catalogRoutes(app, services);
  tokenRoutes(app, services);
  prometheusRoutes(app, services);
  await app.ready();
  return app;
}
