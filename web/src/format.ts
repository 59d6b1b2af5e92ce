/**
 * How numbers read on the page. Pure and free of DOM types: the browser tests import it to check
 * that a card shows exactly the API's number.
 */
const one = (value: number): string => (Math.abs(value) < 10 ? value.toFixed(1) : String(Math.round(value)));

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${one(seconds / 3600)} h`;
  return `${one(seconds / 86_400)} days`;
}

export function formatRate(rate: number): string {
  const percent = rate * 100;
  return `${percent < 10 && percent !== 0 ? percent.toFixed(1) : Math.round(percent)}%`;
}

/** Deployments per day while at least one a day, else per week. */
export function formatFrequency(perDay: number, perWeek: number): string {
  return perDay >= 1 ? `${one(perDay)} / day` : `${one(perWeek)} / week`;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

export function formatInstant(iso: string | null): string {
  if (!iso) return '—';
  return iso.slice(0, 16).replace('T', ' ');
}

/** `+12%` against the previous period; percentage points for rates. */
export function formatChange(current: number, previous: number, unit: 'rate' | 'other'): string {
  if (unit === 'rate') {
    const points = (current - previous) * 100;
    return `${points >= 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} pp`;
  }
  const percent = ((current - previous) / previous) * 100;
  return `${percent >= 0 ? '+' : '−'}${Math.abs(Math.round(percent))}%`;
}
