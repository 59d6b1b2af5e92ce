/**
 * The only place errors become responses: `{"error": {"code", "message", "field"?}}` (DESIGN.md §4).
 * Fastify's own failures (body limit, media type, JSON, schema) are translated to our codes.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { toAppError } from '../service/failures.ts';
import { joinPath } from '../validation.ts';

const RETRY_AFTER_SECONDS = '5';

function fromFastify(error: FastifyError): AppError | undefined {
  if (error.validation) {
    const first = error.validation[0];
    const params = (first?.params ?? {}) as { missingProperty?: string; additionalProperty?: string };
    const segments = (first?.instancePath ?? '').split('/').slice(1);
    if (params.missingProperty) segments.push(params.missingProperty);
    if (params.additionalProperty) segments.push(params.additionalProperty);
    const field = segments.reduce(joinPath, '');
    const what = params.additionalProperty ? 'is not a known parameter' : (first?.message ?? 'is not valid');
    const code = error.validationContext === 'body' ? 'invalid_payload' : 'invalid_query';
    return new AppError(code, `${field || error.validationContext}: ${what}`, field ? { field } : {});
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is larger than the configured limit.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Send the body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid_payload', 'The body is empty; send a JSON object or array.', {
        field: 'body',
      });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('invalid_payload', 'Content-Length does not match the body.', { field: 'body' });
    default:
      return undefined;
  }
}

/** The one error answer: `{"error": {code, message, field?}}`, with `Retry-After` when retrying helps. */
export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
  else if (['database_unavailable', 'rate_limited', 'shutting_down'].includes(error.code)) {
    reply.header('retry-after', RETRY_AFTER_SECONDS);
  }
  const body = { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) };
  return reply.status(error.status).send({ error: body });
}

/**
 * Fastify's router refuses a malformed percent-encoding or an over-long path parameter before any
 * route or error handler runs (`frameworkErrors`); answered in our shape too (found by test/fuzz).
 */
export function frameworkErrorHandler(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A path segment of the URL is too long.'
      : 'The URL is not valid: check its percent-encoding.';
  void sendError(reply, new AppError('invalid_query', message, { field: 'path' }));
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((raw: FastifyError, request, reply) => {
    const known = raw instanceof AppError ? raw : (fromFastify(raw) ?? toAppError(raw));
    if (known.status >= 500) request.log.error({ err: known.cause ?? raw }, known.message);
    return sendError(reply, known);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` },
    }),
  );
}

/**
 * Errors Node meets before a request exists (oversized headers, a sender too slow, bytes that are
 * not HTTP) answered in our error shape with a stable code, instead of Fastify's own body.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new AppError('headers_too_large', 'The request headers exceed 16 KiB: send fewer or shorter headers.')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new AppError('request_timeout', 'The request did not arrive in time: send it again.')
        : new AppError('invalid_payload', 'The request is not valid HTTP.');
  const body = JSON.stringify({ error: { code: known.code, message: known.message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
