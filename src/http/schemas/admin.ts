/** Answers of the administrative routes: tokens, users, the audit trail, raw log, webhooks, replay. */
import { Type } from '@sinclair/typebox';
import { Count, Instant, Nullable } from './common.ts';

const Scopes = Type.Array(Type.Unsafe<string>({ type: 'string', enum: ['ingest', 'read', 'admin'] }));
const At = Nullable(Instant);

export const CreatedToken = Type.Object({
  id: Type.String(),
  token: Type.String({ description: 'The secret, shown this once: `Authorization: Bearer <token>`' }),
  name: Type.String(),
  scopes: Scopes,
  expires_at: At,
});
export const RotatedToken = Type.Object({
  ...CreatedToken.properties,
  replaces: Type.String({ description: 'The id of the token this one replaces' }),
});
export const TokenList = Type.Object({
  tokens: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      scopes: Scopes,
      created_at: Instant,
      expires_at: At,
      last_used_at: At,
      revoked_at: At,
    }),
  ),
});

export const AddedUser = Type.Object({ username: Type.String(), scopes: Scopes });
export const UserList = Type.Object({
  users: Type.Array(
    Type.Object({ username: Type.String(), scopes: Scopes, created_at: Instant, disabled_at: At }),
  ),
});

export const AuditPage = Type.Object({
  entries: Type.Array(
    Type.Object({
      id: Type.String(),
      at: Instant,
      actor: Type.String(),
      action: Type.String(),
      target: Nullable(Type.String()),
      outcome: Type.String(),
      ip: Nullable(Type.String()),
      detail: Nullable(Type.Object({}, { additionalProperties: true })),
    }),
  ),
  next_before: Nullable(Type.String({ description: 'Pass as `before` for the next page' })),
});

const Text = Type.String();
const RawOutcome = Type.Object({
  status: Type.Unsafe<string>({ type: 'string', enum: ['mapped', 'ignored', 'failed'] }),
  reasons: Type.Optional(Type.Array(Text)),
  error: Type.Optional(Type.Object({ code: Text, message: Text, field: Type.Optional(Text) })),
  counts: Type.Object({ changes: Count, deployments: Count, incidents: Count, artifacts: Count }),
  keys: Type.Object({
    deployments: Type.Array(Type.Array(Text, { minItems: 2, maxItems: 2 })),
    incidents: Type.Array(Type.Array(Text, { minItems: 2, maxItems: 2 })),
  }),
  fingerprint: Text,
});
export const RawEventPage = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      source: Text,
      delivery_id: Nullable(Text),
      content_type: Nullable(Text),
      headers: Type.Record(Text, Text),
      body: Text,
      params: Nullable(Type.Record(Text, Text)),
      outcome: Nullable(RawOutcome),
      received_at: Instant,
    }),
  ),
  next: Nullable(Type.String({ description: 'Pass as `before` for the next page' })),
});

export const WebhookStatus = Type.Object({
  sources: Type.Array(
    Type.Object({
      source: Text,
      authentication: Text,
      accepting: Type.Boolean(),
      deliveries: Type.Object({ count: Count, ignored: Count, last_at: At }),
      rejections: Type.Array(
        Type.Object({ reason: Text, count: Count, last_at: Instant, last_message: Nullable(Text) }),
      ),
    }),
  ),
});

export const ReplaySummary = Type.Object({
  seen: Count,
  unchanged: Count,
  remapped: Count,
  mapped: Count,
  ignored: Count,
  failed: Count,
  reasons: Type.Record(Text, Count),
  errors: Type.Record(Text, Count),
});

export const ImportCursor = Type.Object({ position: At });
