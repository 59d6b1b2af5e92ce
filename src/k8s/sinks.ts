/**
 * Where detected deployments go. Locally: through the ingest path as a native deployment request
 * (raw source `api/deployments`, so replay re-parses it like a posted one; the deployment id is the
 * delivery id, so the same rollout from a restarted or second watcher is a duplicate). Remotely:
 * POSTed to another fivekeys, retried with backoff while it is unreachable or answers 5xx or 429.
 */
import { AppError } from '../errors.ts';
import { parseNativeDeployments } from '../ingest/native.ts';
import { emptyEvents } from '../model/events.ts';
import type { IngestService } from '../service/ingest/ingest.ts';
import type { NativeDeployment } from './identity.ts';
import type { DeploymentSink } from './watcher.ts';

const USER_AGENT = 'fivekeys-kubernetes-watcher';

export interface RetryOptions {
  attempts?: number;
  backoffMs?: number;
}

export function createIngestSink(ingest: IngestService, retry: RetryOptions = {}): DeploymentSink {
  return (deployment) =>
    withRetries(retry, async () => {
      const body = JSON.stringify(deployment);
      try {
        await ingest.ingest({
          raw: {
            source: 'api/deployments',
            delivery_id: deployment.id ?? null,
            content_type: 'application/json',
            headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
            body,
          },
          events: { ...emptyEvents(), deployments: parseNativeDeployments(deployment) },
        });
        return 'done';
      } catch (error) {
        if (error instanceof AppError && error.code === 'database_unavailable') return error;
        throw error;
      }
    });
}

export function createRemoteSink(
  url: string,
  token: string | undefined,
  retry: RetryOptions = {},
): DeploymentSink {
  const endpoint = new URL('api/v1/deployments', url.endsWith('/') ? url : `${url}/`);
  return (deployment: NativeDeployment) =>
    withRetries(retry, async () => {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': USER_AGENT,
            ...(deployment.id ? { 'idempotency-key': deployment.id } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(deployment),
        });
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
      const text = await response.text();
      if (response.ok) return 'done';
      const failure = new Error(`${endpoint.href} answered ${response.status}: ${text.slice(0, 300)}`);
      if (response.status >= 500 || response.status === 429) return failure;
      throw failure;
    });
}

/** `attempt` returns 'done', or an error worth retrying; a thrown error is final. */
async function withRetries(options: RetryOptions, attempt: () => Promise<'done' | Error>): Promise<void> {
  const attempts = options.attempts ?? 8;
  let delay = options.backoffMs ?? 500;
  for (let tries = 1; ; tries += 1) {
    const result = await attempt();
    if (result === 'done') return;
    if (tries >= attempts) throw result;
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 30_000);
  }
}
