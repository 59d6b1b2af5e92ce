/** One verdict of `fivekeys doctor`, and the helpers every group of checks words its verdicts with. */
import { DAY_MS, type Fact } from './doctor-facts.ts';

export interface Check {
  name: string;
  status: 'ok' | 'fail' | 'warn';
  message: string;
  fix?: string | undefined;
}

export const ok = (name: string, message: string): Check => ({ name, status: 'ok', message });
export const fail = (name: string, message: string, fix?: string): Check => ({
  name,
  status: 'fail',
  message,
  fix,
});
export const warn = (name: string, message: string, fix?: string): Check => ({
  name,
  status: 'warn',
  message,
  fix,
});

/** Doctor reads the webhook status and the raw log, both admin routes. */
export const tokenFix =
  'pass --token with an admin token: fivekeys token create --name doctor --scopes admin';

/** A verdict on a gathered fact; a fact that could not be gathered fails, naming why. */
export function judge<T>(name: string, fact: Fact<T>, verdict: (value: T) => Check): Check {
  if (fact.ok) return verdict(fact.value);
  const auth = fact.status === 401 || fact.status === 403;
  return fail(name, fact.error, auth ? tokenFix : undefined);
}

/** `3 hours ago (2026-03-06T10:41:37Z)`, in the largest whole unit. */
export function ago(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  const iso = new Date(at).toISOString().replace(/\.000Z$/, 'Z');
  const units: [number, string][] = [
    [DAY_MS / 1000, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, unit] of units) {
    const n = Math.floor(seconds / size);
    if (n >= 1) return `${n} ${unit}${n === 1 ? '' : 's'} ago (${iso})`;
  }
  return `just now (${iso})`;
}
