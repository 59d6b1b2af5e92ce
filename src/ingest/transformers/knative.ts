/**
 * Knative ApiServerSource events in Resource mode (`dev.knative.apiserver.resource.{add,update,delete}`,
 * data = the whole object): an apps/v1 workload whose rollout completed is a successful deployment,
 * one whose Deployment exceeded its progress deadline a failed one (STANDARDS.md §8). Identity comes
 * from the Keptn / app.kubernetes.io keys, pod template before object, annotations before labels.
 */
import { Type, type Static } from '@sinclair/typebox';
import { emptyEvents } from '../../model/events.ts';
import type { CloudEvent, Mapped, Transformer } from '../cloudevents/event.ts';
import { normalizeRepository } from '../repository.ts';
import {
  compact,
  fieldPath,
  instantAt,
  invalid,
  isRecord,
  NameList,
  textAt,
  toSha,
  type JsonRecord,
} from './fields.ts';
import { rolloutOf } from './rollout.ts';
import { imageTag, metadataOf, revisionOf, type WorkloadMetadata } from './workload.ts';

const Keys = (defaults: readonly string[], description: string) =>
  NameList(defaults, `${description} Label or annotation keys; the first present wins.`);

const DEFAULTS = {
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
  serviceKeys: ['keptn.sh/workload', 'app.kubernetes.io/name'],
  versionKeys: ['keptn.sh/version', 'app.kubernetes.io/version'],
  applicationKeys: ['keptn.sh/app', 'app.kubernetes.io/part-of'],
  // No Kubernetes convention exists for the deployed commit; these are ours and the OCI image keys.
  commitKeys: ['fivekeys.dev/commit', 'org.opencontainers.image.revision'],
  repositoryKeys: ['fivekeys.dev/repository', 'org.opencontainers.image.source'],
  teamKey: 'team',
  environmentFrom: 'namespace',
};

export const KnativeOptionsSchema = Type.Object(
  {
    kinds: Type.Optional(
      // A plain enum keeps ajv's message readable ("must be one of …").
      Type.Array(Type.Unsafe<string>({ type: 'string', enum: DEFAULTS.kinds }), {
        description: 'apps/v1 kinds whose rollouts are deployments.',
        default: [...DEFAULTS.kinds],
      }),
    ),
    serviceKeys: Keys(DEFAULTS.serviceKeys, 'The service; the object name when none is present.'),
    versionKeys: Keys(DEFAULTS.versionKeys, 'The version; the container image tag when none is present.'),
    applicationKeys: Keys(DEFAULTS.applicationKeys, 'The application.'),
    commitKeys: Keys(DEFAULTS.commitKeys, 'The deployed commit sha.'),
    repositoryKeys: Keys(DEFAULTS.repositoryKeys, 'The repository URL.'),
    teamKey: Type.Optional(
      Type.String({ minLength: 1, description: 'The team label key.', default: 'team' }),
    ),
    environment: Type.Optional(
      Type.String({ minLength: 1, description: 'A fixed environment for every object.' }),
    ),
    environmentFrom: Type.Optional(
      Type.String({
        pattern: '^(namespace|label:.+|annotation:.+)$',
        description:
          'Where the environment is when `environment` is not set: namespace, label:KEY or annotation:KEY.',
        default: 'namespace',
      }),
    ),
  },
  { additionalProperties: false },
);
export type KnativeOptions = Static<typeof KnativeOptionsSchema>;

const TYPE = /^dev\.knative\.apiserver\.(resource|ref)\.(add|update|delete)$/;

export function knativeTransformer(options: KnativeOptions = {}): Transformer {
  const settings = { ...DEFAULTS, ...options };
  return (event) => {
    const [, mode, action] = TYPE.exec(event.type) ?? [];
    if (mode === undefined) return { ignored: `${event.type} is not an ApiServerSource event type` };
    if (mode === 'ref') {
      return { ignored: 'Reference mode events carry no object; set the ApiServerSource mode to Resource' };
    }
    if (action === 'delete') return { ignored: 'a deleted object is not a deployment' };
    const object = event.data;
    if (!isRecord(object)) throw invalid('data', 'missing: Resource mode sends the whole object');
    const kind = textAt(object, ['kind']) ?? '';
    if (textAt(object, ['apiVersion']) !== 'apps/v1' || !settings.kinds.includes(kind)) {
      return {
        ignored: `${textAt(object, ['apiVersion'])} ${kind} is not one of the watched kinds (apps/v1 ${settings.kinds.join(', ')})`,
      };
    }
    const rollout = rolloutOf(kind, object, 'data.status.conditions');
    if (rollout.state === 'waiting' || rollout.state === 'none') return { ignored: rollout.reason };
    // An object already rolled out when the source started listing: when it finished is unknown.
    if (rollout.finishedAt === undefined && action === 'add') {
      return { ignored: `${kind} already rolled out when first seen; its finish time is unknown` };
    }
    return toDeployment(
      event,
      object,
      rollout.state === 'complete' ? 'success' : 'failure',
      rollout.finishedAt,
      settings,
    );
  };
}

function toDeployment(
  event: CloudEvent,
  object: JsonRecord,
  status: 'success' | 'failure',
  finishedAt: string | undefined,
  settings: typeof DEFAULTS & { environment?: string | undefined },
): Mapped {
  const meta = metadataOf(object);
  const namespace = required(textAt(object, ['metadata', 'namespace']), 'namespace');
  const repository = meta.first(settings.repositoryKeys);
  const deployment = compact({
    source: 'knative',
    external_id: `${required(textAt(object, ['metadata', 'uid']), 'uid')}/${revisionOf(object)}`,
    service: meta.first(settings.serviceKeys) ?? required(textAt(object, ['metadata', 'name']), 'name'),
    environment: settings.environment ?? environmentOf(meta, settings.environmentFrom, namespace),
    status,
    finished_at: finishedAt ?? eventTime(event),
    version: meta.first(settings.versionKeys) ?? imageTag(object, meta.first(['keptn.sh/container'])),
    commit: toSha(meta.first(settings.commitKeys)),
    repository: repository === undefined ? undefined : normalizeRepository(repository),
    team: meta.first([settings.teamKey]),
    application: meta.first(settings.applicationKeys),
  });
  return { events: { ...emptyEvents(), deployments: [deployment] } };
}

const required = (value: string | undefined, name: string): string => {
  if (value === undefined) {
    throw invalid(fieldPath('data', 'metadata', name), 'missing on a Kubernetes object');
  }
  return value;
};

function eventTime(event: CloudEvent): string {
  const time = instantAt(event, ['time'], 'time');
  if (time === undefined) {
    throw invalid(
      'time',
      'missing, and data.status.conditions has no Progressing lastUpdateTime to use instead',
    );
  }
  return time;
}

function environmentOf(meta: WorkloadMetadata, from: string, namespace: string): string {
  if (from === 'namespace') return namespace;
  const plural = from.startsWith('label:') ? 'labels' : 'annotations';
  const key = from.slice(from.indexOf(':') + 1);
  const value = meta.only(plural, key);
  if (value === undefined) {
    throw invalid(fieldPath('data', 'metadata', plural, key), `missing: environmentFrom is ${from}`);
  }
  return value;
}
