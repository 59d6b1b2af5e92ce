/**
 * What every response and caller gets regardless of route: security headers (helmet), CORS
 * only for the origins configured (none by default: the dashboard is same-origin), and a request
 * budget per caller (@fastify/rate-limit) answered with 429 + `Retry-After`.
 */
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { AppError } from '../errors.ts';

export interface ProtectionOptions {
  /** Origins allowed to call the API from a browser; empty: no CORS headers at all. */
  corsOrigins?: readonly string[] | undefined;
  /** Requests per minute per caller (token id, else address); 0 or unset: no limit. */
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

/**
 * CORS before authentication and the rate limit: their refusals are answered from earlier hooks,
 * and a browser cannot read an answer that lacks Access-Control-Allow-Origin.
 */
export async function installCors(
  app: FastifyInstance,
  corsOrigins: readonly string[] | undefined,
): Promise<void> {
  const origins = corsOrigins ?? [];
  if (origins.length === 0) return;
  await app.register(cors, {
    origin: [...origins],
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'ce-*'],
    maxAge: 600,
  });
}

/** Probes an orchestrator polls: limiting them would restart or unroute a healthy replica. */
const UNLIMITED = new Set(['/healthz', '/readyz']);

export type RateLimitHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * The request budget as a hook for authentication to call once it knows the caller (installAuth),
 * refusals included: a token's requests count against its id, anyone else's (no token, a wrong or
 * refused one) against the source address, so guessing tokens spends the guesser's budget.
 */
export async function createRateLimit(
  app: FastifyInstance,
  perMinute: number | undefined,
): Promise<RateLimitHook | undefined> {
  if (!perMinute || perMinute <= 0) return undefined;
  await app.register(rateLimit, {
    global: false,
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => (request.principal ? `token:${request.principal.id}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `More than ${context.max} requests per minute; slow down.`, {
        retryAfter: Math.max(1, Math.ceil(context.ttl / 1000)),
      }),
  });
  const limit = app.rateLimit();
  return async (request, reply) => {
    if (UNLIMITED.has(request.routeOptions.url ?? '')) return;
    await limit.call(app, request, reply);
  };
}
