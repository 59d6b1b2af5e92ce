/**
 * The only reader of process.env. Precedence: defaults < YAML file (--config) < environment < flags.
 * The result is validated and frozen; a bad value stops the process with a message naming it.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { IANAZone } from 'luxon';
import { parse as parseYaml } from 'yaml';
import { AppError } from './errors.ts';
import type { Service } from './model/catalog.ts';
import type { SettingsInput } from './catalog-schema.ts';
import { noCatalogFile, parseCatalogFile, type CatalogFile } from './config-file.ts';
import type { CloudEventsConfig } from './ingest/cloudevents/router-config.ts';
import type { WebhookSourceName, WebhooksConfig } from './ingest/webhooks/sources.ts';
import { parseWatcherConfig, type WatcherConfig } from './k8s/watcher-config.ts';

export type AuthMode = 'auto' | 'required' | 'off';
export type TrustProxy = boolean | number | readonly string[];

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Set: PostgreSQL. Unset: the embedded PGlite database in dataDir. */
  readonly databaseUrl: string | undefined;
  /**
   * Ingest keeps its statements prepared on each PostgreSQL connection. Off for a pooler that
   * cannot follow named statements across server connections (PgBouncer in transaction mode before
   * 1.21, or without `max_prepared_statements`).
   */
  readonly databasePrepare: boolean;
  readonly adminToken: string | undefined;
  readonly adminUsername: string | undefined;
  readonly adminPassword: string | undefined;
  /** auto: tokens are required once FIVEKEYS_ADMIN_TOKEN is set or any token exists. */
  readonly auth: AuthMode;
  readonly bodyLimitBytes: number;
  readonly logLevel: string;
  /** How long `GET /metrics` reuses the DORA families it computed from the database. */
  readonly metricsCacheSeconds: number;
  /** Set: `GET /metrics` wants this bearer token. Unset: it needs a read token when auth is on. */
  readonly metricsToken: string | undefined;
  /** Browser origins allowed to call the API (CORS); empty: none. */
  readonly corsOrigins: readonly string[];
  /**
   * Whose X-Forwarded-For names the client (Fastify's trustProxy): false (default) none, true any
   * peer, a hop count, or the proxies' addresses and CIDRs.
   */
  readonly trustProxy: TrustProxy;
  /** Requests per minute per token (else per address), per replica; 0: unlimited. */
  readonly rateLimitPerMinute: number;
  /** A request's headers and body must arrive within this (slow senders are cut off). */
  readonly requestTimeoutMs: number;
  /** `fivekeys import github` without --token: FIVEKEYS_GITHUB_TOKEN or GITHUB_TOKEN. */
  readonly githubToken: string | undefined;
  /** Ingest requests waiting for their transaction before new ones get 503 (backpressure). */
  readonly ingestQueueLimit: number;
  /** How long a request may wait for its transaction, or a batch may run, before 503s. */
  readonly ingestQueueWaitMs: number;
  /** Most requests one group-commit transaction takes; 1 is one transaction per request. */
  readonly ingestMaxBatch: number;
  /** SIGTERM/SIGINT: the time to finish requests and batches before the process gives up (exit 1). */
  readonly shutdownTimeoutSeconds: number;
  /** SIGTERM/SIGINT: how long `/readyz` answers 503 while still serving, before the listener closes. */
  readonly shutdownDrainSeconds: number;
  /** Settings and services declared in the YAML file, applied to the database at start. */
  readonly settings: SettingsInput;
  readonly services: readonly Service[];
  /** CloudEvents routes, declarative mappings and built-in transformer options. */
  readonly cloudevents: CloudEventsConfig;
  /** Per source webhook: secrets (file and environment merged) and adapter options. */
  readonly webhooks: WebhooksConfig;
  /** The Kubernetes deployment watcher (YAML `kubernetes:` and FIVEKEYS_KUBERNETES_*). */
  readonly kubernetes: WatcherConfig;
}

