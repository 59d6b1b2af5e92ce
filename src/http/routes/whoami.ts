/**
 * `GET /api/v1/auth/whoami` (any valid token): the caller's scopes, so a client (the dashboard)
 * can say what a token may do before it tries, instead of meeting a 403 it cannot read (an
 * EventSource never sees the status of a refused stream).
 */
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../../service/app.ts';
import { callerOf } from '../auth.ts';
import { Whoami } from '../schemas/whoami.ts';

/** Tokens bought with a password are named after their user (auth.ts `exchangeCredentials`). */
const LOGIN_PREFIX = 'login:';

export function whoamiRoutes(app: FastifyInstance, services: AppServices): void {
  app.get<{ Reply: Static<typeof Whoami> }>(
    '/api/v1/auth/whoami',
    { schema: { response: { 200: Whoami } } },
    async (request) => {
      const { authentication, principal, scopes } = await callerOf(request, services.auth);
      const name = principal?.name;
      return {
        authentication,
        scopes: [...scopes],
        token: principal ? { id: principal.id, name: principal.name } : null,
        user: name?.startsWith(LOGIN_PREFIX) ? name.slice(LOGIN_PREFIX.length) : null,
      };
    },
  );
}
