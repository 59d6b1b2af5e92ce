/**
 * Bearer tokens with scopes. A token reads `fk_<id>_<secret>`: the id finds the row, the secret is
 * kept only as a SHA-256 hash and compared in constant time. Lookups are cached briefly (5 s) so an
 * authenticated ingest request does not cost a database round trip: a revocation or rotation made
 * through this process applies at once, one made elsewhere (another replica, the CLI) within 5 s.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../errors.ts';
import type { Db } from '../../store/db.ts';
import {
  clearLoginFailures,
  deleteStaleLoginFailures,
  recordLoginFailure,
  selectLockedUntil,
  selectUser,
} from '../../store/users.ts';
import { createLoginGuard, DEFAULT_LOGIN_LIMITS, type LoginLimits } from './login-guard.ts';
import { DECOY_HASH, verifyPassword } from './passwords.ts';
import { createUserAccounts } from './user-accounts.ts';
import {
  countCredentials,
  insertToken,
  expireToken as expireTokenRow,
  revokeToken as revokeTokenRow,
  selectToken,
  selectTokens,
  touchToken,
  type TokenRow,
} from '../../store/tokens.ts';

export type Scope = 'ingest' | 'read' | 'admin';
export const SCOPES: readonly Scope[] = ['ingest', 'read', 'admin'];

export interface Principal {
  /** The token's id (`admin-token` for FIVEKEYS_ADMIN_TOKEN): names are not unique, ids are. */
  id: string;
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
  loginLimits?: LoginLimits | undefined;
}

interface CachedToken {
  row: TokenRow | undefined;
  at: number;
  /** When the token was last recorded as used (last_used_at), in ms. */
  usedAt: number;
}

/** Five wrong passwords within 15 minutes lock the username for 15 minutes. */
const LOCKOUT = { limit: 5, windowSeconds: 900, lockSeconds: 900 };
const LOGIN_TOKEN_SECONDS = 24 * 3600;

const hash = (secret: string) => createHash('sha256').update(secret).digest();
const sameHash = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

