/**
 * buildServer(services, options): the whole HTTP surface as a Fastify instance that never listens by
 * itself, so tests and `fivekeys serve` start it the same way.
 */
import { createServer } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { installAnswerCheck, type AnswerCheck } from './answer-check.ts';
import type { TrustProxy } from '../config.ts';
import type { AppServices } from '../service/app.ts';
import { installAuditTrail } from './audit.ts';
import { installAuth } from './auth.ts';
import { installClosingAnswer } from './closing.ts';
import { clientErrorHandler, frameworkErrorHandler, installErrorHandler } from './error-handler.ts';
import { installJsonBody } from './json-body.ts';
import { lazyValidators } from './lazy-validators.ts';
import {
  createRateLimit,
  installCors,
  installSecurityHeaders,
  type ProtectionOptions,
} from './protection.ts';
import { auditRoutes } from './routes/audit.ts';
import { benchmarkRoutes } from './routes/benchmarks.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { DASHBOARD_DIR } from '../package-paths.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { installOpenApi } from './openapi.ts';
import { cloudEventsRoutes } from './routes/cloudevents.ts';
import { evidenceRoutes } from './routes/evidence.ts';
import { graphqlRoutes } from './routes/graphql.ts';
import { healthRoutes } from './routes/health.ts';
import { installLiveEvents } from './routes/live-events.ts';
import { metricRoutes } from './routes/metrics.ts';
import { nativeIngestRoutes } from './routes/native-ingest.ts';
import { installRequestMetrics, prometheusRoutes } from './routes/prometheus.ts';
import { redactUrl } from './redact-url.ts';
import { rawEventRoutes } from './routes/raw-events.ts';
import { ingestWarningRoutes } from './routes/ingest-warnings.ts';
import { exportRoutes } from './routes/export.ts';
import { importRoutes } from './routes/imports.ts';
import { replayRoutes } from './routes/replay.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { whoamiRoutes } from './routes/whoami.ts';
import { userRoutes } from './routes/users.ts';
import { webhookRoutes } from './routes/webhooks.ts';

export interface ServerOptions extends ProtectionOptions {
  bodyLimitBytes: number;
  logLevel?: string;
  /** Where logs go (default stdout): tests read them to check that no secret is written. */
  logStream?: { write(line: string): void };
  /** Whole request (headers and body) must arrive within this; a slow sender is cut off. */
  requestTimeoutMs?: number;
  /** The built dashboard (index.html + assets/); default `<package root>/dist/web`. */
  dashboardDir?: string;
  /** Whose forwarding headers name the client (FIVEKEYS_TRUST_PROXY); default: nobody's. */
  trustProxy?: TrustProxy;
  /** Tests: shown every answer (before serialization) to compare it with `/openapi.json`. */
  checkAnswer?: AnswerCheck;
}

export async function buildServer(services: AppServices, options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: options.bodyLimitBytes,
    trustProxy: toTrustProxy(options.trustProxy),
    logger: {
      level: options.logLevel ?? 'info',
      ...(options.logStream ? { stream: options.logStream } : {}),
      redact: ['req.headers.authorization', 'req.headers["x-gitlab-token"]', 'req.headers.cookie'],
      serializers: {
        // A token sent as ?access_token= must not reach the logs.
        req: (request: { method: string; url: string }) => ({
          method: request.method,
          url: redactUrl(request.url),
        }),
      },
    },
    // No coercion: a body's `team: 5` is an error, not "5"; query parameters are declared as strings.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    schemaController: { compilersFactory: { buildValidator: lazyValidators() } },
    // Ours (closing.ts) answers in the API's error shape, with Retry-After.
    return503OnClosing: false,
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    // Catalog names may be 200 characters long; percent-encoded in a path segment, longer.
    routerOptions: { maxParamLength: 1024 },
    // Slow-loris: headers and body must arrive in time; Node checks every second instead of 30.
    serverFactory: (handler) => {
      const server = createServer(
        {
          requestTimeout: options.requestTimeoutMs ?? 30_000,
          headersTimeout: Math.min(options.requestTimeoutMs ?? 30_000, 10_000),
          connectionsCheckingInterval: 1000,
        },
        handler,
      );
      // Fastify's own default, which a server factory bypasses: Node's 5 s is shorter than the
      // idle timeout of most load balancers, whose reused connections would then fail.
      server.keepAliveTimeout = 72_000;
      return server;
    },
  });
  if (options.checkAnswer) installAnswerCheck(app, options.checkAnswer);
  installJsonBody(app);
  installErrorHandler(app);
  installClosingAnswer(app, services.lifecycle);
  installSecurityHeaders(app);
  await installCors(app, options.corsOrigins);
  installAuth(app, services.auth, await createRateLimit(app, options.rateLimitPerMinute));
  installAuditTrail(app, services.audit);
  // Before the routes: the OpenAPI document is collected as they are added.
  await installOpenApi(app);
  installRequestMetrics(app, services);
  installLiveEvents(app, services);
  healthRoutes(app, services);
  nativeIngestRoutes(app, services);
  await cloudEventsRoutes(app, services, options.bodyLimitBytes);
  await webhookRoutes(app, services);
  rawEventRoutes(app, services);
  ingestWarningRoutes(app, services);
  metricRoutes(app, services);
  evidenceRoutes(app, services);
  await graphqlRoutes(app, services);
  catalogRoutes(app, services);
  tokenRoutes(app, services);
  whoamiRoutes(app, services);
  userRoutes(app, services);
  replayRoutes(app, services);
  importRoutes(app, services);
  exportRoutes(app, services);
  auditRoutes(app, services);
  prometheusRoutes(app, services);
  benchmarkRoutes(app, services);
  await dashboardRoutes(app, options.dashboardDir ?? DASHBOARD_DIR);
  await app.ready();
  return app;
}

/**
 * Fastify takes a list or a boolean; a hop count (which it no longer takes: it cannot check the
 * peer) trusts the nearest `hops` addresses, so every request must come through those proxies.
 */
function toTrustProxy(
  trust: TrustProxy | undefined,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return typeof trust === 'object' ? [...trust] : (trust ?? false);
}
