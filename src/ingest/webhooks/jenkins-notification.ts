/**
 * The Jenkins Notification plugin (jenkinsci/notification-plugin, "tikal"): a JSON job state per
 * build phase (QUEUED, STARTED, COMPLETED, FINALIZED). The FINALIZED notification of a deploying
 * job is one deployment; counting only that phase keeps COMPLETED from counting the build twice,
 * and it is the phase the plugin's own "failed" events use. Options are those of the Jenkins
 * cdevents transformer, and rows share its ids, so a build reported by both plugins is stored once.
 */
import { Value } from '@sinclair/typebox/value';
import { emptyEvents, type DeploymentStatus } from '../../model/events.ts';
import { normalizeRepository } from '../repository.ts';
import {
  compact,
  globMatcher,
  instantAt,
  invalid,
  isRecord,
  stringMap,
  textAt,
  toSha,
  valueAt,
  type JsonRecord,
} from '../transformers/fields.ts';
import { JenkinsOptionsSchema, type JenkinsOptions } from '../transformers/jenkins.ts';
import type { WebhookAdapter, WebhookDelivery, WebhookResult } from './webhook.ts';
import { parseJsonObject } from './json-object.ts';
import { toRepositoryUrl, webUrlAt } from '../web-url.ts';

interface Settings {
  jobs: string[];
  services: Record<string, string>;
  environment?: string | undefined;
  environmentParameters: string[];
  versionParameters: string[];
  deploys: (job: string) => boolean;
}

/** Options are bound once per source: their defaults and globs are worked out once. */
const settingsCache = new WeakMap<JenkinsOptions, Settings>();

function settingsOf(options: JenkinsOptions): Settings {
  const cached = settingsCache.get(options);
  if (cached !== undefined) return cached;
  const filled = Value.Default(JenkinsOptionsSchema, structuredClone(options)) as Omit<Settings, 'deploys'>;
  const settings = { ...filled, services: filled.services ?? {}, deploys: globMatcher(filled.jobs) };
  settingsCache.set(options, settings);
  return settings;
}

export const jenkinsNotificationAdapter: WebhookAdapter<JenkinsOptions> = {
  source: 'jenkins',
  deliveryId(delivery) {
    const body = readable(delivery.body);
    const build = textAt(body, ['build', 'full_url']) ?? textAt(body, ['build', 'url']);
    const phase = textAt(body, ['build', 'phase']);
    return build === undefined || phase === undefined ? null : `${build}:${phase}`;
  },
  map(delivery, options) {
    const body = parseJsonObject(delivery.body, 'the JSON job state of the Notification plugin');
    if (!isRecord(body.build))
      throw invalid('build', 'missing: the Notification plugin sends the build here');
    const phase = textAt(body.build, ['phase'])?.toUpperCase() ?? '(none)';
    if (phase !== 'FINALIZED') {
      return skip(
        `jenkins: build phase ${phase} is not the end of a build; deployments are counted at FINALIZED`,
      );
    }
    const name = textAt(body, ['name']);
    if (name === undefined) throw invalid('name', 'missing: the job name is needed to match jobs');
    const job = fullNameOf(body) ?? name;
    const settings = settingsOf(options);
    if (!settings.deploys(job) && !settings.deploys(name)) {
      return skip(`jenkins: job ${job} does not match the deploying jobs (${settings.jobs.join(', ')})`);
    }
    const status = statusOf(textAt(body.build, ['status']));
    if (!(status === 'success' || status === 'failure')) return skip(status);
    return {
      events: { ...emptyEvents(), deployments: [toDeployment(delivery, body.build, job, status, settings)] },
      reasons: [],
    };
  },
};