export function createAuthService(db: Db, options: AuthOptions) {
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? 5000;
  const adminHash = options.adminToken ? hash(options.adminToken) : undefined;
  const guard = createLoginGuard(options.loginLimits ?? DEFAULT_LOGIN_LIMITS, now);
  const rows = new Map<string, CachedToken>();
  let evictions = 0;
  let activeCount: { n: number; at: number } | undefined;

  async function enabled(): Promise<boolean> {
    if (options.mode !== 'auto') return options.mode === 'required';
    // Configured credentials or an admin token mean the operator wants the API closed.
    if (adminHash || (options.adminUsername && options.adminPassword)) return true;
    if (!activeCount || now() - activeCount.at > cacheMs)
      activeCount = { n: await countCredentials(db), at: now() };
    return activeCount.n > 0;
  }

  /**
   * The token's row, from the cache when fresh. A lookup that was in flight when the token was
   * evicted (revoked, rotated) is not cached: it read the row from before the change.
   */
  async function lookup(id: string): Promise<CachedToken> {
    const cached = rows.get(id);
    if (cached && now() - cached.at < cacheMs) return cached;
    const seen = evictions;
    const row = await selectToken(db, id);
    const entry = { row, at: now(), usedAt: row?.last_used_at?.getTime() ?? 0 };
    if (seen !== evictions) return entry;
    // Bounded: made-up token ids must not grow the cache without limit.
    if (rows.size >= 10_000) rows.clear();
    rows.set(id, entry);
    return entry;
  }

  function evict(id: string): void {
    evictions++;
    rows.delete(id);
  }

  /** The principal behind a bearer token, or null when the token is unknown, revoked or expired. */
  async function authenticate(token: string): Promise<Principal | null> {
    if (adminHash && sameHash(hash(token), adminHash))
      return { id: 'admin-token', name: 'admin', scopes: SCOPES };
    const match = /^fk_([a-z0-9]{12})_([A-Za-z0-9_-]{20,})$/.exec(token);
    if (!match) return null;
    const id = match[1]!;
    const entry = await lookup(id);
    const { row } = entry;
    if (!row || row.revoked_at || (row.expires_at && row.expires_at.getTime() <= now())) return null;
    if (!sameHash(hash(match[2]!), Buffer.from(row.secret_hash, 'hex'))) return null;
    // Only a right secret is a use; written at most once a minute per token.
    if (now() - entry.usedAt > 60_000) {
      entry.usedAt = now();
      await touchToken(db, id);
    }
    return { id, name: row.name, scopes: row.scopes as Scope[] };
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

  /**
   * POST /api/v1/auth/token: a stored user's password, or the configured admin credentials, buy a
   * token that expires in a day, with the requested scopes if the user holds them (by default read
   * and ingest, those of them the user holds, else all it holds). Wrong passwords count per
   * username, known or not, and lock it (LOCKOUT) whatever the password after that; they also count
   * per source `address` (login-guard.ts), when the caller gives one.
   */
  async function exchangeCredentials(
    username: string,
    password: string,
    requested?: readonly Scope[],
    address?: string,
  ) {
    const attempt = address === undefined ? undefined : guard.admit(address);
    const lockedUntil = await selectLockedUntil(db, username);
    if (lockedUntil && lockedUntil.getTime() > now()) throw lockedError(lockedUntil);
    const granted = await guard.check(() => checkPassword(username, password));
    if (!granted) {
      const locked = await recordLoginFailure(db, username, LOCKOUT);
      // Rows of names nobody tried for a lockout window are useless: a spray of random usernames
      // leaves at most a window's worth of them.
      await deleteStaleLoginFailures(db, LOCKOUT.windowSeconds);
      if (locked && locked.getTime() > now()) throw lockedError(locked);
      throw new AppError('unauthorized', 'Unknown username or wrong password.');
    }
    attempt?.succeeded();
    await clearLoginFailures(db, username);
    const holds = (scope: Scope) => granted.includes(scope) || granted.includes('admin');
    const everyday = (['read', 'ingest'] as const).filter(holds);
    const scopes = requested ?? (everyday.length > 0 ? everyday : granted);
    const missing = scopes.filter((scope) => !holds(scope));
    if (missing.length > 0) {
      throw new AppError('forbidden', `User "${username}" does not hold the scope ${missing.join(', ')}.`, {
        field: 'scopes',
      });
    }
    return createToken(`login:${username}`, scopes, LOGIN_TOKEN_SECONDS);
  }

  /** The scopes the password grants, or null. Unknown users cost a decoy hash, so timing tells nothing. */
  async function checkPassword(username: string, password: string): Promise<readonly Scope[] | null> {
    const user = await selectUser(db, username);
    if (user && !user.disabled_at) {
      return (await verifyPassword(password, user.password_hash)) ? (user.scopes as Scope[]) : null;
    }
    await verifyPassword(password, DECOY_HASH);
    const { adminUsername, adminPassword } = options;
    if (!user && adminUsername && adminPassword) {
      const userOk = sameHash(hash(username), hash(adminUsername));
      const passwordOk = sameHash(hash(password), hash(adminPassword));
      if (userOk && passwordOk) return SCOPES;
    }
    return null;
  }

  /**
   * A new secret for a token: same name, scopes and expiry. The old secret stops working at once,
   * or after `graceSeconds` so senders can be switched over without a gap.
   */
  async function rotateToken(id: string, graceSeconds = 0) {
    const row = await selectToken(db, id);
    if (!row || row.revoked_at || (row.expires_at && row.expires_at.getTime() <= now())) {
      throw new AppError('not_found', `No active token with id "${id}".`);
    }
    const ttl = row.expires_at
      ? Math.max(1, Math.round((row.expires_at.getTime() - now()) / 1000))
      : undefined;
    const created = await createToken(row.name, row.scopes as Scope[], ttl);
    if (graceSeconds > 0) await expireTokenRow(db, id, new Date(now() + graceSeconds * 1000));
    else await revokeTokenRow(db, id);
    evict(id);
    return { ...created, replaces: id };
  }

  /** Token metadata for administrators; secrets and their hashes never leave the store. */
  async function listTokens() {
    return (await selectTokens(db)).map(({ secret_hash: _hash, ...token }) => token);
  }

  async function revokeToken(id: string): Promise<void> {
    if (!(await revokeTokenRow(db, id))) throw new AppError('not_found', `No active token with id "${id}".`);
    evict(id);
    activeCount = undefined;
  }

  return {
    enabled,
    authenticate,
    createToken,
    exchangeCredentials,
    listTokens,
    revokeToken,
    rotateToken,
    ...createUserAccounts(db),
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

function lockedError(until: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  return new AppError(
    'login_locked',
    `Too many failed logins for this username; try again in ${seconds} s.`,
    {
      retryAfter: seconds,
    },
  );
}

export function parseScopes(value: readonly string[]): Scope[] {
  const unknown = value.filter((scope) => !SCOPES.includes(scope as Scope));
  if (unknown.length > 0) {
    throw new AppError('invalid_payload', `Unknown scope ${unknown.join(', ')}: use ${SCOPES.join(', ')}.`, {
      field: 'scopes',
    });
  }
  return [...new Set(value)] as Scope[];
}
