/** Credentials → token (DevOpstic-style login) and token administration. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { parseScopes, SCOPES } from '../../service/auth/auth.ts';
import type { AppServices } from '../../service/app.ts';
import { CreatedToken, RotatedToken, TokenList } from '../schemas/admin.ts';

/** Ten years: 1e15 seconds is past the last date PostgreSQL can store (a 500, once). */
const MAX_TOKEN_SECONDS = 10 * 365 * 86_400;
const Scopes = Type.Array(Type.String({ enum: [...SCOPES] }), { minItems: 1, maxItems: 3 });
const LoginBody = Type.Object(
  {
    // Bounded: a username is indexed (login failures), and an index row holds ~2.7 KB at most.
    username: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    scopes: Type.Optional(Scopes),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const NoContent = Type.Null({ description: 'Done; no body' });
const RotateBody = Type.Object(
  { grace_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 * 86_400 })) },
  { additionalProperties: false },
);
const CreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    scopes: Scopes,
    expires_in_seconds: Type.Optional(Type.Integer({ minimum: 60, maximum: MAX_TOKEN_SECONDS })),
  },
  { additionalProperties: false },
);

export function tokenRoutes(app: FastifyInstance, services: AppServices): void {
  const { auth } = services;
  app.post<{ Body: Static<typeof LoginBody> }>(
    '/api/v1/auth/token',
    { config: { audit: 'login' }, schema: { body: LoginBody, response: { 201: CreatedToken } } },
    async (request, reply) => {
      const { username, password, scopes } = request.body;
      const wanted = scopes === undefined ? undefined : parseScopes(scopes);
      return reply.status(201).send(await auth.exchangeCredentials(username, password, wanted, request.ip));
    },
  );
  app.post<{ Body: Static<typeof CreateBody> }>(
    '/api/v1/tokens',
    { config: { scope: 'admin' }, schema: { body: CreateBody, response: { 201: CreatedToken } } },
    async (request, reply) => {
      const { name, scopes, expires_in_seconds } = request.body;
      return reply.status(201).send(await auth.createToken(name, parseScopes(scopes), expires_in_seconds));
    },
  );
  app.get(
    '/api/v1/tokens',
    { config: { scope: 'admin' }, schema: { response: { 200: TokenList } } },
    async () => ({
      tokens: await auth.listTokens(),
    }),
  );
  app.post<{ Params: { id: string }; Body: Static<typeof RotateBody> | undefined }>(
    '/api/v1/tokens/:id/rotate',
    {
      config: { scope: 'admin' },
      schema: { params: IdParams, body: Type.Optional(RotateBody), response: { 201: RotatedToken } },
    },
    async (request, reply) =>
      reply.status(201).send(await auth.rotateToken(request.params.id, request.body?.grace_seconds ?? 0)),
  );
  app.delete<{ Params: { id: string } }>(
    '/api/v1/tokens/:id',
    { config: { scope: 'admin' }, schema: { params: IdParams, response: { 204: NoContent } } },
    async (request, reply) => {
      await auth.revokeToken(request.params.id);
      return reply.status(204).send();
    },
  );
}
