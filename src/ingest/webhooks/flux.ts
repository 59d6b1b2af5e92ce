/**
 * Flux notification-controller, `generic` or `generic-hmac` Provider: the Flux Event as JSON, with
 * a `Gotk-Component` header naming the controller (STANDARDS.md §7). A Kustomization or HelmRelease
 * event whose reason says an apply of a revision ended (ReconciliationSucceeded, UpgradeFailed, …)
 * is one deployment of that revision; progress, source and other events change nothing.
 */
import { Type, type Static } from '@sinclair/typebox';
import { emptyEvents, type Deployment, type DeploymentStatus } from '../../model/events.ts';
import {
  compact,
  invalid,
  isRecord,
  NameList,
  requiredInstant,
  stringMap,
  textAt,
  type JsonRecord,
} from '../transformers/fields.ts';
import type { WebhookAdapter, WebhookResult } from './webhook.ts';
import { parseJsonObject } from './json-object.ts';

const DEFAULTS = {
  environmentMetadataKey: 'environment',
  successReasons: ['ReconciliationSucceeded', 'InstallSucceeded', 'UpgradeSucceeded', 'RollbackSucceeded'],
  failureReasons: [
    'ReconciliationFailed',
    'HealthCheckFailed',
    'BuildFailed',
    'InstallFailed',
    'UpgradeFailed',
    'RollbackFailed',
  ],
};

export const FluxOptionsSchema = Type.Object(
  {
    services: Type.Optional(
      Type.Record(Type.String({ minLength: 1 }), Type.String({ minLength: 1 }), {
        description:
          'Object (`name` or `namespace/name`) → service. Default: the service is named like the Kustomization or HelmRelease.',
        default: {},
      }),
    ),
    environmentMetadataKey: Type.Optional(
      Type.String({
        minLength: 1,
        default: DEFAULTS.environmentMetadataKey,
        description:
          'The event metadata key naming the environment (set it with Alert.spec.eventMetadata, or the `event.toolkit.fluxcd.io/KEY` annotation). Default environment.',
      }),
    ),
    environment: Type.Optional(
      Type.String({
        minLength: 1,
        description: "The environment of events without that metadata. Default: the object's namespace.",
      }),
    ),
    successReasons: NameList(
      DEFAULTS.successReasons,
      '`info` event reasons that end a successful apply. Default ReconciliationSucceeded, InstallSucceeded, UpgradeSucceeded, RollbackSucceeded.',
    ),
    failureReasons: NameList(
      DEFAULTS.failureReasons,
      '`error` event reasons that end a failed apply. Default ReconciliationFailed, HealthCheckFailed, BuildFailed, InstallFailed, UpgradeFailed, RollbackFailed.',
    ),
  },
  { additionalProperties: false },
);
export type FluxOptions = Static<typeof FluxOptionsSchema>;

const DEPLOYING_KINDS = new Set(['Kustomization', 'HelmRelease']);

export const fluxAdapter: WebhookAdapter<FluxOptions> = {
  source: 'flux',
  // Flux sends no delivery id, and the rows dedupe by their own id: a repeated event of the same
  // apply is a duplicate row, not a second deployment.
  deliveryId: () => null,
  map(delivery, options) {
    const event = parseJsonObject(delivery.body, 'the JSON object of a Flux event');
    const object = objectOf(event);
    const reason = textAt(event, ['reason']) ?? '(no reason)';
    if (!DEPLOYING_KINDS.has(object.kind)) {
      return skip(`flux: ${object.kind} events report sources, not deployments`);
    }
    const status = statusOf(reason, textAt(event, ['severity']), options);
    if (status === undefined) {
      return skip(
        `flux: ${object.kind} ${object.name} reason ${reason} does not end an apply (progress, dependency or source event)`,
      );
    }
    const deployment = toDeployment(event, object, reason, status, options);
    return { events: { ...emptyEvents(), deployments: [deployment] }, reasons: [] };
  },
};

interface FluxObject {
  kind: string;
  name: string;
  namespace: string;
  /** The object's API group, which prefixes its metadata keys. */
  group: string;
}

function objectOf(event: JsonRecord): FluxObject {
  const object = event.involvedObject;
  if (!isRecord(object))
    throw invalid('involvedObject', 'missing: Flux events name the object they report on');
  const name = textAt(object, ['name']);
  if (name === undefined)
    throw invalid('involvedObject.name', 'missing: the object name keys the deployment');
  return {
    kind: textAt(object, ['kind']) ?? '(no kind)',
    name,
    namespace: textAt(object, ['namespace']) ?? '',
    group: (textAt(object, ['apiVersion']) ?? '').split('/')[0] ?? '',
  };
}

