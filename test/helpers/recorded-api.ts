/**
 * A real HTTP server on 127.0.0.1:0 that answers from a table of recorded responses, for testing
 * the importers (GitHub, Argo CD, …) with the real CLI against a third-party API's exact shapes.
 *
 *   const api = await startRecordedApi(FIXTURES, [
 *     { path: '/repos/acme/shop/pulls', query: { page: '2' }, reply: { file: 'pulls-page-2.json' } },
 *     { path: '/repos/acme/shop/pulls', reply: { file: 'pulls.json', headers: { link: '<{base}/…>; rel="next"' } } },
 *     { path: '/user', reply: [{ status: 403, body: { message: 'limit' } }, { body: { login: 'x' } }] },
 *   ]);
 *   … api.url … api.requests … api.clearLog() … await api.close();
 *
 * Matching: the method (default GET) and the exact path; the route's `query` entries must all be
 * present with those values (others are ignored); among matches the route naming the most query
 * entries wins, then the first listed. A list of replies is answered in turn, its last repeated.
 * `{base}` in header values and file bodies becomes the server's URL (Link headers, `url` fields).
 * A header value may be a function, computed when answering (a rate-limit reset time from now).
 * No match: 404 `{"message":"Not Found"}`, logged like any request.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedReply {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string | (() => string)>;
  /** A JSON file under the fixtures folder, sent as it is (with `{base}` replaced)… */
  file?: string;
  /** …or a value sent as JSON. Neither: an empty body. */
  body?: unknown;
}

export interface RecordedRoute {
  method?: string;
  path: string;
  query?: Record<string, string>;
  reply: RecordedReply | RecordedReply[];
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Header names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  status: number;
  /** When it arrived (ms since the epoch). */
  at: number;
}

export interface RecordedApi {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  /** Every request answered so far, in order. */
  requests: LoggedRequest[];
  clearLog(): void;
  close(): Promise<void>;
}

export async function startRecordedApi(
  fixtures: URL,
  routes: readonly RecordedRoute[],
): Promise<RecordedApi> {
  const served = new Map<RecordedRoute, number>();
  const requests: LoggedRequest[] = [];
  let base = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', base);
    const query = Object.fromEntries(url.searchParams);
    const method = request.method ?? 'GET';
    const route = matchRoute(routes, method, url.pathname, query);
    const replies = route === undefined ? [] : [route.reply].flat();
    const count = route === undefined ? 0 : (served.get(route) ?? 0);
    if (route !== undefined) served.set(route, count + 1);
    const reply = replies[Math.min(count, replies.length - 1)] ?? {
      status: 404,
      body: { message: 'Not Found' },
    };
    const status = reply.status ?? 200;
    const headers = Object.fromEntries(
      Object.entries(reply.headers ?? {}).map(([name, value]) => [
        name,
        (typeof value === 'function' ? value() : value).replaceAll('{base}', base),
      ]),
    );
    const text =
      reply.file !== undefined
        ? readFileSync(new URL(reply.file, fixtures), 'utf8').replaceAll('{base}', base)
        : reply.body === undefined
          ? ''
          : JSON.stringify(reply.body);
    requests.push({ method, path: url.pathname, query, headers: request.headers, status, at: Date.now() });
    request.resume();
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    response.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    clearLog: () => requests.splice(0),
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function matchRoute(
  routes: readonly RecordedRoute[],
  method: string,
  path: string,
  query: Record<string, string>,
): RecordedRoute | undefined {
  let best: RecordedRoute | undefined;
  let bestSize = -1;
  for (const route of routes) {
    if ((route.method ?? 'GET') !== method || route.path !== path) continue;
    const wanted = Object.entries(route.query ?? {});
    if (!wanted.every(([name, value]) => query[name] === value)) continue;
    if (wanted.length > bestSize) [best, bestSize] = [route, wanted.length];
  }
  return best;
}
