/**
 * Whether a webhook delivery is the source's own: its signature or shared secret is checked against
 * the configured secrets before anything is parsed or stored. A signed source with no secret
 * configured refuses deliveries, unless told to accept fivekeys tokens instead.
 */
import { AppError } from '../../errors.ts';
import type { WebhookDelivery } from '../../ingest/webhooks/webhook.ts';
import {
  verifyFlux,
  verifyGitHub,
  verifyPagerDuty,
  verifyStandardWebhook,
  verifyToken,
} from '../../ingest/webhooks/signatures.ts';
import {
  WEBHOOK_SOURCES,
  type WebhookSourceName,
  type WebhookSourceConfig,
} from '../../ingest/webhooks/sources.ts';

/** `verified`: the source's signature matched. `token`: the caller must present a fivekeys token. */
export type WebhookAuthResult = 'verified' | 'token';

const SECRET_HELP: Record<string, string> = {
  github: 'FIVEKEYS_GITHUB_WEBHOOK_SECRET (the secret set on the GitHub webhook)',
  gitlab: 'FIVEKEYS_GITLAB_WEBHOOK_TOKEN (the secret token set on the GitLab webhook)',
  pagerduty: 'FIVEKEYS_PAGERDUTY_WEBHOOK_SECRET (the subscription signing secret)',
  flux: 'FIVEKEYS_FLUX_WEBHOOK_SECRET (the token of the generic-hmac provider Secret)',
};

export async function authenticateWebhook(
  source: WebhookSourceName,
  config: WebhookSourceConfig | undefined,
  delivery: WebhookDelivery,
): Promise<WebhookAuthResult> {
  const auth = WEBHOOK_SOURCES[source].auth;
  if (auth === 'token') return 'token';
  const secrets = config?.secrets ?? [];
  const signingKeys = config?.signing_keys ?? [];
  if (secrets.length === 0 && signingKeys.length === 0) {
    if (config?.trust_bearer) return 'token';
    throw new AppError(
      'unauthorized',
      `No ${source} webhook secret is configured, so its deliveries are refused: set ${SECRET_HELP[auth]}, or webhooks.${source}.trust_bearer in the config file.`,
    );
  }
  const { headers, body } = delivery;
  switch (auth) {
    case 'github':
      if (!(await verifyGitHub(secrets, body, headers['x-hub-signature-256']))) {
        throw badSignature(
          'X-Hub-Signature-256 is missing or does not match the body for any configured secret.',
        );
      }
      break;
    case 'gitlab':
      if (secrets.length > 0 && !verifyToken(secrets, headers['x-gitlab-token'])) {
        throw badSignature('X-Gitlab-Token is missing or is not a configured token.');
      }
      if (signingKeys.length > 0 && !verifyStandardWebhook(signingKeys, headers, body)) {
        throw badSignature('webhook-signature is missing or does not match the body for any signing token.');
      }
      break;
    case 'pagerduty':
      if (!verifyPagerDuty(secrets, body, headers['x-pagerduty-signature'])) {
        throw badSignature('No v1 value of X-PagerDuty-Signature matches the body for a configured secret.');
      }
      break;
    case 'flux':
      if (!verifyFlux(secrets, body, headers['x-signature'])) {
        throw badSignature('X-Signature is missing or does not match the body for any configured token.');
      }
      break;
  }
  return 'verified';
}

const badSignature = (message: string) => new AppError('bad_signature', message);
