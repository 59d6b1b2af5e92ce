/**
 * What every fuzz suite shares: how many cases to run (FIVEKEYS_FUZZ_RUNS, small by default so
 * `npm test` stays quick; the dedicated run raises it), a listening server whose error log is kept
 * for failure messages, requests cut off after a timeout (a hang is a failure), and the one check
 * every answer must pass: a 2xx, or a 4xx shaped `{"error": {code, message, field?}}` whose code
 * is in src/errors.ts with that status. Never a 5xx.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AppError, type ErrorCode } from '../../src/errors.ts';
import type { Db } from '../../src/store/db.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { WEBHOOK_CONFIG, SECRETS } from '../helpers/webhooks.ts';

/** Cases per property; the dedicated run sets thousands. */
export const RUNS = Math.max(1, Number(process.env.FIVEKEYS_FUZZ_RUNS ?? '') || 20);
/** Set to replay a failure fast-check reported (with its `path`, via FIVEKEYS_FUZZ_PATH). */
const SEED = process.env.FIVEKEYS_FUZZ_SEED ? Number(process.env.FIVEKEYS_FUZZ_SEED) : undefined;
const PATH = process.env.FIVEKEYS_FUZZ_PATH || undefined;
/** Longer than any honest answer on a loaded 2-core machine; a request still open then is a hang. */
export const REQUEST_TIMEOUT_MS = 15_000;
export const ADMIN_TOKEN = SECRETS.token;

export interface FuzzServer extends TestServer {
  /** Error-level lines the server logged (stacks of 5xx answers). */
  errors: string[];
  /** Generated cases run against this server so far. */
  cases: number;
}

/** Signed sources have their secrets, token sources and the API take ADMIN_TOKEN. */
export async function startFuzzServer(db: Db): Promise<FuzzServer> {
  const errors: string[] = [];
  const logStream = { write: (line: string) => void errors.push(line) };
  const server = await startServer(db, {
    ...WEBHOOK_CONFIG,
    server: { logLevel: 'error', logStream, requestTimeoutMs: REQUEST_TIMEOUT_MS },
  });
  return Object.assign(server, { errors, cases: 0 });
}

export interface FuzzRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface FuzzResponse {
  status: number;
  text: string;
  json: unknown;
}

/** One request, with the admin token unless the caller set `authorization`; aborted when it hangs. */
export async function send(server: FuzzServer, request: FuzzRequest): Promise<FuzzResponse> {
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, ...request.headers };
  const response = await fetchOnce(server, request, headers).catch((error: unknown) =>
    // A kept-alive socket the server closed just as it was reused fails before sending anything;
    // a sender retries that, once. A timeout or a second failure is the server's.
    isSocketRace(error) ? fetchOnce(server, request, headers) : Promise.reject(error),
  );
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

async function fetchOnce(server: FuzzServer, request: FuzzRequest, headers: Record<string, string>) {
  try {
    return await fetch(server.url + request.path, {
      method: request.method,
      headers,
      body: request.body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = `${String(error)}${cause ? `: ${cause.code ?? ''} ${cause.message ?? ''}` : ''}`;
    throw new Error(`${describe(request)}: no answer (${detail})`, { cause: error });
  }
}

const isSocketRace = (error: unknown) =>
  /ECONNRESET|UND_ERR_SOCKET|other side closed/.test(String((error as Error).message));

/** The answer is a 2xx or a well-formed 4xx with a registered code; its status is returned. */
export function assertAnswer(server: FuzzServer, request: FuzzRequest, response: FuzzResponse): number {
  const where = () =>
    `${describe(request)} → ${response.status} ${response.text.slice(0, 500)}\n` +
    `server log:\n${server.errors.slice(-3).join('')}`;
  if (response.status >= 200 && response.status < 300) return response.status;
  assert.ok(response.status >= 400 && response.status < 500, where());
  const body = response.json as { error?: { code?: unknown; message?: unknown; field?: unknown } };
  assert.ok(body && typeof body === 'object' && body.error, `not an error body: ${where()}`);
  assert.deepEqual(Object.keys(body), ['error'], where());
  const { code, message, field } = body.error;
  assert.equal(typeof message, 'string', where());
  assert.ok((message as string).length > 0, where());
  assert.ok(field === undefined || typeof field === 'string', where());
  assert.equal(registeredStatus(code), response.status, `code and status disagree: ${where()}`);
  return response.status;
}

/** send + assertAnswer, counting the case. */
export async function check(server: FuzzServer, request: FuzzRequest): Promise<FuzzResponse> {
  server.cases += 1;
  const response = await send(server, request);
  assertAnswer(server, request, response);
  return response;
}

/** The status src/errors.ts gives a code, undefined for a code it does not know. */
export function registeredStatus(code: unknown): number | undefined {
  if (typeof code !== 'string') return undefined;
  return (new AppError(code as ErrorCode, 'probe').status as number | undefined) ?? undefined;
}

function describe(request: FuzzRequest): string {
  const body =
    request.body === undefined
      ? ''
      : typeof request.body === 'string'
        ? request.body.slice(0, 800)
        : `<${request.body.length} bytes: ${Buffer.from(request.body).toString('hex').slice(0, 200)}>`;
  return `${request.method} ${request.path} ${JSON.stringify(request.headers ?? {})} ${body}`;
}

/** fc.assert with the shared run count; fast-check prints the seed and path of a failure. */
export async function fuzz<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>) {
  await fc.assert(fc.asyncProperty(arbitrary, predicate), {
    numRuns: RUNS,
    includeErrorInReport: true,
    ...(SEED === undefined ? {} : { seed: SEED }),
    ...(PATH === undefined ? {} : { path: PATH }),
  });
}