export type Flags = Partial<{
  port: string;
  host: string;
  dataDir: string;
  config: string;
  databaseUrl: string;
}>;
type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, flags: Flags = {}): Config {
  const file = readConfigFile(flags.config ?? env.FIVEKEYS_CONFIG);
  const pick = (flag: string | undefined, ...names: string[]) =>
    flag ?? names.map((name) => env[name]).find((value) => value !== undefined && value !== '');
  const timezone = pick(undefined, 'FIVEKEYS_TIMEZONE') ?? file.settings.timezone;
  if (timezone !== undefined && !IANAZone.isValidZone(timezone)) {
    throw new AppError('invalid_config', `FIVEKEYS_TIMEZONE: "${timezone}" is not an IANA time zone`);
  }
  const config: Config = {
    port: integer('FIVEKEYS_PORT', pick(flags.port, 'FIVEKEYS_PORT') ?? file.server.port, 8080, 65535),
    host: pick(flags.host, 'FIVEKEYS_HOST') ?? file.server.host ?? '0.0.0.0',
    dataDir: pick(flags.dataDir, 'FIVEKEYS_DATA_DIR') ?? file.server.data_dir ?? './fivekeys-data',
    databaseUrl: pick(flags.databaseUrl, 'FIVEKEYS_DATABASE_URL', 'DATABASE_URL') ?? file.server.database_url,
    databasePrepare: onOff('FIVEKEYS_DATABASE_PREPARE', pick(undefined, 'FIVEKEYS_DATABASE_PREPARE'), true),
    adminToken: pick(undefined, 'FIVEKEYS_ADMIN_TOKEN'),
    adminUsername: pick(undefined, 'FIVEKEYS_ADMIN_USERNAME'),
    adminPassword: pick(undefined, 'FIVEKEYS_ADMIN_PASSWORD'),
    auth: authMode(pick(undefined, 'FIVEKEYS_AUTH') ?? file.server.auth),
    bodyLimitBytes: integer(
      'FIVEKEYS_BODY_LIMIT',
      pick(undefined, 'FIVEKEYS_BODY_LIMIT') ?? file.server.body_limit,
      1 << 20,
      2 ** 31,
      1024,
    ),
    logLevel: pick(undefined, 'FIVEKEYS_LOG_LEVEL') ?? file.server.log_level ?? 'info',
    metricsCacheSeconds: integer(
      'FIVEKEYS_METRICS_CACHE_SECONDS',
      pick(undefined, 'FIVEKEYS_METRICS_CACHE_SECONDS') ?? file.server.metrics_cache_seconds,
      30,
      86_400,
    ),
    metricsToken: pick(undefined, 'FIVEKEYS_METRICS_TOKEN') ?? file.server.metrics_token,
    corsOrigins: list(pick(undefined, 'FIVEKEYS_CORS_ORIGINS')),
    trustProxy: trustProxy(pick(undefined, 'FIVEKEYS_TRUST_PROXY')),
    rateLimitPerMinute: integer(
      'FIVEKEYS_RATE_LIMIT',
      pick(undefined, 'FIVEKEYS_RATE_LIMIT'),
      20_000,
      10_000_000,
    ),
    requestTimeoutMs: integer(
      'FIVEKEYS_REQUEST_TIMEOUT_MS',
      pick(undefined, 'FIVEKEYS_REQUEST_TIMEOUT_MS'),
      30_000,
      600_000,
      100,
    ),
    githubToken: pick(undefined, 'FIVEKEYS_GITHUB_TOKEN', 'GITHUB_TOKEN'),
    ingestQueueLimit: integer(
      'FIVEKEYS_INGEST_QUEUE_LIMIT',
      pick(undefined, 'FIVEKEYS_INGEST_QUEUE_LIMIT'),
      1000,
      1_000_000,
      1,
    ),
    ingestQueueWaitMs: integer(
      'FIVEKEYS_INGEST_QUEUE_WAIT_MS',
      pick(undefined, 'FIVEKEYS_INGEST_QUEUE_WAIT_MS'),
      5000,
      600_000,
      100,
    ),
    ingestMaxBatch: integer(
      'FIVEKEYS_INGEST_MAX_BATCH',
      pick(undefined, 'FIVEKEYS_INGEST_MAX_BATCH'),
      500,
      10_000,
      1,
    ),
    ...shutdownTimes(
      pick(undefined, 'FIVEKEYS_SHUTDOWN_TIMEOUT'),
      pick(undefined, 'FIVEKEYS_SHUTDOWN_DRAIN'),
    ),
    settings: { ...file.settings, ...(timezone === undefined ? {} : { timezone }) },
    services: file.services,
    cloudevents: file.cloudevents,
    webhooks: webhooksWithEnvironment(file.webhooks, env),
    kubernetes: parseWatcherConfig(file.kubernetes, env),
  };
  return Object.freeze(config);
}

