/**
 * Argo CD's Application API (`GET /api/v1/applications`) → the bodies fivekeys's notification
 * templates (docs/argocd-notifications.yaml) would have posted, so an import goes through the Argo CD
 * webhook adapter and maps exactly like a live notification. Pure: no I/O, no clock.
 *
 * `status.history` holds only successful syncs (Argo CD appends an entry when a sync operation
 * succeeds, up to `spec.revisionHistoryLimit`, default 10), each one an `on-deployed`. A failed sync
 * leaves no entry: the only trace of one is `status.operationState` while it is the last operation,
 * which becomes an `on-sync-failed`.
 */
import { isRecord, stringMap, textAt, valueAt, type JsonRecord } from '../../ingest/transformers/fields.ts';

/** Where the body's `environment` comes from; `annotation` is what the templates send. */
export type EnvironmentFrom =
  { kind: 'annotation' } | { kind: 'namespace' } | { kind: 'cluster' } | { kind: 'label'; key: string };

/** One sync as a notification body, with when it finished (the raw log's received time). */
export interface ArgoCdSync {
  /** `appNamespace/name`. */
  app: string;
  /** `history <id>`, or `operation` for a failed last operation. */
  entry: string;
  finishedAt: string;
  body: JsonRecord;
}

export interface ApplicationSyncs {
  syncs: ArgoCdSync[];
  /** Entries that cannot be a deployment, with why. */
  skipped: string[];
}

const FAILED_PHASES = new Set(['Failed', 'Error']);

/** `--environment-from namespace|cluster|label:<key>`; undefined when the text is none of these. */
export function parseEnvironmentFrom(text: string): EnvironmentFrom | undefined {
  if (text === 'namespace' || text === 'cluster' || text === 'annotation') return { kind: text };
  const label = /^label:(.+)$/.exec(text)?.[1]?.trim();
  return label ? { kind: 'label', key: label } : undefined;
}

export function toArgoCdSyncs(application: unknown, environmentFrom: EnvironmentFrom): ApplicationSyncs {
  const name = textAt(application, ['metadata', 'name']) ?? '';
  const appNamespace = textAt(application, ['metadata', 'namespace']) ?? '';
  const app = appNamespace ? `${appNamespace}/${name}` : name;
  const common = commonFields(application, environmentFrom);
  const syncs: ArgoCdSync[] = [];
  const skipped: string[] = [];
  for (const entry of list(valueAt(application, ['status', 'history']))) {
    const id = textAt(entry, ['id']) ?? '?';
    const deployedAt = textAt(entry, ['deployedAt']);
    if (deployedAt === undefined) {
      skipped.push(`${app} history ${id}: no deployedAt`);
      continue;
    }
    const body = notification('on-deployed', name, appNamespace, common, {
      ...historySource(application, entry),
      phase: 'Succeeded',
      // The health a sync ended with is not kept in the history.
      health: '',
      startedAt: textAt(entry, ['deployStartedAt']) ?? '',
      finishedAt: deployedAt,
      images: [],
    });
    syncs.push({ app, entry: `history ${id}`, finishedAt: deployedAt, body });
  }
  const failed = failedOperation(application, name, appNamespace, common);
  if (failed) syncs.push({ app, entry: 'operation', ...failed });
  return { syncs, skipped };
}

type Common = Pick<JsonRecord, 'project' | 'namespace' | 'cluster' | 'server' | 'environment'>;

function commonFields(application: unknown, environmentFrom: EnvironmentFrom): Common {
  const destination = valueAt(application, ['spec', 'destination']);
  return {
    project: textAt(application, ['spec', 'project']) ?? '',
    namespace: textAt(destination, ['namespace']) ?? '',
    cluster: textAt(destination, ['name']) ?? '',
    server: textAt(destination, ['server']) ?? '',
    environment: environmentOf(application, environmentFrom),
  };
}

/**
 * The templates' `environment` is the `fivekeys/environment` annotation; an empty one lets the
 * adapter fall back to `webhooks.argocd.options.environment`, then the destination namespace.
 */
function environmentOf(application: unknown, from: EnvironmentFrom): string {
  const destination = valueAt(application, ['spec', 'destination']);
  switch (from.kind) {
    case 'annotation':
      return stringMap(valueAt(application, ['metadata', 'annotations']))['fivekeys/environment'] ?? '';
    case 'namespace':
      return textAt(destination, ['namespace']) ?? '';
    case 'cluster':
      return textAt(destination, ['name']) ?? hostOf(textAt(destination, ['server'])) ?? '';
    case 'label':
      return stringMap(valueAt(application, ['metadata', 'labels']))[from.key]?.trim() ?? '';
  }
}

const hostOf = (server: string | undefined) =>
  server !== undefined && URL.canParse(server) ? new URL(server).hostname : undefined;

/** A history entry's own source(s), which may differ from today's spec; the spec when it has none. */
function historySource(application: unknown, entry: unknown) {
  const sources = list(valueAt(entry, ['sources']));
  return {
    repoURL: textAt(entry, ['source', 'repoURL']) ?? textAt(application, ['spec', 'source', 'repoURL']) ?? '',
    revision: textAt(entry, ['revision']) ?? '',
    repoURLs: repoURLs(sources.length > 0 ? sources : list(valueAt(application, ['spec', 'sources']))),
    revisions: texts(valueAt(entry, ['revisions'])),
  };
}

/** The last operation when it failed, read as the on-sync-failed template reads it. */
function failedOperation(application: unknown, name: string, appNamespace: string, common: Common) {
  const state = valueAt(application, ['status', 'operationState']);
  const phase = textAt(state, ['phase']);
  const finishedAt = textAt(state, ['finishedAt']);
  if (phase === undefined || !FAILED_PHASES.has(phase) || finishedAt === undefined) return undefined;
  const revision =
    textAt(state, ['syncResult', 'revision']) ?? textAt(state, ['operation', 'sync', 'revision']) ?? '';
  const revisions = texts(
    valueAt(state, ['syncResult', 'revisions']) ?? valueAt(state, ['operation', 'sync', 'revisions']),
  );
  const body = notification('on-sync-failed', name, appNamespace, common, {
    repoURL: textAt(application, ['spec', 'source', 'repoURL']) ?? '',
    revision,
    repoURLs: repoURLs(list(valueAt(application, ['spec', 'sources']))),
    revisions,
    phase,
    health: textAt(application, ['status', 'health', 'status']) ?? '',
    startedAt: textAt(state, ['startedAt']) ?? '',
    finishedAt,
    images: texts(valueAt(application, ['status', 'summary', 'images'])),
  });
  return { finishedAt, body };
}

/** The template's fields, in its order. */
function notification(
  trigger: string,
  app: string,
  appNamespace: string,
  common: Common,
  sync: JsonRecord,
): JsonRecord {
  return {
    trigger,
    app,
    appNamespace,
    project: common.project,
    namespace: common.namespace,
    cluster: common.cluster,
    server: common.server,
    repoURL: sync.repoURL,
    revision: sync.revision,
    repoURLs: sync.repoURLs,
    revisions: sync.revisions,
    phase: sync.phase,
    health: sync.health,
    startedAt: sync.startedAt,
    finishedAt: sync.finishedAt,
    environment: common.environment,
    images: sync.images,
  };
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const texts = (value: unknown): string[] => list(value).map((item) => (typeof item === 'string' ? item : ''));
const repoURLs = (sources: unknown[]): string[] =>
  sources.map((source) => (isRecord(source) ? (textAt(source, ['repoURL']) ?? '') : ''));
