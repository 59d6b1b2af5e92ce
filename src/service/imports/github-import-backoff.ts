/**
 * Waiting out GitHub's rate limits (docs: "Rate limits for the REST API"). A primary limit answers
 * 403 or 429 with `x-ratelimit-remaining: 0` and the epoch second it resets; a secondary limit
 * answers with `retry-after` seconds, or with neither, and then GitHub asks to wait at least a
 * minute, longer each time. Any other 403 is a permission error and is not retried. The clock and
 * the sleep are injected so tests never wait.
 */
import { AppError } from '../../errors.ts';

export interface BackoffOptions {
  /** Retries of one request before giving up (default 5). */
  maxRetries?: number;
  /** A limit that resets later than this fails instead of waiting (default 65 minutes). */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told before each wait (the CLI prints it). */
  onWait?: (wait: RateLimitWait) => void;
}

export interface RateLimitWait {
  status: number;
  waitMs: number;
  attempt: number;
}

/** The parts of a failed response the decision needs (an Octokit RequestError has them). */
export interface FailedResponse {
  status: number;
  headers: Record<string, string | number | undefined>;
  message: string;
  /** False when no response came (Octokit reports a network failure as status 500). */
  responded: boolean;
}

const SECOND = 1000;
/** The reset is a whole second: one more keeps the retry from landing just before it. */
const RESET_MARGIN_MS = SECOND;
const SECONDARY_BASE_MS = 60 * SECOND;

/** How long to wait before retrying, or undefined when the failure is not a rate limit. */
export function rateLimitDelay(failure: FailedResponse, nowMs: number, attempt: number): number | undefined {
  if (!failure.responded || (failure.status !== 403 && failure.status !== 429)) return undefined;
  const header = (name: string) => {
    const value = failure.headers[name];
    return value === undefined ? undefined : Number(value);
  };
  const retryAfter = header('retry-after');
  if (retryAfter !== undefined && Number.isFinite(retryAfter)) return Math.max(0, retryAfter) * SECOND;
  const reset = header('x-ratelimit-reset');
  if (header('x-ratelimit-remaining') === 0 && reset !== undefined && Number.isFinite(reset)) {
    return Math.max(0, reset * SECOND - nowMs) + RESET_MARGIN_MS;
  }
  if (failure.status === 429 || /secondary rate limit/i.test(failure.message)) {
    return SECONDARY_BASE_MS * 2 ** attempt;
  }
  return undefined;
}

/** Reads an Octokit RequestError (or anything shaped like one) without depending on its class. */
export function failedResponseOf(error: unknown): FailedResponse | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, response, message } = error as {
    status?: unknown;
    response?: { headers?: unknown };
    message?: unknown;
  };
  if (typeof status !== 'number') return undefined;
  const headers = typeof response?.headers === 'object' && response.headers !== null ? response.headers : {};
  return {
    status,
    headers: headers as FailedResponse['headers'],
    message: typeof message === 'string' ? message : '',
    responded: response !== undefined,
  };
}

/** Runs `request`, waiting and retrying while it fails on a rate limit. */
export async function withBackoff<T>(request: () => Promise<T>, options: BackoffOptions = {}): Promise<T> {
  const {
    maxRetries = 5,
    maxWaitMs = 65 * 60 * SECOND,
    now = Date.now,
    sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    onWait,
  } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const failure = failedResponseOf(error);
      const waitMs = failure === undefined ? undefined : rateLimitDelay(failure, now(), attempt);
      if (failure === undefined || waitMs === undefined) throw error;
      if (attempt >= maxRetries || waitMs > maxWaitMs) {
        throw new AppError(
          'rate_limited',
          `GitHub rate limit: still limited after ${attempt + 1} attempts (next wait ${Math.ceil(
            waitMs / SECOND,
          )} s); run the import again later, it resumes where it stopped`,
          { cause: error },
        );
      }
      onWait?.({ status: failure.status, waitMs, attempt });
      await sleep(waitMs);
    }
  }
}
