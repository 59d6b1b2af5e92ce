/**
 * Bearer tokens with scopes. A token reads `fk_<id>_<secret>`: the id finds the row, the secret is
 * kept only as a SHA-256 hash and compared in constant time. Lookups are cached briefly so an
 * authenticated ingest request does not cost a database round trip.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { Db } from '../store/db.ts';
import {
  countActiveTokens,
  insertToken,
  revokeToken as revokeTokenRow,
  selectToken,
  selectTokens,
  touchToken,
  type TokenRow,
} from '../store/tokens.ts';

export type Scope = 'ingest' | 'read' | 'admin';
export const SCOPES: readonly Scope[] = ['ingest', 'read', 'admin'];

export interface Principal {
  name: string;
  scopes: readonly Scope[];
}

export interface AuthOptions {
  mode: 'auto' | 'required' | 'off';
  adminToken?: string | undefined;
  adminUsername?: string | undefined;
  adminPassword?: string | undefined;
  cacheMs?: number;
  now?: () => number;
}

const hash = (secret: string) => createHash('sha256').update(secret).digest();
const sameHash = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

export function createAuthService(db: Db, options: AuthOptions) {
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? 5000;
  const adminHash = options.adminToken ? hash(options.adminToken) : undefined;
  const rows = new Map<string, { row: TokenRow | undefined; at: number }>();
  let activeCount: { n: number; at: number } | undefined;

  async function enabled(): Promise<boolean> {
    if (options.mode !== 'auto') return options.mode === 'required';
    // Configured credentials or an admin token mean the operator wants the API closed.
    if (adminHash || (options.adminUsername && options.adminPassword)) return true;
    if (!activeCount || now() - activeCount.at > cacheMs)
      activeCount = { n: await countActiveTokens(db), at: now() };
    return activeCount.n > 0;
  }

  async function lookup(id: string): Promise<TokenRow | undefined> {
    const cached = rows.get(id);
    if (cached && now() - cached.at < cacheMs) return cached.row;
    const row = await selectToken(db, id);
    if (row && (!cached || now() - (row.last_used_at?.getTime() ?? 0) > 60_000)) await touchToken(db, id);
    // Bounded: made-up token ids must not grow the cache without limit.
    if (rows.size >= 10_000) rows.clear();
    rows.set(id, { row, at: now() });
    return row;
  }

  /** The principal behind a bearer token, or null when the token is unknown, revoked or expired. */
  async function authenticate(token: string): Promise<Principal | null> {
    if (adminHash && sameHash(hash(token), adminHash)) return { name: 'admin', scopes: SCOPES };
    const match = /^fk_([a-z0-9]{12})_([A-Za-z0-9_-]{20,})$/.exec(token);
    if (!match) return null;
    const row = await lookup(match[1]!);
    if (!row || row.revoked_at || (row.expires_at && row.expires_at.getTime() <= now())) return null;
    if (!sameHash(hash(match[2]!), Buffer.from(row.secret_hash, 'hex'))) return null;
    return { name: row.name, scopes: row.scopes as Scope[] };
  }

  async function createToken(name: string, scopes: readonly Scope[], ttlSeconds?: number) {
    const id = randomBytes(9)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '0')
      .slice(0, 12);
    const secret = randomBytes(24).toString('base64url');
    const expires_at = ttlSeconds ? new Date(now() + ttlSeconds * 1000) : null;
    await insertToken(db, {
      id,
      name,
      secret_hash: hash(secret).toString('hex'),
      scopes: [...scopes],
      expires_at,
    });
    activeCount = undefined;
    return { id, token: `fk_${id}_${secret}`, name, scopes, expires_at };
  }

  /** POST /api/v1/auth/token: the configured credentials buy a token that expires. */
  async function exchangeCredentials(username: string, password: string, scopes: readonly Scope[]) {
    const { adminUsername, adminPassword } = options;
    if (!adminUsername || !adminPassword) {
      throw new AppError(
        'not_found',
        'Credential login is off: set FIVEKEYS_ADMIN_USERNAME and FIVEKEYS_ADMIN_PASSWORD.',
      );
    }
    const userOk = sameHash(hash(username), hash(adminUsername));
    const passwordOk = sameHash(hash(password), hash(adminPassword));
    if (!userOk || !passwordOk) throw new AppError('unauthorized', 'Unknown username or wrong password.');
    return createToken(`login:${username}`, scopes, 24 * 3600);
  }

  /** Token metadata for administrators; secrets and their hashes never leave the store. */
  async function listTokens() {
    return (await selectTokens(db)).map(({ secret_hash: _hash, ...token }) => token);
  }

  async function revokeToken(id: string): Promise<void> {
    if (!(await revokeTokenRow(db, id))) throw new AppError('not_found', `No active token with id "${id}".`);
    rows.delete(id);
    activeCount = undefined;
  }

  return { enabled, authenticate, createToken, exchangeCredentials, listTokens, revokeToken };
}

export type AuthService = ReturnType<typeof createAuthService>;

export function parseScopes(value: readonly string[]): Scope[] {
  const unknown = value.filter((scope) => !SCOPES.includes(scope as Scope));
  if (unknown.length > 0) {
    throw new AppError('invalid_payload', `Unknown scope ${unknown.join(', ')}: use ${SCOPES.join(', ')}.`, {
      field: 'scopes',
    });
  }
  return [...new Set(value)] as Scope[];
}
