/**
 * `GET /api/v1/events/live` (admin): server-sent events, one `event: ingest` message per request to
 * an ingest route, as it is answered: stored, duplicate, ignored (and why), failed (the error) or
 * rejected (authentication). `?access_token=` is accepted because EventSource cannot send headers.
 * Admin, like the raw log and the ingest warnings it overlaps: it shows refused requests and error
 * messages that quote payloads, which a read token never sees.
 *
 * A stream opens with the `?recent=` latest requests of the raw log (`history: true`, oldest first),
 * shared by every replica and kept across restarts; what follows is live and per replica: each
 * replica streams the requests it received.
 */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppServices } from '../../service/app.ts';
import type { IngestRecord, LiveEvent } from '../../service/ingest/live-events.ts';
import { historyEventOf, liveEventOf, sourceOfRoute } from '../live-event-of.ts';

const KEEPALIVE_MS = 15_000;
const EventStream = {
  description: 'Server-sent events: `event: ingest` messages, `: keepalive` comments',
  content: { 'text/event-stream': { schema: { type: 'string' } } },
};
const RETRY_MS = 3000;
const RECENT_DEFAULT = 50;
/** As many as the dashboard keeps; a larger `recent` is read as this (an EventSource cannot show a 400). */
const RECENT_MAX = 200;
const Query = Type.Object({
  recent: Type.Optional(
    Type.String({
      pattern: '^[0-9]{1,6}$',
      description: `Earlier requests to send first (default ${RECENT_DEFAULT}, at most ${RECENT_MAX}; 0: none)`,
    }),
  ),
  access_token: Type.Optional(
    Type.String({ description: 'The token, for clients that cannot send headers' }),
  ),
});

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

  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/v1/events/live',
    {
      config: { scope: 'admin', queryToken: true },
      schema: { querystring: Query, response: { 200: EventStream } },
    },
    async (request, reply) => {
      const recent = Math.min(Number(request.query.recent ?? RECENT_DEFAULT), RECENT_MAX);
      // Subscribed before history is read, so nothing arriving in between is lost (it may show twice).
      const subscription = liveEvents.subscribe();
      let history: LiveEvent[];
      try {
        history = recent === 0 ? [] : await historyOf(services, recent);
      } catch (error) {
        subscription.close();
        throw error;
      }
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
      for (const event of history) out.write(message(event));
      const keepalive = setInterval(() => out.write(': keepalive\n\n'), KEEPALIVE_MS);
      request.raw.on('close', () => subscription.close());
      try {
        for (let event = await subscription.next(); event; event = await subscription.next()) {
          if (!out.write(message(event))) await drained(out);
        }
      } finally {
        clearInterval(keepalive);
        subscription.close();
        out.end();
      }
    },
  );
}

const message = (event: LiveEvent) => `event: ingest\ndata: ${JSON.stringify(event)}\n\n`;

/** The latest `limit` requests of the raw log, oldest first, as history events. */
async function historyOf(services: AppServices, limit: number): Promise<LiveEvent[]> {
  const { items } = await services.rawEvents.list({}, null, limit);
  return items.reverse().map(historyEventOf);
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
