/**
 * `fivekeys import argocd`: the sync history Argo CD keeps per application, replayed as the
 * notifications fivekeys's templates would have sent, through the Argo CD webhook adapter. Each sync
 * is stored raw under source `argocd` (replayable like a live delivery); its delivery id is the
 * adapter's hash of the body, which is the same on every run, so a second import is all duplicates,
 * and a sync that was also notified live has the same deployment id (app, revision, finish) as
 * long as Argo CD recorded the same finish second in both places.
 */
import { AppError } from '../../errors.ts';
import type { WebhookDelivery } from '../../ingest/webhooks/webhook.ts';
import { toArgoCdSyncs, type ArgoCdSync, type EnvironmentFrom } from './argocd-import-payloads.ts';
import { stopsImport } from './ndjson-import.ts';
import type { WebhookReceipt } from '../ingest/webhooks.ts';

export interface ArgoCdImportOptions {
  environmentFrom: EnvironmentFrom;
  /** The raw log's user agent of each delivery. */
  userAgent: string;
}

export interface ArgoCdSyncResult {
  app: string;
  entry: string;
  trigger: string;
  revision: string;
  finished_at: string;
  /** `duplicate`: nothing new (imported before, or notified live). */
  result: 'imported' | 'duplicate' | 'failed';
  error?: string | undefined;
}

export interface ArgoCdImportSummary {
  applications: number;
  syncs: number;
  imported: number;
  duplicates: number;
  failed: number;
  /** History entries that cannot be a deployment, with why. */
  skipped: string[];
  results: ArgoCdSyncResult[];
}

type Receive = (source: 'argocd', delivery: WebhookDelivery) => Promise<WebhookReceipt>;

/** Deliveries in flight at once: enough for group commit to batch them. */
const CONCURRENCY = 50;

/** Imports the syncs of Applications as `GET /api/v1/applications` lists them (`items`). */
export async function importArgoCdApplications(
  receive: Receive,
  applications: readonly unknown[],
  options: ArgoCdImportOptions,
): Promise<ArgoCdImportSummary> {
  const syncs: ArgoCdSync[] = [];
  const skipped: string[] = [];
  for (const application of applications) {
    const found = toArgoCdSyncs(application, options.environmentFrom);
    syncs.push(...found.syncs);
    skipped.push(...found.skipped);
  }
  syncs.sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt));
  const results: ArgoCdSyncResult[] = [];
  for (let start = 0; start < syncs.length; start += CONCURRENCY) {
    const chunk = syncs.slice(start, start + CONCURRENCY);
    results.push(...(await Promise.all(chunk.map((sync) => importSync(receive, sync, options.userAgent)))));
  }
  const count = (result: ArgoCdSyncResult['result']) => results.filter((r) => r.result === result).length;
  return {
    applications: applications.length,
    syncs: syncs.length,
    imported: count('imported'),
    duplicates: count('duplicate'),
    failed: count('failed'),
    skipped,
    results,
  };
}

async function importSync(receive: Receive, sync: ArgoCdSync, userAgent: string): Promise<ArgoCdSyncResult> {
  const { trigger, revision, revisions } = sync.body;
  const described = {
    app: sync.app,
    entry: sync.entry,
    trigger: String(trigger),
    revision:
      typeof revision === 'string' && revision !== ''
        ? revision
        : Array.isArray(revisions)
          ? revisions.join(',')
          : '',
    finished_at: sync.finishedAt,
  };
  try {
    const receipt = await receive('argocd', {
      headers: {
        'content-type': 'application/json',
        'user-agent': userAgent,
        'x-fivekeys-import': `argocd ${sync.app} ${sync.entry}`,
      },
      body: JSON.stringify(sync.body),
      params: {},
      receivedAt: sync.finishedAt,
    });
    // Like the ingest counters: a delivery that brought nothing new is a duplicate.
    const fresh = receipt.status === 'stored' && receipt.accepted > 0;
    return { ...described, result: fresh ? 'imported' : 'duplicate' };
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500 || stopsImport(error)) throw error;
    const field = error.field === undefined ? '' : ` (${error.field})`;
    return { ...described, result: 'failed', error: `${error.message}${field}` };
  }
}
