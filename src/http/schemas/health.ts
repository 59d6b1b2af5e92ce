/** Answers of the public probes: `/api/ping`, `/api/version`, `/healthz`, `/readyz`. */
import { Type } from '@sinclair/typebox';
import { Count } from './common.ts';

export const Pong = Type.Object({ message: Type.Literal('pong') });
export const Version = Type.Object({
  name: Type.Literal('fivekeys'),
  version: Type.String(),
  database: Type.Unsafe<string>({ type: 'string', enum: ['pglite', 'postgres'] }),
  auth: Type.Union([Type.Boolean(), Type.Null()], { description: 'null when the database did not answer' }),
});
export const Alive = Type.Object({ status: Type.Literal('ok') });

const Readiness = {
  database: Type.Unsafe<string>({ type: 'string', enum: ['ok', 'unreachable'] }),
  ingest: Type.Object({
    waiting: Count,
    in_batch: Count,
    bytes: Count,
    max_pending: Count,
    max_pending_bytes: Count,
    batch_ms: Count,
    saturated: Type.Boolean(),
  }),
};
export const Ready = Type.Object({ status: Type.Literal('ready'), ...Readiness });
/** 503: not ready (database or queue), or stopping (then nothing else is said). */
export const NotReady = Type.Union([
  Type.Object({ status: Type.Literal('not_ready'), ...Readiness }),
  Type.Object({ status: Type.Literal('stopping') }),
]);
