/**
 * `POST /api/v1/replay`: the replay `fivekeys replay` runs, on the server, so it works while the
 * server holds the data folder. Answered once every page is applied (each page commits on its own,
 * so a request cut short leaves a replay that the next one resumes).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../../service/app.ts';
import { replay } from '../../service/ingest/replay.ts';
import { ReplaySummary } from '../schemas/admin.ts';

const ReplayBody = Type.Object(
  {
    since: Type.Optional(Type.String({ format: 'date-time' })),
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    force: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export function replayRoutes(app: FastifyInstance, services: AppServices): void {
  app.post<{ Body: Static<typeof ReplayBody> | undefined }>(
    '/api/v1/replay',
    {
      config: { scope: 'admin' },
      schema: { body: Type.Optional(ReplayBody), response: { 200: ReplaySummary } },
    },
    async (request) => {
      const { since, source, force } = request.body ?? {};
      return replay(services.db, services.parseRaw, {
        since: since === undefined ? undefined : new Date(since),
        source,
        force,
      });
    },
  );
}