function toDeployment(
  event: JsonRecord,
  object: FluxObject,
  reason: string,
  status: DeploymentStatus,
  options: FluxOptions,
): Deployment {
  const { kind, name, namespace } = object;
  const metadata = metadataOf(event, object.group);
  const revision = metadata('revision');
  const token = metadata('token');
  // A HelmRelease upgrade that only changes values keeps the chart version; the token (a digest
  // of the values) tells those apart. A Kustomization's token is unique per event: left out.
  const applied = kind === 'HelmRelease' && token !== undefined ? `${revision ?? ''}+${token}` : revision;
  const services = options.services ?? {};
  return compact({
    source: 'flux',
    external_id: `${kind}/${namespace}/${name}/${applied ?? ''}/${reason}`,
    service: own(services, `${namespace}/${name}`) ?? own(services, name) ?? name,
    environment: environmentOf(metadata, options, namespace),
    status,
    finished_at: requiredInstant(event, ['timestamp'], 'timestamp', 'the event time is when the apply ended'),
    ...parseRevision(revision, metadata('originRevision')),
    kind: reason.startsWith('Rollback') ? ('rollback' as const) : undefined,
  });
}

function statusOf(
  reason: string,
  severity: string | undefined,
  options: FluxOptions,
): DeploymentStatus | undefined {
  if (severity === 'info' && (options.successReasons ?? DEFAULTS.successReasons).includes(reason))
    return 'success';
  if (severity === 'error' && (options.failureReasons ?? DEFAULTS.failureReasons).includes(reason))
    return 'failure';
  return undefined;
}

function environmentOf(
  metadata: (key: string) => string | undefined,
  options: FluxOptions,
  namespace: string,
): string {
  const key = options.environmentMetadataKey ?? DEFAULTS.environmentMetadataKey;
  const environment = metadata(key) ?? options.environment ?? (namespace === '' ? undefined : namespace);
  if (environment === undefined) {
    throw invalid(
      `metadata.${key}`,
      'missing: add it with Alert.spec.eventMetadata or set webhooks.flux.options.environment',
    );
  }
  return environment;
}

/**
 * Metadata keys arrive prefixed with the object's API group (`kustomize.toolkit.fluxcd.io/revision`)
 * from current notification-controllers and bare (`revision`) from older ones, which stripped the
 * prefix; custom keys come bare (Alert.spec.eventMetadata) or under
 * `event.toolkit.fluxcd.io/` (object annotations).
 */
function metadataOf(event: JsonRecord, group: string): (key: string) => string | undefined {
  const metadata = stringMap(event.metadata);
  return (key) =>
    [`${group}/${key}`, key, `event.toolkit.fluxcd.io/${key}`]
      .map((candidate) => metadata[candidate]?.trim())
      .find((value) => value !== undefined && value !== '');
}

/**
 * Flux revisions: `main@sha1:<sha>` (Flux 2.0+, a tag `v1.2.0@sha1:<sha>`), `main/<sha>` (before),
 * `latest@sha256:<digest>` (OCI artifacts, whose origin revision may name the Git commit), and a
 * bare chart version for HelmReleases. A Git sha is the commit; a tag or anything else a version.
 */
export function parseRevision(
  revision: string | undefined,
  origin?: string | undefined,
): { commit?: string | undefined; version?: string | undefined } {
  if (revision === undefined) return {};
  const git = gitRevision(revision);
  if (git !== undefined)
    return { commit: git.commit, version: git.ref && /^v?\d/.test(git.ref) ? git.ref : undefined };
  const fromOrigin = origin === undefined ? undefined : gitRevision(origin);
  return { commit: fromOrigin?.commit, version: revision };
}

function gitRevision(revision: string): { commit: string; ref?: string | undefined } | undefined {
  const match =
    /^(?:(.+)@)?sha1:([0-9a-f]{40})$/i.exec(revision) ?? /^(?:(.+)\/)?([0-9a-f]{40})$/i.exec(revision);
  if (match === null || match[2] === undefined) return undefined;
  return { commit: match[2].toLowerCase(), ref: match[1] };
}

/** Config maps are plain objects: `constructor` must not name a service. */
const own = (map: Record<string, string>, key: string): string | undefined =>
  Object.hasOwn(map, key) ? map[key] : undefined;

const skip = (reason: string): WebhookResult => ({ events: emptyEvents(), reasons: [reason] });
