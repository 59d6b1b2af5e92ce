/**
 * `GET /api/v1/export/ndjson`: what `fivekeys export ndjson` writes, streamed page by page, so the
 * command works while a server holds the data folder. A slow reader slows the export instead of
 * piling it up in memory; a reader that goes away stops it. Rows the native API cannot express are
 * logged, since the stream carries only lines.
 */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import type { AppServices } from '../../service/app.ts';
import { exportNdjson } from '../../service/imports/ndjson-export.ts';
import { instantParam } from '../instant-param.ts';

const Query = Type.Object(
  { from: Type.Optional(Type.String()), to: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

const NdjsonStream = {
  description: 'One JSON object a line: a native change, deployment or incident with its `type`',
  content: { 'application/x-ndjson': { schema: Type.String() } },
};

export function exportRoutes(app: FastifyInstance, services: AppServices): void {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/v1/export/ndjson',
    { config: { scope: 'read' }, schema: { querystring: Query, response: { 200: NdjsonStream } } },
    async (request, reply) => {
      const range = {
        from: instantParam('from', request.query.from),
        to: instantParam('to', request.query.to),
      };
      if (range.from && range.to && range.from >= range.to) {
        throw new AppError('invalid_query', 'from must be before to', { field: 'from' });
      }
      const out = new PassThrough();
      const write = async (text: string) => {
        if (out.destroyed) throw new Error('the reader went away');
        if (!out.write(text)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
      };
      exportNdjson(services.db, range, write).then(
        ({ skipped, partial }) => {
          // The stream carries only lines: what could not be written (in full) goes to the log.
          if (skipped.length + partial.length > 0) {
            request.log.warn(
              { skipped: skipped.slice(0, 20), partial: partial.slice(0, 20) },
              'export notes',
            );
          }
          out.end();
        },
        (error: unknown) => {
          request.log.error({ err: error }, 'export stopped');
          out.destroy(error instanceof Error ? error : new Error(String(error)));
        },
      );
      return reply.type('application/x-ndjson').send(out);
    },
  );
}
