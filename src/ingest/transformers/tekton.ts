/**
 * Tekton Pipelines CloudEvents: a finished PipelineRun (`dev.tekton.event.pipelinerun.{successful,
 * failed}.v1`, data `{ pipelineRun }`) of a pipeline that deploys is one deployment. Tekton has no
 * standard service, environment or commit fields, so key specs say which params, results, labels
 * or annotations carry them (STANDARDS.md §7 "Tekton").
 */
import { Type, type Static } from '@sinclair/typebox';
import { emptyEvents } from '../../model/events.ts';
import type { Mapped, Transformer } from '../cloudevents/event.ts';
import { normalizeRepository } from '../repository.ts';
import {
  compact,
  fieldPath,
  NameList,
  globMatcher,
  instantAt,
  invalid,
  requiredInstant,
  isRecord,
  isSha,
  KeySpecList,
  readFirst,
  stringMap,
  textAt,
  valueAt,
  type JsonRecord,
} from './fields.ts';

const KINDS = ['param', 'result', 'label', 'annotation'];

const DEFAULTS = {
  pipelines: ['*deploy*', '*release*', '*rollout*'],
  serviceKeys: ['param:service', 'label:app.kubernetes.io/name', 'label:tekton.dev/pipeline'],
  environmentKeys: ['param:environment', 'param:env', 'label:environment'],
  // `revision` is often a branch name: values that are not shas fall through to the next key.
  commitKeys: [
    'param:commit',
    'param:revision',
    'param:git-revision',
    'result:commit',
    'label:pipelinesascode.tekton.dev/sha',
  ],
  versionKeys: ['param:version', 'param:image-tag', 'result:version', 'label:app.kubernetes.io/version'],
  repositoryKeys: [
    'param:git-url',
    'param:repo-url',
    'param:url',
    'result:url',
    'annotation:pipelinesascode.tekton.dev/repo-url',
  ],
  applicationKeys: ['label:app.kubernetes.io/part-of'],
  defaultEnvironment: 'production',
};

