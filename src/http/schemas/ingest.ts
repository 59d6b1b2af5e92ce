/** Answers of the ingest routes: native JSON, CloudEvents (one or a batch) and the tools' webhooks. */
import { Type } from '@sinclair/typebox';
import { Count, Instant, Nullable } from './common.ts';

const Rows = {
  accepted: Type.Integer({ minimum: 0, description: 'Rows stored or updated' }),
  duplicates: Type.Integer({ minimum: 0, description: 'Rows already known' }),
};

const WarningCode = Type.Unsafe<string>({
  type: 'string',
  enum: ['not_production', 'commit_abbreviated', 'commit_unknown', 'incident_unattributed'],
  description:
    '`not_production`: the environment does not match the production pattern; `commit_abbreviated`: lead time joins commits by full sha only; `commit_unknown`: no change has reported that sha yet; `incident_unattributed`: no service and no deployment to attribute it to',
});
const WarnedKind = Type.Unsafe<string>({ type: 'string', enum: ['deployment', 'incident'] });

/** Events stored that will not count, and why: present only when there are some. */
const Warnings = Type.Optional(
  Type.Array(
    Type.Object({
      code: WarningCode,
      message: Type.String({ description: 'Why, and what to change' }),
      kind: WarnedKind,
      index: Type.Integer({
        minimum: 0,
        description: "The event's place among the request's events of its kind",
      }),
      id: Type.String({ description: "The deployment's or incident's id" }),
    }),
    { description: 'Events stored that will not count, and why (at most 100)' },
  ),
);

export const IngestAnswer = Type.Object({ ...Rows, warnings: Warnings });

/** `GET /api/v1/events/warnings`: what ingest warned about lately, newest first. */
export const RecentWarningsAnswer = Type.Object({
  items: Type.Array(
    Type.Object({
      received_at: Instant,
      code: WarningCode,
      kind: WarnedKind,
      source: Type.String({ description: 'The raw-log source of the request' }),
      id: Type.String(),
      message: Type.String(),
    }),
  ),
});

const EventError = Type.Object({
  code: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});

export const CloudEventResult = Type.Object({
  id: Type.Optional(Type.String()),
  source: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  status: Type.Unsafe<string>({ type: 'string', enum: ['stored', 'duplicate', 'rejected'] }),
  ...Rows,
  ignored: Type.Optional(Type.Array(Type.String(), { description: 'Why (a part of) it produced nothing' })),
  error: Type.Optional(EventError),
  warnings: Warnings,
});

export const CloudEventBatchAnswer = Type.Object({
  stored: Count,
  duplicates: Count,
  rejected: Count,
  results: Type.Array(CloudEventResult, { description: 'One per event, in the order sent' }),
});

export const WebhookReceipt = Type.Object({
  source: Type.String(),
  delivery_id: Nullable(Type.String()),
  status: Type.Unsafe<string>({
    type: 'string',
    enum: ['stored', 'duplicate'],
    description: '`duplicate`: this delivery id was received before; nothing changed',
  }),
  ...Rows,
  ignored: Type.Optional(Type.String({ description: 'Why (parts of) the delivery produced no rows' })),
  warnings: Warnings,
});
