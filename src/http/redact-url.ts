/**
 * A request URL fit for the log. The query is parsed as authentication parses it (URLSearchParams,
 * names percent-decoded), so `?access%5Ftoken=` or `?%61ccess_token=`, which authenticate, are
 * redacted too: a regex over the raw URL missed them.
 */
const REDACTED = '[redacted]';

export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const params = [...new URLSearchParams(url.slice(mark + 1))];
  const secret = (name: string) => name.toLowerCase() === 'access_token';
  if (!params.some(([name]) => secret(name))) return url;
  const kept = params.map(([name, value]): [string, string] => [name, secret(name) ? REDACTED : value]);
  return `${url.slice(0, mark)}?${new URLSearchParams(kept).toString()}`;
}
