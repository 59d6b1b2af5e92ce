-- Idempotency keys are kept for a day (Stripe's rule), then forgotten: without an end the table grew
-- with every keyed request for ever. The index lets each claim remove a few expired keys cheaply.
create index idempotency_keys_created_at on idempotency_keys (created_at);