/** Comma-separated, so a rotation lists the new secret beside the old one. */
const SECRET_VARIABLES: [WebhookSourceName, 'secrets' | 'signing_keys', string][] = [
  ['github', 'secrets', 'FIVEKEYS_GITHUB_WEBHOOK_SECRET'],
  ['gitlab', 'secrets', 'FIVEKEYS_GITLAB_WEBHOOK_TOKEN'],
  ['gitlab', 'signing_keys', 'FIVEKEYS_GITLAB_SIGNING_TOKEN'],
  ['pagerduty', 'secrets', 'FIVEKEYS_PAGERDUTY_WEBHOOK_SECRET'],
  ['flux', 'secrets', 'FIVEKEYS_FLUX_WEBHOOK_SECRET'],
];

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

function webhooksWithEnvironment(file: WebhooksConfig, env: Env): WebhooksConfig {
  const merged: WebhooksConfig = { ...file };
  for (const [source, key, name] of SECRET_VARIABLES) {
    const values = list(env[name]);
    if (values.length > 0) merged[source] = { ...merged[source], [key]: values };
  }
  return merged;
}

function readConfigFile(path: string | undefined): CatalogFile {
  if (!path) return noCatalogFile();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AppError('invalid_config', `--config: cannot read ${path}`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (cause) {
    throw new AppError('invalid_config', `${path}: not valid YAML: ${(cause as Error).message}`, { cause });
  }
  return parseCatalogFile(parsed ?? {}, path);
}

function integer(
  name: string,
  value: string | number | undefined,
  fallback: number,
  max: number,
  min = 0,
): number {
  if (value === undefined) return fallback;
  const parsed = /^\s*\d+\s*$/.test(String(value)) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new AppError('invalid_config', `${name}: "${value}" must be a whole number from ${min} to ${max}`);
  }
  return parsed;
}

/** Below Kubernetes' default 30 s grace period, so fivekeys reports what was pending before a SIGKILL. */
function shutdownTimes(timeout: string | undefined, drain: string | undefined) {
  const shutdownTimeoutSeconds = integer('FIVEKEYS_SHUTDOWN_TIMEOUT', timeout, 10, 3600, 1);
  const shutdownDrainSeconds = integer('FIVEKEYS_SHUTDOWN_DRAIN', drain, 0, 3600);
  if (shutdownDrainSeconds >= shutdownTimeoutSeconds) {
    throw new AppError(
      'invalid_config',
      `FIVEKEYS_SHUTDOWN_DRAIN: ${shutdownDrainSeconds} must be below FIVEKEYS_SHUTDOWN_TIMEOUT (${shutdownTimeoutSeconds}), which it counts against`,
    );
  }
  return { shutdownTimeoutSeconds, shutdownDrainSeconds };
}

function onOff(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (['on', 'true', '1'].includes(value)) return true;
  if (['off', 'false', '0'].includes(value)) return false;
  throw new AppError('invalid_config', `${name}: "${value}" must be on or off`);
}

function trustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || ['off', 'false'].includes(value)) return false;
  if (['on', 'true'].includes(value)) return true;
  if (/^\s*\d+\s*$/.test(value)) return integer('FIVEKEYS_TRUST_PROXY', value, 0, 100, 1);
  const proxies = list(value);
  const bad = proxies.find((proxy) => !isAddressOrCidr(proxy));
  if (bad !== undefined) {
    throw new AppError(
      'invalid_config',
      `FIVEKEYS_TRUST_PROXY: "${bad}" is not an IP address or CIDR; use on, off, a hop count or a comma-separated list`,
    );
  }
  return proxies;
}

function isAddressOrCidr(value: string): boolean {
  const [address = '', prefix, extra] = value.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

function authMode(value: string | undefined): AuthMode {
  if (value === undefined) return 'auto';
  if (value === 'auto' || value === 'required' || value === 'off') return value;
  throw new AppError('invalid_config', `FIVEKEYS_AUTH: "${value}" must be auto, required or off`);
}
