/**
 * `fivekeys import github`: a repository's history from the GitHub REST API (merged pull requests
 * with their reviews and the push their merge made, deployments and their final statuses,
 * published releases, issues labelled as incidents), turned into the webhook deliveries GitHub
 * would have sent and received like live ones: stored raw under source `github` (replay re-maps
 * them), mapped by the same adapter, duplicates detected by delivery id.
 *
 * Resumable: each list is read only back to its cursor (the newest update time imported), then
 * imported oldest first, and the cursor moves once every item sharing an update time is stored.
 * An interrupted run thus restarts where it stopped.
 */
import type { WebhookDelivery } from '../../ingest/webhooks/webhook.ts';
import type { GitHubClient } from './github-import-client.ts';
import { toWebhookDelivery } from './github-import-payloads.ts';
import {
  deploymentSource,
  issueSource,
  pullSource,
  releaseSource,
  type ImportSource,
} from './github-import-sources.ts';
import type { ImportCursorKey, ImportCursors } from './import-cursors.ts';
import type { WebhookReceipt } from '../ingest/webhooks.ts';

export type GitHubResource = 'pulls' | 'deployments' | 'releases' | 'issues';

export interface ResourceSummary {
  /** Items listed as updated after the resume point (or `--since`). */
  items: number;
  /** Deliveries stored for the first time, and ones already stored (same delivery id). */
  stored: number;
  duplicates: number;
  /** Normalized rows the stored deliveries added or changed. */
  rows: number;
  /** The resume point used (ISO 8601); null on a first run without `--since`. */
  since: string | null;
}

export type GitHubImportSummary = { repository: string } & Record<GitHubResource, ResourceSummary>;

/**
 * Where the deliveries and resume points go: the webhooks service and the database, or the server
 * holding the data folder (src/cli/server-webhooks.ts).
 */
export interface GitHubImportTarget {
  receive(delivery: WebhookDelivery): Promise<Pick<WebhookReceipt, 'status' | 'accepted'>>;
  cursors: ImportCursors;
}

export interface GitHubImportOptions {
  /** Import what was updated after this, instead of after the stored cursors. */
  since?: Date | undefined;
  /** The GitHub adapter's incident labels. */
  incidentLabels: readonly string[];
  userAgent: string;
  onProgress?: (resource: GitHubResource, summary: ResourceSummary) => void;
}

export async function importGitHub(
  target: GitHubImportTarget,
  client: GitHubClient,
  options: GitHubImportOptions,
): Promise<GitHubImportSummary> {
  const repository = await client.repository();
  const scope = repository.full_name.toLowerCase();
  const run = async <T>(resource: GitHubResource, source: ImportSource<T>) => {
    const key: ImportCursorKey = { source: 'github', scope, resource };
    const since = options.since ?? (await target.cursors.read(key));
    const summary = await importResource(source, since, {
      async receive(delivery) {
        const receipt = await target.receive(toWebhookDelivery(delivery, options.userAgent));
        return { stored: receipt.status === 'stored', rows: receipt.accepted };
      },
      advance: (position) => target.cursors.advance(key, position),
    });
    options.onProgress?.(resource, summary);
    return summary;
  };
  return {
    repository: repository.full_name,
    pulls: await run('pulls', pullSource(client, repository)),
    deployments: await run('deployments', deploymentSource(client, repository)),
    releases: await run('releases', releaseSource(client, repository)),
    issues: await run('issues', issueSource(client, repository, options.incidentLabels)),
  };
}

interface Sink {
  receive(delivery: Parameters<typeof toWebhookDelivery>[0]): Promise<{ stored: boolean; rows: number }>;
  advance(position: string): Promise<void>;
}

async function importResource<T>(
  source: ImportSource<T>,
  since: Date | undefined,
  sink: Sink,
): Promise<ResourceSummary> {
  const time = (item: T) => Date.parse(source.key(item));
  const items = (await source.list(since)).sort((a, b) => time(a) - time(b));
  const summary: ResourceSummary = {
    items: items.length,
    stored: 0,
    duplicates: 0,
    rows: 0,
    since: since?.toISOString() ?? null,
  };
  for (const [index, item] of items.entries()) {
    for (const delivery of await source.deliveries(item)) {
      const { stored, rows } = await sink.receive(delivery);
      summary[stored ? 'stored' : 'duplicates'] += 1;
      summary.rows += rows;
    }
    // The next run reads strictly after the cursor: it moves past a time once all its items are in.
    const next = items[index + 1];
    if (next === undefined || time(next) !== time(item)) await sink.advance(source.key(item));
  }
  return summary;
}
