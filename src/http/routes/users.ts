/**
 * People who log in with a password, administered over HTTP as `fivekeys user` does locally, so the
 * command works while a server holds the data folder. Password hashes never leave the store.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { parseScopes, SCOPES } from '../../service/auth/auth.ts';
import type { AppServices } from '../../service/app.ts';
import { AddedUser, UserList } from '../schemas/admin.ts';

const Scopes = Type.Array(Type.String({ enum: [...SCOPES] }), { minItems: 1, maxItems: 3 });
const Password = Type.String({ minLength: 1, maxLength: 1024 });
const UsernameParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }) });
const AddBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 100 }), password: Password, scopes: Scopes },
  { additionalProperties: false },
);
const NoContent = Type.Null({ description: 'Done; no body' });
const PasswordBody = Type.Object({ password: Password }, { additionalProperties: false });

export function userRoutes(app: FastifyInstance, services: AppServices): void {
  const { auth } = services;
  app.get(
    '/api/v1/users',
    { config: { scope: 'admin' }, schema: { response: { 200: UserList } } },
    async () => ({
      users: await auth.listUsers(),
    }),
  );
  app.post<{ Body: Static<typeof AddBody> }>(
    '/api/v1/users',
    { config: { scope: 'admin' }, schema: { body: AddBody, response: { 201: AddedUser } } },
    async (request, reply) => {
      const { username, password, scopes } = request.body;
      return reply.status(201).send(await auth.addUser(username, password, parseScopes(scopes)));
    },
  );
  app.put<{ Params: Static<typeof UsernameParams>; Body: Static<typeof PasswordBody> }>(
    '/api/v1/users/:username/password',
    {
      config: { scope: 'admin' },
      schema: { params: UsernameParams, body: PasswordBody, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await auth.setPassword(request.params.username, request.body.password);
      return reply.status(204).send();
    },
  );
  app.delete<{ Params: Static<typeof UsernameParams> }>(
    '/api/v1/users/:username',
    { config: { scope: 'admin' }, schema: { params: UsernameParams, response: { 204: NoContent } } },
    async (request, reply) => {
      await auth.removeUser(request.params.username);
      return reply.status(204).send();
    },
  );
}
