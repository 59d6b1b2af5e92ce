/**
 * Webhook deliveries for HTTP tests: the hand-written fixtures under test/fixtures/webhooks/<source>,
 * the route each goes to, and the credentials each source sends (signatures over the exact body).
 */
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { sign } from '@octokit/webhooks-methods';
import type { Config } from '../../src/config.ts';

export interface WebhookFixture {
  /** The fixture folder: a webhook source, or `devlake-deployments` / `devlake-issues`. */
  folder: string;
  name: string;
  headers: Record<string, string>;
  body: string;
  params: Record<string, string>;
}

const ROOT = new URL('../fixtures/webhooks/', import.meta.url);

export function webhookFixtures(): WebhookFixture[] {
  return readdirSync(ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((folder) =>
      readdirSync(new URL(`${folder.name}/`, ROOT))
        .filter((file) => file.endsWith('.json'))
        .sort()
        .map((file) => {
          const text = readFileSync(new URL(`${folder.name}/${file}`, ROOT), 'utf8');
          const parsed = JSON.parse(text) as {
            headers: Record<string, string>;
            body: unknown;
            params?: Record<string, string>;
          };
          return {
            folder: folder.name,
            name: file.replace(/\.json$/, ''),
            headers: parsed.headers,
            body: JSON.stringify(parsed.body),
            params: parsed.params ?? {},
          };
        }),
    );
}

export const SECRETS = {
  github: 'gh-test-secret',
  gitlab: 'gl-test-token',
  pagerduty: 'pd-test-secret',
  flux: 'flux-test-token',
  token: 'admin-test-token',
};

/** A server config whose signed sources all have a secret, and whose token sources need a token. */
export const WEBHOOK_CONFIG: Partial<Config> = {
  adminToken: SECRETS.token,
  webhooks: {
    github: { secrets: [SECRETS.github] },
    gitlab: { secrets: [SECRETS.gitlab] },
    pagerduty: { secrets: [SECRETS.pagerduty] },
    flux: { secrets: [SECRETS.flux] },
  },
};

export const sourceOf = (fixture: Pick<WebhookFixture, 'folder'>) => fixture.folder.replace(/-.*$/, '');

/** The route a fixture is delivered to. */
export function pathOf(fixture: Pick<WebhookFixture, 'folder' | 'params'>): string {
  if (sourceOf(fixture) !== 'devlake') return `/api/v1/webhooks/${fixture.folder}`;
  const { connectionId = '1', kind = 'deployments', issueKey = '' } = fixture.params;
  const base = `/api/plugins/webhook/${connectionId}`;
  return kind === 'close' ? `${base}/issue/${encodeURIComponent(issueKey)}/close` : `${base}/${kind}`;
}

/** The credentials the source itself would send with this body. */
export async function credentials(source: string, body: string): Promise<Record<string, string>> {
  const hmac = (secret: string, algorithm = 'sha256') =>
    createHmac(algorithm, secret).update(body).digest('hex');
  switch (source) {
    case 'github':
      return { 'x-hub-signature-256': await sign(SECRETS.github, body) };
    case 'gitlab':
      return { 'x-gitlab-token': SECRETS.gitlab };
    case 'pagerduty':
      return { 'x-pagerduty-signature': `v1=${hmac(SECRETS.pagerduty)}` };
    case 'flux':
      return { 'x-signature': `sha256=${hmac(SECRETS.flux)}` };
    default:
      return { authorization: `Bearer ${SECRETS.token}` };
  }
}

/** Credentials that must be refused: a signature over other bytes, a wrong token. */
export async function wrongCredentials(source: string, body: string): Promise<Record<string, string>> {
  const good = await credentials(source, `${body} `);
  return source === 'gitlab'
    ? { 'x-gitlab-token': 'not-the-token' }
    : source in SECRETS
      ? good
      : { authorization: 'Bearer nope' };
}
