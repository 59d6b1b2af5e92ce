/** Stored users (password logins) and failed-login counts per username (the lockout). */
import type { Queryable } from './db.ts';

export interface UserRow {
  username: string;
  password_hash: string;
  scopes: string[];
  created_at: Date;
  disabled_at: Date | null;
}

export async function insertUser(
  db: Queryable,
  user: { username: string; password_hash: string; scopes: string[] },
): Promise<boolean> {
  const rows = await db.query(
    `insert into users (username, password_hash, scopes) values ($1, $2, $3)
     on conflict (username) do nothing returning username`,
    [user.username, user.password_hash, user.scopes],
  );
  return rows.length > 0;
}

export async function updateUserPassword(db: Queryable, username: string, passwordHash: string) {
  const rows = await db.query('update users set password_hash = $2 where username = $1 returning username', [
    username,
    passwordHash,
  ]);
  return rows.length > 0;
}

export async function selectUser(db: Queryable, username: string): Promise<UserRow | undefined> {
  return (await db.query<UserRow>('select * from users where username = $1', [username]))[0];
}

export async function selectUsers(db: Queryable): Promise<UserRow[]> {
  return db.query<UserRow>('select * from users order by username');
}

export async function deleteUser(db: Queryable, username: string): Promise<boolean> {
  const rows = await db.query('delete from users where username = $1 returning username', [username]);
  return rows.length > 0;
}

export async function selectLockedUntil(db: Queryable, username: string): Promise<Date | null> {
  const rows = await db.query<{ locked_until: Date | null }>(
    'select locked_until from login_failures where username = $1',
    [username],
  );
  return rows[0]?.locked_until ?? null;
}

/**
 * Counts a failed login; failures older than `windowSeconds` start the count again. Reaching
 * `limit` locks the name until `lockSeconds` from now. Returns the lock's end, if any.
 */
export async function recordLoginFailure(
  db: Queryable,
  username: string,
  policy: { limit: number; windowSeconds: number; lockSeconds: number },
): Promise<Date | null> {
  const rows = await db.query<{ locked_until: Date | null }>(
    `insert into login_failures as f (username, failures, last_failed_at) values ($1, 1, now())
     on conflict (username) do update set
       failures = case when f.last_failed_at < now() - make_interval(secs => $2) then 1 else f.failures + 1 end,
       last_failed_at = now()
     returning locked_until`,
    [username, policy.windowSeconds],
  );
  const locked = await db.query<{ locked_until: Date | null }>(
    `update login_failures set locked_until = now() + make_interval(secs => $3), failures = 0
      where username = $1 and failures >= $2 returning locked_until`,
    [username, policy.limit, policy.lockSeconds],
  );
  return locked[0]?.locked_until ?? rows[0]?.locked_until ?? null;
}

export async function clearLoginFailures(db: Queryable, username: string): Promise<void> {
  await db.query('delete from login_failures where username = $1', [username]);
}

/** Forgets failures older than the window whose lock (if any) has ended: they no longer count. */
export async function deleteStaleLoginFailures(db: Queryable, windowSeconds: number): Promise<void> {
  await db.query(
    `delete from login_failures
      where last_failed_at < now() - make_interval(secs => $1)
        and (locked_until is null or locked_until < now())`,
    [windowSeconds],
  );
}
