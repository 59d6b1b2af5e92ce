/** Routes declare the scope they need (`config: { scope }`); this hook enforces it before the body is read. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { AuthService, Principal, Scope } from '../service/auth/auth.ts';
import type { RateLimitHook } from './protection.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    scope?: Scope;
    /** Also accept `?access_token=` (CloudEvents webhook spec; for senders that cannot set headers). */
    queryToken?: boolean;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;
/** Headers a proxy adds: a loopback peer sending them is a proxy relaying someone else. */
const FORWARDING = /^(forwarded|via|x-real-ip|x-forwarded-.*)$/i;

/**
 * A caller on this machine talking to us directly: the socket's peer is loopback (never the
 * client address a proxy claims) and no proxy header says the request was relayed.
 */
function isLocal(request: FastifyRequest): boolean {
  if (Object.keys(request.headers).some((name) => FORWARDING.test(name))) return false;
  return LOOPBACK.test(request.socket.remoteAddress ?? '');
}

/**
 * A refusal is held until the rate limit has counted the request (against the address, as the
 * caller is unknown): otherwise a brute-forcer with wrong tokens would never be limited.
 */
export function installAuth(app: FastifyInstance, auth: AuthService, rateLimit?: RateLimitHook): void {
  app.addHook('onRequest', async (request, reply) => {
    const scope = request.routeOptions.config.scope;
    let refusal: unknown;
    if (scope) await requireScope(request, auth, scope).catch((error: unknown) => (refusal = error));
    await rateLimit?.(request, reply);
    if (refusal !== undefined) throw refusal;
  });
}

/** Checks the caller's token for `scope`; routes that authenticate in their handler call it too. */
export async function requireScope(request: FastifyRequest, auth: AuthService, scope: Scope): Promise<void> {
  if (!(await auth.enabled())) {
    // Open mode is for a first look on one machine: nobody else may mint the first admin token.
    if (scope === 'admin' && !isLocal(request)) {
      throw new AppError(
        'forbidden',
        'Authentication is off: admin routes answer only to callers on this machine, not through a proxy. Set FIVEKEYS_ADMIN_TOKEN.',
      );
    }
    return;
  }
  // Known before the scope check: a 403 counts against the token's budget and names it in the audit.
  const principal = await principalOf(request, auth);
  if (!principal.scopes.includes(scope) && !principal.scopes.includes('admin')) {
    throw new AppError('forbidden', `This token lacks the "${scope}" scope.`);
  }
}

/** The caller's token, or a 401 saying what to send. */
async function principalOf(request: FastifyRequest, auth: AuthService): Promise<Principal> {
  const token =
    headerToken(request.headers.authorization ?? '') ??
    (request.routeOptions.config.queryToken ? queryToken(request.url) : undefined);
  if (!token) {
    throw new AppError(
      'unauthorized',
      'Send "Authorization: Bearer <token>"; create one with `fivekeys token create`.',
    );
  }
  const principal = await auth.authenticate(token);
  if (!principal) throw new AppError('unauthorized', 'The token is unknown, revoked or expired.');
  request.principal = principal;
  return principal;
}

export interface Caller {
  authentication: boolean;
  principal: Principal | null;
  scopes: readonly Scope[];
}

/**
 * Who is calling and with which scopes (`GET /api/v1/auth/whoami`), refused like any route when a
 * token is needed and missing or wrong. With authentication off, callers hold what requireScope lets
 * them do: everything on this machine, not admin through a proxy.
 */
export async function callerOf(request: FastifyRequest, auth: AuthService): Promise<Caller> {
  if (!(await auth.enabled())) {
    const scopes: Scope[] = isLocal(request) ? ['ingest', 'read', 'admin'] : ['ingest', 'read'];
    return { authentication: false, principal: null, scopes };
  }
  const principal = await principalOf(request, auth);
  return { authentication: true, principal, scopes: principal.scopes };
}

/**
 * `Bearer <token>`, or Basic auth with the token as the password: some senders (the Jenkins
 * Notification plugin, an Alertmanager `basic_auth`) can only put credentials in the URL.
 */
function headerToken(authorization: string): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (bearer) return bearer;
  const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  return decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) || undefined : undefined;
}

function queryToken(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  return new URLSearchParams(url.slice(query + 1)).get('access_token') ?? undefined;
}
