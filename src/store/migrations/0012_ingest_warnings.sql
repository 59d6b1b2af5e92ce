-- Events stored but not counted (an environment that is not production, a deployment commit that
-- names no known change, an incident tied to no service), as ingest told the sender, for doctor and
-- the live page. Only the newest few thousand are kept: ingest trims it as it writes.
create table ingest_warnings (
  id bigserial primary key,
  received_at timestamptz not null default now(),
  code text not null,
  kind text not null check (kind in ('deployment', 'incident')),
  source text not null,
  external_id text not null,
  -- What the message is built from (the environment and pattern, the commit and its full sha, ...).
  detail jsonb not null default '{}'
);