export const TektonOptionsSchema = Type.Object(
  {
    pipelines: NameList(DEFAULTS.pipelines, 'Pipelines that deploy, as globs on the pipeline name.'),
    serviceKeys: KeySpecList(KINDS, DEFAULTS.serviceKeys, 'Where the service name is.'),
    environmentKeys: KeySpecList(KINDS, DEFAULTS.environmentKeys, 'Where the environment is.'),
    commitKeys: KeySpecList(KINDS, DEFAULTS.commitKeys, 'Where the deployed commit sha is.'),
    versionKeys: KeySpecList(KINDS, DEFAULTS.versionKeys, 'Where the deployed version is.'),
    repositoryKeys: KeySpecList(KINDS, DEFAULTS.repositoryKeys, 'Where the repository URL is.'),
    applicationKeys: KeySpecList(KINDS, DEFAULTS.applicationKeys, 'Where the application is.'),
    defaultEnvironment: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'When no environment key is present.',
        default: 'production',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TektonOptions = Static<typeof TektonOptionsSchema>;

const TYPE = /^dev\.tekton\.event\.(\w+)\.(\w+)\.v1$/;
const RUN = ['data', 'pipelineRun'] as const;
// Cancelling is an operator's decision, not a failed deployment (Tekton v1 and v1beta1 reasons).
const CANCELLED = new Set(['Cancelled', 'CancelledRunFinally', 'StoppedRunFinally', 'PipelineRunCancelled']);

export function tektonTransformer(options: TektonOptions = {}): Transformer {
  const settings = { ...DEFAULTS, ...options };
  const deploys = globMatcher(settings.pipelines);
  return (event) => {
    const [, resource, state] = TYPE.exec(event.type) ?? [];
    if (resource === undefined) return { ignored: `${event.type} is not a Tekton event type` };
    if (resource !== 'pipelinerun') {
      return { ignored: `${resource} events are ignored: a deployment is a whole PipelineRun` };
    }
    if (state !== 'successful' && state !== 'failed') return { ignored: 'pipeline run not finished' };
    const run = valueAt(event.data, ['pipelineRun']);
    if (!isRecord(run)) throw invalid(fieldPath(...RUN), 'missing: Tekton sends the PipelineRun here');
    const pipeline = pipelineName(run);
    if (!deploys(pipeline)) {
      return {
        ignored: `pipeline ${pipeline} does not match the deploying pipelines (${settings.pipelines.join(', ')})`,
      };
    }
    const status = runStatus(run, state);
    if (status === 'cancelled') return { ignored: `pipeline run of ${pipeline} was cancelled` };
    if (status === undefined) return { ignored: 'pipeline run not finished' };
    return toDeployment(run, status, settings);
  };
}

function toDeployment(run: JsonRecord, status: 'success' | 'failure', settings: typeof DEFAULTS): Mapped {
  const lookup = lookupIn(run);
  const read = (specs: readonly string[], accept?: (value: string) => boolean) =>
    readFirst(specs, lookup, accept)?.value;
  const service = read(settings.serviceKeys);
  if (service === undefined) {
    throw invalid(
      settings.serviceKeys[0] === undefined ? fieldPath(...RUN) : specField(run, settings.serviceKeys[0]),
      `no service found in ${settings.serviceKeys.join(', ')}; set one of them or change serviceKeys`,
    );
  }
  const repository = read(settings.repositoryKeys);
  const deployment = compact({
    source: 'tekton',
    external_id: runId(run),
    service,
    environment: read(settings.environmentKeys) ?? settings.defaultEnvironment,
    status,
    finished_at: requiredInstant(
      run,
      ['status', 'completionTime'],
      fieldPath(...RUN, 'status', 'completionTime'),
      'a finished PipelineRun has one',
    ),
    started_at: instantAt(run, ['status', 'startTime'], fieldPath(...RUN, 'status', 'startTime')),
    version: read(settings.versionKeys),
    commit: read(settings.commitKeys, isSha)?.toLowerCase(),
    repository: repository === undefined ? undefined : normalizeRepository(repository),
    application: read(settings.applicationKeys),
  });
  return { events: { ...emptyEvents(), deployments: [deployment] } };
}

function pipelineName(run: JsonRecord): string {
  const name =
    stringMap(valueAt(run, ['metadata', 'labels']))['tekton.dev/pipeline'] ??
    textAt(run, ['spec', 'pipelineRef', 'name']);
  if (name === undefined) {
    throw invalid(
      fieldPath(...RUN, 'metadata', 'labels', 'tekton.dev/pipeline'),
      'missing: no pipeline name',
    );
  }
  return name;
}

function runStatus(run: JsonRecord, state: string): 'success' | 'failure' | 'cancelled' | undefined {
  const conditions = valueAt(run, ['status', 'conditions']);
  const succeeded = (Array.isArray(conditions) ? conditions : []).find(
    (condition) => isRecord(condition) && condition.type === 'Succeeded',
  );
  const condition = isRecord(succeeded) ? succeeded : {};
  const value =
    typeof condition.status === 'string' ? condition.status : state === 'successful' ? 'True' : 'False';
  if (value === 'True') return 'success';
  if (value !== 'False') return undefined;
  return typeof condition.reason === 'string' && CANCELLED.has(condition.reason) ? 'cancelled' : 'failure';
}

function runId(run: JsonRecord): string {
  const uid = textAt(run, ['metadata', 'uid']);
  if (uid !== undefined) return uid;
  const name = textAt(run, ['metadata', 'name']);
  if (name === undefined) throw invalid(fieldPath(...RUN, 'metadata', 'name'), 'missing: no uid or name');
  return `${textAt(run, ['metadata', 'namespace']) ?? 'default'}/${name}`;
}

/** params and results are `[{ name, value }]`; v1beta1 names the results `pipelineResults`. */
function lookupIn(run: JsonRecord): (kind: string, name: string) => string | undefined {
  const named = (list: unknown) =>
    new Map(
      (Array.isArray(list) ? list : []).flatMap((item) =>
        isRecord(item) && typeof item.name === 'string' && typeof item.value === 'string'
          ? [[item.name, item.value] as const]
          : [],
      ),
    );
  const sources: Record<string, Map<string, string>> = {
    param: named(valueAt(run, ['spec', 'params'])),
    result: named(valueAt(run, ['status', resultsKey(run)])),
    label: new Map(Object.entries(stringMap(valueAt(run, ['metadata', 'labels'])))),
    annotation: new Map(Object.entries(stringMap(valueAt(run, ['metadata', 'annotations'])))),
  };
  return (kind, name) => sources[kind]?.get(name);
}

const resultsKey = (run: JsonRecord) =>
  valueAt(run, ['status', 'pipelineResults']) ? 'pipelineResults' : 'results';

function specField(run: JsonRecord, spec: string): string {
  const [kind = '', ...rest] = spec.split(':');
  const name = rest.join(':');
  if (kind === 'param') return fieldPath(...RUN, 'spec', 'params');
  if (kind === 'result') return fieldPath(...RUN, 'status', resultsKey(run));
  return fieldPath(...RUN, 'metadata', kind === 'label' ? 'labels' : 'annotations', name);
}
