-- People who log in with a password (POST /api/v1/auth/token) instead of holding a token, failed
-- logins per username (for the lockout, whether the name is a stored user or the configured admin),
-- and an append-only trail of administrative actions.

create table users (
  username text primary key,
  -- scrypt$N$r$p$salt$hash (base64url): the parameters travel with the hash so they can be raised later.
  password_hash text not null,
  scopes text[] not null,
  created_at timestamptz not null default now(),
  disabled_at timestamptz
);

create table login_failures (
  username text primary key,
  failures int not null,
  last_failed_at timestamptz not null,
  locked_until timestamptz
);

create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  -- The principal's name (token name, `admin`, `login:<user>`), or `cli:<os user>` for commands.
  actor text not null,
  action text not null,
  target text,
  outcome text not null,
  ip text,
  detail jsonb
);
create index audit_log_at on audit_log (at desc, id desc);
