/**
 * A hook for tests: every answer is shown to a checker before Fastify serializes it, because the
 * serializer drops fields a schema forgets and the client would never see what was lost. Answers
 * that are already text (errors sent as strings, streams, empty bodies) are shown as they leave.
 */
import type { FastifyInstance } from 'fastify';

export interface Answer {
  method: string;
  /** The route's pattern (`/api/v1/services/:name`); undefined for an unmatched URL. */
  route: string | undefined;
  status: number;
  contentType: string | undefined;
  /** The handler's value (`serialized: false`), or what is sent (text, a stream, nothing). */
  payload: unknown;
  serialized: boolean;
}

export type AnswerCheck = (answer: Answer) => void;

export function installAnswerCheck(app: FastifyInstance, check: AnswerCheck): void {
  const seen = new WeakSet<object>();
  const answerOf = (
    request: { method: string; routeOptions: { url?: string } },
    reply: { statusCode: number; getHeader(name: string): unknown },
  ) => ({
    method: request.method,
    route: request.routeOptions.url,
    status: reply.statusCode,
    contentType: reply.getHeader('content-type') as string | undefined,
  });
  app.addHook('preSerialization', async (request, reply, payload) => {
    seen.add(request);
    check({ ...answerOf(request, reply), payload, serialized: false });
    return payload;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!seen.has(request)) check({ ...answerOf(request, reply), payload, serialized: true });
    return payload;
  });
}
