/**
 * Requests to the fivekeys server that holds the data folder, for commands that would otherwise
 * open it. The server's error answers come back as AppErrors with its code and message; a 401 says
 * which flag or variable gives the admin token, since that is the only fix the user has.
 */
import { AppError, type ErrorCode } from '../errors.ts';

export interface ServerClient {
  /** The server's base URL, without a trailing slash. */
  readonly url: string;
  /** A JSON request; the parsed answer (undefined for 204). */
  json<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  /** The same, with the answer's headers. */
  exchange<T>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ body: T; headers: Headers }>;
  /** The raw answer of a successful GET (a stream the caller reads). */
  stream(path: string): Promise<Response>;
}

export interface ServerClientOptions {
  url: string;
  token: string | undefined;
  /** How the user gives the token to this command: `FIVEKEYS_ADMIN_TOKEN or --token`. */
  tokenHelp: string;
  /** Attempts of a request the server answers 503 (its queue full or its database away). */
  attempts?: number;
}

const MAX_WAIT_SECONDS = 5;

export function createServerClient(options: ServerClientOptions): ServerClient {
  const url = options.url.replace(/\/+$/, '');
  const attempts = options.attempts ?? 5;
  async function send(method: string, path: string, body?: string, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = { accept: 'application/json', ...extra };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    for (let attempt = 1; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(`${url}${path}`, { method, headers, body });
      } catch (cause) {
        const reason = (cause as { cause?: { message?: string } }).cause?.message ?? (cause as Error).message;
        throw new AppError(
          'database_unavailable',
          `The fivekeys server at ${url} holds the data folder but did not answer: ${reason}`,
          { cause },
        );
      }
      if (response.ok) return response;
      const error = await toError(response, url, options);
      if (error.code !== 'database_unavailable' || attempt >= attempts) throw error;
      const wait = Math.min(error.retryAfter ?? 1, MAX_WAIT_SECONDS);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    }
  }
  async function exchange<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
    const text = typeof body === 'string' || body === undefined ? body : JSON.stringify(body);
    const response = await send(method, path, text, headers);
    const answer = response.status === 204 ? undefined : await response.json();
    return { body: answer as T, headers: response.headers };
  }
  return {
    url,
    exchange,
    json: async <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      (await exchange<T>(method, path, body, headers)).body,
    stream: (path) => send('GET', path),
  };
}

async function toError(response: Response, url: string, options: ServerClientOptions): Promise<AppError> {
  const text = await response.text();
  let answer: { message?: string; field?: string } | undefined;
  try {
    answer = (JSON.parse(text) as { error?: typeof answer }).error;
  } catch {
    // Not the API's error shape (a proxy's page): its first characters say enough.
  }
  if (response.status === 401) {
    const problem = options.token
      ? 'refused the admin token (unknown, revoked or expired)'
      : 'requires an admin token and none was given';
    return new AppError(
      'unauthorized',
      `The fivekeys server at ${url} holds the data folder and ${problem}: set ${options.tokenHelp}.`,
    );
  }
  const message = `${url} answered ${response.status}: ${answer?.message ?? text.slice(0, 200)}`;
  const retryAfter = Number(response.headers.get('retry-after') ?? '') || undefined;
  return new AppError(codeOf(response.status), message, { field: answer?.field, retryAfter });
}

/** The status's code in our registry: what callers branch on (retry, split, fail the lines). */
function codeOf(status: number): ErrorCode {
  if (status === 429) return 'rate_limited';
  if (status === 413) return 'payload_too_large';
  if (status === 503) return 'database_unavailable';
  if (status === 404) return 'not_found';
  if (status === 403) return 'forbidden';
  return status >= 500 ? 'internal' : 'invalid_payload';
}
