import type { Queryable } from './db.ts';

export interface TokenRow {
  id: string;
  name: string;
  secret_hash: string;
  scopes: string[];
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export async function insertToken(
  db: Queryable,
  token: { id: string; name: string; secret_hash: string; scopes: string[]; expires_at: Date | null },
): Promise<void> {
  await db.query(
    'insert into tokens (id, name, secret_hash, scopes, expires_at) values ($1, $2, $3, $4, $5)',
    [token.id, token.name, token.secret_hash, token.scopes, token.expires_at],
  );
}

export async function selectToken(db: Queryable, id: string): Promise<TokenRow | undefined> {
  return (await db.query<TokenRow>('select * from tokens where id = $1', [id]))[0];
}

export async function selectTokens(db: Queryable): Promise<TokenRow[]> {
  return db.query<TokenRow>('select * from tokens order by created_at, id');
}

/** Active tokens and enabled users: any of them means the operator wants the API closed. */
export async function countCredentials(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `select ((select count(*) from tokens where revoked_at is null and (expires_at is null or expires_at > now()))
           + (select count(*) from users where disabled_at is null))::int as n`,
  );
  return rows[0]?.n ?? 0;
}

export async function revokeToken(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query(
    'update tokens set revoked_at = now() where id = $1 and revoked_at is null returning id',
    [id],
  );
  return rows.length > 0;
}

export async function touchToken(db: Queryable, id: string): Promise<void> {
  await db.query('update tokens set last_used_at = now() where id = $1', [id]);
}

/** Shortens a token's life (rotation with a grace period); never extends it. */
export async function expireToken(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(
    'update tokens set expires_at = least(coalesce(expires_at, $2), $2) where id = $1 and revoked_at is null',
    [id, at],
  );
}
