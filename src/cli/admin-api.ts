/**
 * What `fivekeys token` and `fivekeys user` do, on the folder (the auth service, with an audit entry
 * per change) or through the server holding it (its admin routes, which keep their own audit trail).
 */
import type { Command } from 'commander';
import { cliActor } from '../service/auth/audit.ts';
import type { Scope } from '../service/auth/auth.ts';
import { withAdmin } from './admin-context.ts';
import type { ServerClient } from './server-client.ts';
import { resolveTarget } from './target.ts';

export interface NewToken {
  id: string;
  token: string;
  name: string;
  scopes: readonly string[];
  expires_at: Date | string | null;
  replaces?: string;
}

export interface TokenView {
  id: string;
  name: string;
  scopes: string[];
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface UserView {
  username: string;
  scopes: string[];
  created_at: Date;
  disabled_at: Date | null;
}

export interface AdminApi {
  createToken(name: string, scopes: readonly Scope[], ttlSeconds?: number): Promise<NewToken>;
  listTokens(): Promise<TokenView[]>;
  revokeToken(id: string): Promise<void>;
  rotateToken(id: string, graceSeconds: number): Promise<NewToken>;
  addUser(username: string, password: string, scopes: readonly Scope[]): Promise<void>;
  setPassword(username: string, password: string): Promise<void>;
  removeUser(username: string): Promise<void>;
  listUsers(): Promise<UserView[]>;
}

export async function withAdminApi<T>(
  program: Command,
  token: string | undefined,
  work: (api: AdminApi) => Promise<T>,
): Promise<T> {
  const target = await resolveTarget(program, { token });
  if (target.kind === 'server') return work(serverAdmin(target.server));
  return withAdmin(program, (auth, audit) => {
    const record = (action: string, target: string) =>
      audit.record({ actor: cliActor(), action, target, outcome: 'ok' });
    return work({
      async createToken(name, scopes, ttl) {
        const created = await auth.createToken(name, scopes, ttl);
        await record('token create', created.id);
        return created;
      },
      listTokens: () => auth.listTokens(),
      async revokeToken(id) {
        await auth.revokeToken(id);
        await record('token revoke', id);
      },
      async rotateToken(id, grace) {
        const rotated = await auth.rotateToken(id, grace);
        await record('token rotate', id);
        return rotated;
      },
      async addUser(username, password, scopes) {
        await auth.addUser(username, password, scopes);
        await record('user add', username);
      },
      async setPassword(username, password) {
        await auth.setPassword(username, password);
        await record('user passwd', username);
      },
      async removeUser(username) {
        await auth.removeUser(username);
        await record('user remove', username);
      },
      listUsers: () => auth.listUsers(),
    });
  });
}

const date = (value: string | null): Date | null => (value === null ? null : new Date(value));
const path = (segment: string) => encodeURIComponent(segment);

type Json<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

function serverAdmin(server: ServerClient): AdminApi {
  return {
    createToken: (name, scopes, ttl) =>
      server.json('POST', '/api/v1/tokens', {
        name,
        scopes,
        ...(ttl === undefined ? {} : { expires_in_seconds: ttl }),
      }),
    async listTokens() {
      const { tokens } = await server.json<{ tokens: Json<TokenView>[] }>('GET', '/api/v1/tokens');
      return tokens.map((t) => ({
        ...t,
        expires_at: date(t.expires_at),
        last_used_at: date(t.last_used_at),
        revoked_at: date(t.revoked_at),
      }));
    },
    revokeToken: (id) => server.json('DELETE', `/api/v1/tokens/${path(id)}`),
    rotateToken: (id, grace) =>
      server.json('POST', `/api/v1/tokens/${path(id)}/rotate`, { grace_seconds: grace }),
    addUser: (username, password, scopes) =>
      server.json('POST', '/api/v1/users', { username, password, scopes }),
    setPassword: (username, password) =>
      server.json('PUT', `/api/v1/users/${path(username)}/password`, { password }),
    removeUser: (username) => server.json('DELETE', `/api/v1/users/${path(username)}`),
    async listUsers() {
      const { users } = await server.json<{ users: Json<UserView>[] }>('GET', '/api/v1/users');
      return users.map((u) => ({
        ...u,
        created_at: new Date(u.created_at),
        disabled_at: date(u.disabled_at),
      }));
    },
  };
}
