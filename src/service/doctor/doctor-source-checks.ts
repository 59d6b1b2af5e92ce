/**
 * Doctor's source checks: which sources delivered recently, which went silent, and which failed —
 * deliveries refused (bad signature, missing token: the webhook rejection counters) and stored
 * requests their adapter now refuses (raw requests with status failed). A refusal counts as current
 * when it is newer than the source's last accepted delivery: an old one was since fixed.
 */
import { ago, fail, judge, ok, warn, type Check } from './doctor-check.ts';
import { DAY_MS, type DoctorFacts, type WebhookSourceStatus } from './doctor-facts.ts';

/** A source silent for longer than this is worth a look. */
const QUIET_DAYS = 7;

const REJECTION_FIX: Record<string, string> = {
  bad_signature:
    "the secret configured in the sending tool must equal fivekeys's (FIVEKEYS_<SOURCE>_WEBHOOK_SECRET or webhooks.<source>.secrets); while rotating, list both",
  unauthorized:
    'the sender must present a fivekeys token with the ingest scope (Authorization: Bearer, or ?access_token=), or configure the source secret named above',
  forbidden: 'the token the sender presents lacks the ingest scope: fivekeys token create --scopes ingest',
};

export function sourceChecks(facts: DoctorFacts, now: number): Check[] {
  const checks: Check[] = [];
  let anything = false;
  if (facts.webhooks !== undefined) {
    if (!facts.webhooks.ok) checks.push(judge('sources', facts.webhooks, () => ok('sources', '')));
    else {
      for (const status of facts.webhooks.value) {
        anything ||= status.deliveries.count > 0;
        checks.push(...webhookChecks(status, now));
      }
    }
  }
  if (facts.otherSources !== undefined) {
    if (!facts.otherSources.ok) checks.push(judge('sources', facts.otherSources, () => ok('sources', '')));
    else {
      for (const { source, last_at } of facts.otherSources.value) {
        anything = true;
        checks.push(
          recency(`source ${source}`, `last request ${ago(Date.parse(last_at), now)}`, last_at, now),
        );
      }
    }
  }
  if (facts.failedRequests !== undefined) {
    checks.push(...failedChecks(facts));
  }
  const gathered = facts.webhooks?.ok === true && facts.otherSources?.ok === true;
  if (gathered && !anything) {
    checks.push(
      warn(
        'sources',
        'nothing has been received yet',
        'point a source at fivekeys (docs/sources/README.md) or post to /api/v1/deployments',
      ),
    );
  }
  return checks;
}

function webhookChecks(status: WebhookSourceStatus, now: number): Check[] {
  const name = `source ${status.source}`;
  const { count, ignored, last_at } = status.deliveries;
  const lastDelivery = last_at === null ? -Infinity : Date.parse(last_at);
  const current = status.rejections.filter((r) => Date.parse(r.last_at) > lastDelivery);
  const earlier = status.rejections.reduce((sum, r) => sum + r.count, 0);
  const checks: Check[] = [];
  if (current.length > 0) {
    const refused = current.reduce((sum, r) => sum + r.count, 0);
    const newest = current.reduce((a, b) => (Date.parse(b.last_at) > Date.parse(a.last_at) ? b : a));
    const reasons = current.map((r) => `${r.reason} ×${r.count}`).join(', ');
    checks.push(
      fail(
        name,
        `${deliveries(refused)} refused${count > 0 ? ' since the last accepted one' : ''}: ${reasons}; last ${ago(Date.parse(newest.last_at), now)}: ${newest.last_message}`,
        REJECTION_FIX[newest.reason],
      ),
    );
  }
  if (count > 0) {
    const details = [
      ignored > 0 ? `${ignored} ignored` : '',
      current.length === 0 && earlier > 0 ? `${earlier} refused before` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const message = `${deliveries(count)}${details ? ` (${details})` : ''}, last ${ago(lastDelivery, now)}`;
    checks.push(recency(name, message, last_at!, now));
  } else if (current.length === 0 && status.accepting && status.authentication.endsWith('_signature')) {
    checks.push(
      warn(
        name,
        'a secret is configured but nothing was ever delivered',
        `point the ${status.source} webhook at /api/v1/webhooks/${status.source} and check its recent deliveries`,
      ),
    );
  }
  return checks;
}

const deliveries = (n: number) => `${n} deliver${n === 1 ? 'y' : 'ies'}`;

function recency(name: string, message: string, lastAt: string, now: number): Check {
  if (now - Date.parse(lastAt) <= QUIET_DAYS * DAY_MS) return ok(name, message);
  return warn(
    name,
    `${message}: nothing in ${QUIET_DAYS} days`,
    'check the sender is still configured and its recent deliveries for errors',
  );
}

function failedChecks({ failedRequests }: DoctorFacts): Check[] {
  if (failedRequests === undefined) return [];
  if (!failedRequests.ok) return [judge('failed requests', failedRequests, () => ok('failed requests', ''))];
  return failedRequests.value.map(({ source, count, error }) =>
    fail(
      `source ${source}`,
      `${count} stored request${count === 1 ? '' : 's'} now refused by the adapter: ${error}`,
      `see GET /api/v1/events/raw?status=failed&source=${source}; fix the sender or the mapping, then fivekeys replay --source ${source}`,
    ),
  );
}
