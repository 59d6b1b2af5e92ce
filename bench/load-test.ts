/**
 * One autocannon run: `connections` keep-alive connections post a fresh body per request for
 * `seconds`, and the result is reduced to what the bench table shows. autocannon runs in the bench
 * process, so the server under test is always another process and does not share its event loop.
 */
import autocannon from 'autocannon';

export interface LoadFigures {
  /** Requests answered 2xx per second over the whole run. */
  accepted: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  seconds: number;
}

export async function postLoad(
  url: string,
  body: (i: number) => string,
  options: { connections: number; seconds: number; headers?: Record<string, string> },
): Promise<LoadFigures> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        setupRequest: (request) => ({ ...request, body: body(next++) }),
      },
    ],
  });
  const seconds = result.duration;
  return {
    accepted: result['2xx'] / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds,
  };
}
