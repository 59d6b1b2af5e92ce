-- An Idempotency-Key belongs to the caller that sent it and to the body it came with (Stripe's rule):
-- the same token, key and body get the recorded answer again; another body under the key is refused.
-- raw_requests' (source, delivery_id) was one namespace for every caller, so one token's key
-- silently dropped another token's request.
create table idempotency_keys (
  -- The token's id; '' when authentication is off.
  principal text not null,
  -- The raw-log source of the endpoint (api/deployments): a key is per endpoint, as before.
  endpoint text not null,
  key text not null,
  -- SHA-256 of the request body, hex.
  body_sha256 text not null,
  -- The answer given the first time: {"accepted", "duplicates"}; set in the claiming transaction.
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (principal, endpoint, key)
);
