/**
 * What stands before a password check, per replica: a budget of failed logins per source address
 * (the per-username lockout does not stop one address trying many usernames), and a cap on
 * concurrent scrypt checks. Each check takes ~32 MB and 50–600 ms of a libuv thread: unbounded,
 * guesses at 7/s filled all four threads and starved the requests that share the two cores.
 */
import { AppError } from '../../errors.ts';

export interface LoginLimits {
  /** Failed logins per address per minute before 429 (an attempt in flight counts until it succeeds). */
  failuresPerAddressPerMinute: number;
  /** Password checks running at once; more wait. */
  concurrentChecks: number;
  /** Password checks waiting for a slot; more get 429. */
  waitingChecks: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  failuresPerAddressPerMinute: 10,
  concurrentChecks: 1,
  waitingChecks: 8,
};

/** Addresses remembered at once: a spray from many addresses must not grow memory without limit. */
const MAX_ADDRESSES = 10_000;

export function createLoginGuard(limits: LoginLimits, now: () => number = Date.now) {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const waiting: (() => void)[] = [];
  let running = 0;

  function windowOf(address: string) {
    const at = now();
    const current = windows.get(address);
    if (current && current.resetAt > at) return current;
    if (windows.size >= MAX_ADDRESSES) {
      for (const [key, window] of windows) if (window.resetAt <= at) windows.delete(key);
      if (windows.size >= MAX_ADDRESSES) windows.clear();
    }
    const fresh = { count: 0, resetAt: at + 60_000 };
    windows.set(address, fresh);
    return fresh;
  }

  /** Counts an attempt from `address` (refused with 429 over budget); `succeeded()` refunds it. */
  function admit(address: string): { succeeded(): void } {
    const window = windowOf(address);
    if (window.count >= limits.failuresPerAddressPerMinute) {
      const seconds = Math.max(1, Math.ceil((window.resetAt - now()) / 1000));
      throw new AppError(
        'rate_limited',
        `Too many failed logins from this address; try again in ${seconds} s.`,
        {
          retryAfter: seconds,
        },
      );
    }
    window.count++;
    return { succeeded: () => void (window.count = Math.max(0, window.count - 1)) };
  }

  /** Runs a password check within the concurrency cap. */
  async function check<T>(work: () => Promise<T>): Promise<T> {
    if (running < limits.concurrentChecks) running++;
    else if (waiting.length >= limits.waitingChecks) {
      throw new AppError('rate_limited', 'Too many logins at once; try again in a second.', {
        retryAfter: 1,
      });
    } else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot passes to the next waiter, or is freed.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  }

  return { admit, check };
}

export type LoginGuard = ReturnType<typeof createLoginGuard>;
