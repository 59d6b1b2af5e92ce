/**
 * `GET /api/v1/events/live` (admin): server-sent events, one `event: ingest` message per request to
 * an ingest route, as it is answered: stored, duplicate, ignored (and why), failed (the error) or
 * rejected (authentication). `?access_token=` is accepted because EventSource cannot send headers.
 * Per replica: each replica streams the requests it received.
 */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppServices } from '../../service/app.ts';
import type { IngestRecord, LiveEvent } from '../../service/ingest/live-events.ts';
import { liveEventOf, sourceOfRoute } from '../live-event-of.ts';

const KEEPALIVE_MS = 15_000;
const EventStream = {
  description: 'Server-sent events: `event: ingest` messages, `: keepalive` comments',
  content: { 'text/event-stream': { schema: { type: 'string' } } },
};
const RETRY_MS = 3000;

/** Installed before the routes, so its hooks see every ingest route. */
export function installLiveEvents(app: FastifyInstance, services: AppServices): void {
  const { liveEvents } = services;
  const records = new WeakMap<FastifyRequest, IngestRecord>();
  const errors = new WeakMap<FastifyRequest, LiveEvent['error']>();
  const sourceOf = (request: FastifyRequest) =>
    request.method === 'POST' ? sourceOfRoute(request.routeOptions.url ?? '', paramsOf(request)) : undefined;
  // Callback style: the handler runs inside `track`, so the ingest calls it makes are recorded.
  app.addHook('preHandler', (request, _reply, done) => {
    if (!sourceOf(request)) return done();
    records.set(request, liveEvents.track(() => done()).record);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 && liveEvents.hasSubscribers() && sourceOf(request)) {
      errors.set(request, errorOf(payload));
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const source = liveEvents.hasSubscribers() ? sourceOf(request) : undefined;
    if (!source) return;
    const answered = {
      receivedAt: new Date(Date.now() - reply.elapsedTime),
      headers: request.headers,
      body: request.rawBody,
      httpStatus: reply.statusCode,
      error: errors.get(request) ?? null,
      record: records.get(request),
    };
    liveEvents.publish(liveEventOf(answered, source));
  });
  app.addHook('preClose', async () => liveEvents.closeAll());

  app.get(
    '/api/v1/events/live',
    { config: { scope: 'admin', queryToken: true }, schema: { response: { 200: EventStream } } },
    async (request, reply) => {
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // Proxies (nginx) must pass each message on at once.
        'x-accel-buffering': 'no',
      });
      out.write(`retry: ${RETRY_MS}\n\n`);
      const subscription = liveEvents.subscribe();
      const keepalive = setInterval(() => out.write(': keepalive\n\n'), KEEPALIVE_MS);
      request.raw.on('close', () => subscription.close());
      try {
        for (let event = await subscription.next(); event; event = await subscription.next()) {
          if (!out.write(`event: ingest\ndata: ${JSON.stringify(event)}\n\n`)) await drained(out);
        }
      } finally {
        clearInterval(keepalive);
        subscription.close();
        out.end();
      }
    },
  );
}

/** Resolves when the socket takes writes again or is gone. */
async function drained(out: ServerResponse): Promise<void> {
  const controller = new AbortController();
  await Promise.race([once(out, 'drain', controller), once(out, 'close', controller)]).finally(() =>
    controller.abort(),
  );
}

const paramsOf = (request: FastifyRequest) => (request.params ?? {}) as Record<string, string>;

function errorOf(payload: unknown): LiveEvent['error'] {
  if (typeof payload !== 'string') return null;
  try {
    const { error } = JSON.parse(payload) as {
      error?: { code?: unknown; message?: unknown; field?: unknown };
    };
    if (typeof error?.code !== 'string' || typeof error.message !== 'string') return null;
    const field = typeof error.field === 'string' ? { field: error.field } : {};
    return { code: error.code, message: error.message, ...field };
  } catch {
    return null;
  }
}
