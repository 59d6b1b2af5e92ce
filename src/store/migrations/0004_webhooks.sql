-- Source webhooks: the route's path parameters (DevLake's connection id and issue key) are part of a
-- delivery, so replay needs them; deliveries refused before anything is stored are only counted.

alter table raw_requests add column params jsonb;

-- Refused deliveries per source and reason (bad_signature, unauthorized, …): nothing of them is
-- kept, but whoever wires up a source must be able to see that its deliveries are being refused.
create table webhook_rejections (
  source text not null,
  reason text not null,
  count bigint not null default 0,
  last_at timestamptz not null,
  last_message text not null,
  primary key (source, reason)
);
