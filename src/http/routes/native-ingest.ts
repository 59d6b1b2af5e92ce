/**
 * The native ingest API (DESIGN.md §4): one object or an array per request, answered
 * `202 {"accepted", "duplicates"}` once the transaction holding it has committed. A request repeated
 * under its Idempotency-Key gets the first answer again, marked `Idempotent-Replayed: true`.
 */
import type { FastifyInstance } from 'fastify';
import { emptyEvents, type NormalizedEvents } from '../../model/events.ts';
import { parseNativeChanges, parseNativeDeployments, parseNativeIncidents } from '../../ingest/native.ts';
import type { AppServices } from '../../service/app.ts';
import { idempotencyKeyOf } from '../idempotency-key.ts';
import type { IngestOutcome } from '../../service/ingest/ingest.ts';
import { rawRequestOf } from '../raw-request.ts';
import { IngestAnswer } from '../schemas/ingest.ts';

const NATIVE_PARSERS: Record<string, (body: unknown) => NormalizedEvents> = {
  'api/changes': (body) => ({ ...emptyEvents(), changes: parseNativeChanges(body) }),
  'api/deployments': (body) => ({ ...emptyEvents(), deployments: parseNativeDeployments(body) }),
  'api/incidents': (body) => ({ ...emptyEvents(), incidents: parseNativeIncidents(body) }),
};

/** The outcome's `stored` and `replayed` are for the server (raw log, header), not the answer. */
const toAnswer = ({ stored: _stored, replayed: _replayed, ...answer }: IngestOutcome) => answer;

export function nativeIngestRoutes(app: FastifyInstance, services: AppServices): void {
  for (const [source, parse] of Object.entries(NATIVE_PARSERS)) {
    app.post(
      `/api/v1/${source.slice('api/'.length)}`,
      { config: { scope: 'ingest' }, schema: { response: { 202: IngestAnswer } } },
      async (request, reply) => {
        const idempotency = idempotencyKeyOf(request);
        const events = parse(request.body);
        const raw = rawRequestOf(request, source);
        const outcome = await services.ingest.ingest({ raw, events, idempotency });
        if (outcome.replayed) reply.header('idempotent-replayed', 'true');
        return reply.status(202).send(toAnswer(outcome));
      },
    );
  }
}
