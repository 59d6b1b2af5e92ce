/**
 * Records every administrative call (a route with scope `admin` that changes something) and every
 * login attempt in the audit trail, after the answer is sent. Calls refused for lack of a token
 * (401) are not recorded: anyone on the network could fill the trail with them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditService } from '../service/auth/audit.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `login`: record the attempt under the username it names (never the password). */
    audit?: 'login';
  }
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installAuditTrail(app: FastifyInstance, audit: AuditService): void {
  app.addHook('onResponse', async (request, reply) => {
    const config = request.routeOptions.config;
    const isAdminChange = config.scope === 'admin' && !READS.has(request.method);
    if (!isAdminChange && config.audit !== 'login') return;
    if (reply.statusCode === 401 && config.audit !== 'login') return;
    const entry = {
      actor: actorOf(request, config.audit === 'login'),
      action: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
      target: targetOf(request.params),
      outcome: reply.statusCode < 400 ? 'ok' : `refused ${reply.statusCode}`,
      ip: request.ip,
    };
    const refusedLogin = config.audit === 'login' && reply.statusCode >= 400;
    await (refusedLogin ? audit.recordRefusedLogin(entry) : audit.record(entry)).catch((error: unknown) =>
      request.log.warn({ err: error }, 'audit entry lost'),
    );
  });
}

function actorOf(request: FastifyRequest, login: boolean): string {
  if (login) {
    const username = (request.body as { username?: unknown } | undefined)?.username;
    return typeof username === 'string' ? `login:${username.slice(0, 100)}` : 'login:?';
  }
  return request.principal?.name ?? 'anonymous (auth off)';
}

function targetOf(params: unknown): string | null {
  const values = Object.values((params ?? {}) as Record<string, unknown>).filter(
    (value): value is string => typeof value === 'string',
  );
  return values.length > 0 ? values.join('/') : null;
}
