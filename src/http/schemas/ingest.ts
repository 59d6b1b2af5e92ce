/** Answers of the ingest routes: native JSON, CloudEvents (one or a batch) and the tools' webhooks. */
import { Type } from '@sinclair/typebox';
import { Count, Nullable, Warnings } from './common.ts';

const Rows = {
  accepted: Type.Integer({ minimum: 0, description: 'Rows stored or updated' }),
  duplicates: Type.Integer({ minimum: 0, description: 'Rows already known' }),
};

export const IngestAnswer = Type.Object({ ...Rows, warnings: Warnings });

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
