/**
 * `fivekeys import git`: a local repository's commits as changes and its tags (or the merge
 * commits of a branch's first-parent line) as successful deployments, written through the ingest
 * path as native API bodies (ndjson-import.ts `ingestNativeBatch`), so `fivekeys replay` re-parses
 * them. Every change is written before any deployment, in big requests: each deployment's git range
 * is walked when it is stored, and a walk that meets unknown commits would be redone when they come.
 * Then deployments in time order, in small requests (the walk of a request is quadratic in its
 * number of deployments of one stream, ndjson-import.ts BATCH_LINES). Requests are named by their
 * content and cut where the content says, so a second run stores nothing new.
 */
import { normalizeRepository } from '../../ingest/repository.ts';
import type { NormalizedEvents } from '../../model/events.ts';
import { ingestNativeBatch, stopsImport, type NativeSink } from './ndjson-import.ts';
import { parseNativeBody, reasonOf, type LineType } from './ndjson-native.ts';
import {
  readCommits,
  readFirstParentMerges,
  readRepositoryName,
  readTags,
  type GitCommit,
} from './git-history.ts';
import { toChangeBody, toDeploymentBodies, type DeploymentSource } from './git-mapping.ts';

export interface GitImportOptions {
  service: string;
  environment: string;
  deployments: DeploymentSource;
  /** Default: the origin remote as `owner/name`, else the folder's name. */
  repository?: string | undefined;
  userAgent?: string | undefined;
  /** Deployments per request (default DEPLOYMENT_BATCH). */
  deploymentBatch?: number | undefined;
  /** After each request is committed. */
  onProgress?: (summary: GitImportSummary) => void;
}

interface Counts {
  imported: number;
  duplicates: number;
  failed: number;
}

export interface GitImportSummary {
  repository: string;
  commits: number;
  changes: Counts;
  /** `found`: tags matching the glob, or merge commits on the branch. */
  deployments: Counts & { found: number };
  /** The first errors: a commit or tag the native API refused, or a request that failed. */
  errors: { item: string; message: string }[];
}

/** Changes per request, and the body size that closes one early (the HTTP body limit's default). */
const CHANGE_BATCH = 2000;
const BATCH_BYTES = 1 << 20;
/** Measured on 100k commits with 1,000 tags (bench/git-import.ts). */
const DEPLOYMENT_BATCH = 10;
const KEPT_ERRORS = 100;

export async function importGit(
  ingest: NativeSink,
  dir: string,
  options: GitImportOptions,
): Promise<GitImportSummary> {
  const repository = options.repository ?? (await defaultRepository(dir));
  const summary: GitImportSummary = {
    repository,
    commits: 0,
    changes: { imported: 0, duplicates: 0, failed: 0 },
    deployments: { found: 0, imported: 0, duplicates: 0, failed: 0 },
    errors: [],
  };
  const writer = new Writer(ingest, summary, options);
  let batch: Pending = new Pending('change');
  for await (const commit of readCommits(dir)) {
    summary.commits += 1;
    batch.add(`commit ${commit.sha}`, toChangeBody(commit, repository));
    // Cut where a sha says so, not every n commits: a new commit changes one request, not all after it.
    if (batch.size >= CHANGE_BATCH * 2 || batch.bytes >= BATCH_BYTES || endsRun(commit)) {
      await writer.write(batch);
      batch = new Pending('change');
    }
  }
  await writer.write(batch);
  await writer.settle();

  const found = await readDeployments(dir, options, repository);
  summary.deployments.found = found.length;
  batch = new Pending('deployment');
  let previous: string | undefined;
  for (const { label, body } of found) {
    // A tie in one request would be broken by storage order: it goes to the next one instead.
    if (batch.size >= (options.deploymentBatch ?? DEPLOYMENT_BATCH) || body.finished_at === previous) {
      await writer.write(batch);
      await writer.settle();
      batch = new Pending('deployment');
    }
    batch.add(label, body);
    previous = body.finished_at as string;
  }
  await writer.write(batch);
  await writer.settle();
  return summary;
}

const endsRun = (commit: GitCommit) => parseInt(commit.sha.slice(-4), 16) % CHANGE_BATCH === 0;

async function defaultRepository(dir: string): Promise<string> {
  const { origin, folder } = await readRepositoryName(dir);
  // A remote that is a local path names a folder, not an `owner/name`.
  const isUrl = origin !== undefined && (/^[a-z+]+:\/\//i.test(origin) || /^[^@/\s]+@[^:/\s]+:/.test(origin));
  return isUrl && !origin.startsWith('file:') ? normalizeRepository(origin) : folder;
}

async function readDeployments(dir: string, options: GitImportOptions, repository: string) {
  const stream = { service: options.service, environment: options.environment, repository };
  const source = options.deployments;
  const points =
    source.kind === 'tags' ? await readTags(dir) : await readFirstParentMerges(dir, source.branch);
  return toDeploymentBodies(points, source, stream);
}

/** The bodies of one request and their parsed events; an item the native API refuses is left out. */
class Pending {
  readonly items: { label: string; body: Record<string, unknown> }[] = [];
  readonly events: NormalizedEvents = { changes: [], deployments: [], incidents: [], artifacts: [] };
  readonly refused: { item: string; message: string }[] = [];
  bytes = 0;

  constructor(readonly type: LineType) {}

  get size(): number {
    return this.items.length;
  }

  add(label: string, body: Record<string, unknown>): void {
    try {
      const events = parseNativeBody(this.type, body);
      this.events.changes.push(...events.changes);
      this.events.deployments.push(...events.deployments);
      this.items.push({ label, body });
      this.bytes += JSON.stringify(body).length + 1;
    } catch (error) {
      this.refused.push({ item: label, message: reasonOf(error) });
    }
  }
}

/**
 * Writes requests one after the other, the next being read from git while the previous one is
 * committed (`settle` waits for it).
 */
class Writer {
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly ingest: NativeSink,
    private readonly summary: GitImportSummary,
    private readonly options: GitImportOptions,
  ) {}

  async write(batch: Pending): Promise<void> {
    await this.inFlight;
    const counts = batch.type === 'change' ? this.summary.changes : this.summary.deployments;
    for (const refused of batch.refused) this.fail(counts, refused);
    if (batch.size === 0) return;
    this.inFlight = this.send(batch, counts);
    // Handled when awaited next; meanwhile a failure must not count as an unhandled rejection.
    this.inFlight.catch(() => undefined);
  }

  settle(): Promise<void> {
    return this.inFlight;
  }

  private async send(batch: Pending, counts: Counts): Promise<void> {
    const userAgent = this.options.userAgent ?? 'fivekeys import git';
    const bodies = batch.items.map((item) => item.body);
    try {
      const outcome = await ingestNativeBatch(
        this.ingest,
        batch.type,
        bodies,
        batch.events,
        userAgent,
        'git',
      );
      counts.imported += outcome.accepted;
      counts.duplicates += outcome.duplicates;
    } catch (error) {
      if (stopsImport(error)) throw error;
      for (const { label } of batch.items) this.fail(counts, { item: label, message: reasonOf(error) });
    }
    this.options.onProgress?.(this.summary);
  }

  private fail(counts: Counts, error: { item: string; message: string }): void {
    counts.failed += 1;
    if (this.summary.errors.length < KEPT_ERRORS) this.summary.errors.push(error);
  }
}
