/**
 * What every response and caller gets regardless of route: security headers (helmet), CORS
 * only for the origins configured (none by default: the dashboard is same-origin), and a request
 * budget per caller (@fastify/rate-limit) answered with 429 + `Retry-After`.
 */
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { AppError } from '../errors.ts';

export interface ProtectionOptions {
  /** Origins allowed to call the API from a browser; empty: no CORS headers at all. */
  corsOrigins?: readonly string[] | undefined;
  /** Requests per minute per caller (token, else address); 0 or unset: no limit. */
  rateLimitPerMinute?: number | undefined;
}

/**
 * Security headers on every answer, refusals included: installed before authentication, whose
 * 401s are otherwise sent before any later hook runs.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  // helmet's middleware is built once: @fastify/helmet built it again on every request, parsing
  // each CSP directive, which was 8% of the server's CPU under the ingest load.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // uPlot and Swagger UI set inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Served over plain HTTP on a laptop as often as behind TLS: HSTS is the proxy's decision.
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error) => done(error instanceof Error ? error : undefined)),
  );
}

export async function installProtection(app: FastifyInstance, options: ProtectionOptions): Promise<void> {
  const origins = options.corsOrigins ?? [];
  if (origins.length > 0) {
    await app.register(cors, {
      origin: [...origins],
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'ce-*'],
      maxAge: 600,
    });
  }
  const max = options.rateLimitPerMinute ?? 0;
  if (max > 0) {
    await app.register(rateLimit, {
      max,
      timeWindow: 60_000,
      // After authentication (onRequest), so the budget is the token's wherever it calls from.
      hook: 'preParsing',
      keyGenerator: (request) => (request.principal ? `token:${request.principal.name}` : `ip:${request.ip}`),
      errorResponseBuilder: (_request, context) =>
        new AppError('rate_limited', `More than ${context.max} requests per minute; slow down.`, {
          retryAfter: Math.max(1, Math.ceil(context.ttl / 1000)),
        }),
    });
  }
}
