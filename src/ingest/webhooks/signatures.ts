/**
 * How each source proves a delivery is its own (STANDARDS.md §4–7): checked over the exact body
 * received, before it is parsed. Every function takes the list of currently valid secrets, so a
 * secret can be rotated by configuring the new one beside the old one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { verifyWithFallback } from '@octokit/webhooks-methods';

/** GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`; the SHA-1 header is legacy. */
export async function verifyGitHub(secrets: readonly string[], body: string, signature: string | undefined) {
  const [first, ...others] = secrets;
  // @octokit/webhooks-methods throws on an empty body (a 500 found by test/fuzz); GitHub never sends one.
  if (first === undefined || !signature || body === '') return false;
  return verifyWithFallback(first, body, signature, others);
}

/** GitLab: the secret token is echoed verbatim in `X-Gitlab-Token`. */
export function verifyToken(tokens: readonly string[], token: string | undefined): boolean {
  if (!token) return false;
  return tokens.some((expected) => constantTimeEqual(expected, token));
}

/**
 * Standard Webhooks (GitLab's signing token): `webhook-signature: v1,<base64>` (several, space
 * separated) over `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the base64 part of `whsec_…`.
 * The timestamp is not checked against the clock: replay and late re-deliveries must verify too,
 * and a replayed delivery is a duplicate by its id anyway.
 */
export function verifyStandardWebhook(
  keys: readonly string[],
  headers: Record<string, string>,
  body: string,
): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = (headers['webhook-signature'] ?? '')
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => entry.slice(3));
  if (!id || !timestamp || signatures.length === 0) return false;
  return keys.some((key) => {
    const secret = Buffer.from(key.replace(/^whsec_/, ''), 'base64');
    const expected = createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64');
    return signatures.some((signature) => constantTimeEqual(expected, signature));
  });
}

/** PagerDuty v3: `X-PagerDuty-Signature: v1=<hex>,v1=<hex>`; any matching `v1=` value is enough. */
export function verifyPagerDuty(secrets: readonly string[], body: string, header: string | undefined) {
  const signatures = (header ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('v1='))
    .map((entry) => entry.slice(3));
  return secrets.some((secret) => {
    const expected = hmacHex('sha256', secret, body);
    return signatures.some((signature) => constantTimeEqual(expected, signature));
  });
}

const FLUX_ALGORITHMS = new Set(['sha224', 'sha256', 'sha384', 'sha512']);

/** Flux `generic-hmac`: `X-Signature: <algorithm>=<hex HMAC of the body>` keyed with the Secret's token. */
export function verifyFlux(secrets: readonly string[], body: string, header: string | undefined): boolean {
  const [, algorithm, signature] = /^(\w+)=([0-9a-f]+)$/i.exec(header?.trim() ?? '') ?? [];
  if (!algorithm || !signature || !FLUX_ALGORITHMS.has(algorithm.toLowerCase())) return false;
  return secrets.some((secret) =>
    constantTimeEqual(hmacHex(algorithm.toLowerCase(), secret, body), signature.toLowerCase()),
  );
}

const hmacHex = (algorithm: string, secret: string, body: string) =>
  createHmac(algorithm, secret).update(body, 'utf8').digest('hex');

function constantTimeEqual(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  // Comparing against itself keeps the time independent of where a wrong-length value differs.
  return a.length === b.length ? timingSafeEqual(a, b) : (timingSafeEqual(a, a), false);
}
