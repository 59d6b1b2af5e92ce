/**
 * JSON bodies are read as text first: the exact bytes go to the raw request log (for replay), and
 * a syntax error becomes a 400 naming the body instead of Fastify's generic message.
 */
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
  }
}

/** application/json and application/*+json, with or without parameters such as charset. */
const JSON_TYPES = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

export function installJsonBody(app: FastifyInstance): void {
  // Only JSON is accepted; anything else (text/plain included) is answered 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    request.rawBody = text;
    if (text.trim() === '') {
      done(
        new AppError('invalid_payload', 'The body is empty; send a JSON object or array.', { field: 'body' }),
        undefined,
      );
      return;
    }
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' }));
    } catch (cause) {
      done(
        new AppError('invalid_payload', `The body is not valid JSON: ${(cause as Error).message}`, {
          field: 'body',
          cause,
        }),
        undefined,
      );
    }
  });
}