function toDeployment(
  delivery: WebhookDelivery,
  build: JsonRecord,
  job: string,
  status: DeploymentStatus,
  settings: Settings,
) {
  const parameters = stringMap(build.parameters);
  const parameter = (names: readonly string[]) =>
    names.map((name) => parameters[name]?.trim()).find((value) => value);
  const { started, finished } = timesOf(delivery, build);
  const repository = textAt(build, ['scm', 'url']);
  return compact({
    source: 'jenkins',
    external_id: buildId(build, job),
    service: own(settings.services, job) ?? job,
    environment: settings.environment ?? parameter(settings.environmentParameters) ?? 'production',
    status,
    finished_at: finished,
    started_at: started,
    version: parameter(settings.versionParameters),
    commit: toSha(textAt(build, ['scm', 'commit'])),
    repository: repository === undefined ? undefined : normalizeRepository(repository),
    repository_url: toRepositoryUrl(repository),
    // full_url needs Jenkins' root URL configured; `url` alone is a path, not a page.
    url: webUrlAt(build, ['full_url']),
  });
}

/**
 * Current plugin versions send `timestamp` as epoch milliseconds of the phase itself (for
 * FINALIZED, when the build was finalized) and `duration` in milliseconds; older ones sent the
 * build's start as an RFC 3339 string. Without either, the notification is posted as the build
 * finalizes, so its receipt is the best finish time left (and replay reads the stored one).
 */
function timesOf(delivery: WebhookDelivery, build: JsonRecord): { started?: string; finished: string } {
  const timestamp = valueAt(build, ['timestamp']);
  const duration = valueAt(build, ['duration']);
  const span =
    typeof duration === 'number' && Number.isFinite(duration) && duration > 0 ? duration : undefined;
  // A duration putting an end outside Date's range is junk, not a 500 (found by test/fuzz).
  const shift = (instant: string, by: number) => {
    const time = new Date(Date.parse(instant) + by);
    if (Number.isNaN(time.getTime())) throw invalid('build.duration', `${duration} is not milliseconds`);
    return time.toISOString();
  };
  if (typeof timestamp === 'number') {
    if (!Number.isFinite(timestamp) || timestamp <= 0 || Number.isNaN(new Date(timestamp).getTime())) {
      throw invalid('build.timestamp', `${timestamp} is not epoch milliseconds`);
    }
    const finished = new Date(timestamp).toISOString();
    return { finished, started: span === undefined ? undefined : shift(finished, -span) };
  }
  const start = instantAt(build, ['timestamp'], 'build.timestamp');
  if (start !== undefined && span !== undefined) return { started: start, finished: shift(start, span) };
  return { started: start, finished: delivery.receivedAt };
}

/**
 * The job's full name from its URL (`job/platform/job/inventory-release/`), written the way the
 * cdevents plugin names it (`platform » inventory-release`) so both share `jobs` and `services`.
 */
function fullNameOf(body: JsonRecord): string | undefined {
  const url = textAt(body, ['url']);
  if (url === undefined) return undefined;
  const segments = url.split('/').filter((segment) => segment !== '');
  const names = segments.filter((_, index) => segments[index - 1] === 'job');
  if (names.length === 0) return undefined;
  try {
    return names.map((segment) => decodeURIComponent(segment)).join(' » ');
  } catch {
    return undefined;
  }
}

/** As the cdevents transformer: UNSTABLE failed checks after deploying; ABORTED decided nothing. */
function statusOf(result: string | undefined): DeploymentStatus | string {
  const value = result?.toUpperCase();
  if (value === 'SUCCESS') return 'success';
  if (value === 'FAILURE' || value === 'UNSTABLE') return 'failure';
  if (value === undefined) return 'jenkins: finalized build has no status; not counted as a deployment';
  return `jenkins: build ${value.toLowerCase()}: not counted as a deployment`;
}

/** The build's URL is unique per Jenkins; without a root URL configured only the path is sent. */
function buildId(build: JsonRecord, job: string): string {
  const url = textAt(build, ['full_url']);
  if (url !== undefined) return url;
  const number = textAt(build, ['number']);
  if (number === undefined) throw invalid('build.number', 'missing: a build needs a URL or a number');
  return `${job}#${number}`;
}

/** Config maps are plain objects: `constructor` must not name a service. */
const own = (map: Record<string, string>, key: string): string | undefined =>
  Object.hasOwn(map, key) ? map[key] : undefined;

const skip = (reason: string): WebhookResult => ({ events: emptyEvents(), reasons: [reason] });

function readable(text: string): JsonRecord | undefined {
  try {
    return parseJsonObject(text, 'the JSON job state of the Notification plugin');
  } catch {
    return undefined;
  }
}
