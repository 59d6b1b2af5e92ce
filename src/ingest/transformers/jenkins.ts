/**
 * The Jenkins cdevents plugin (jenkinsci/cdevents-plugin, cdevents-sdk-java 0.1.0-draft6): a
 * `dev.cdevents.pipelinerun.finished.0.1.0` event of a deploying job is one deployment. The CDEvent
 * fields are extension attributes (`pipelinename`, `url`, `outcome`, `errors`) and `data` is the
 * plugin's own job model (`build.{number,status,fullUrl,duration,parameters,scmState}`), not the
 * CDEvents 0.3+ context/subject body (STANDARDS.md §7 "Jenkins").
 */
import { Type, type Static } from '@sinclair/typebox';
import { emptyEvents } from '../../model/events.ts';
import type { CloudEvent, Mapped, Transformer } from '../cloudevents/event.ts';
import { normalizeRepository } from '../repository.ts';
import {
  compact,
  globMatcher,
  invalid,
  isRecord,
  NameList,
  requiredInstant,
  stringMap,
  textAt,
  toSha,
  valueAt,
  type JsonRecord,
} from './fields.ts';

const DEFAULTS = {
  jobs: ['*deploy*', '*release*'],
  services: {} as Record<string, string>,
  environmentParameters: ['ENVIRONMENT'],
  versionParameters: ['VERSION'],
};

export const JenkinsOptionsSchema = Type.Object(
  {
    jobs: NameList(DEFAULTS.jobs, 'Jobs that deploy, as globs on the full job name (`pipelinename`).'),
    services: Type.Optional(
      Type.Record(Type.String({ minLength: 1 }), Type.String({ minLength: 1 }), {
        description: 'Full job name → service; a job not listed deploys the service named like the job.',
      }),
    ),
    environment: Type.Optional(
      Type.String({ minLength: 1, description: 'A fixed environment for every job; wins over parameters.' }),
    ),
    environmentParameters: NameList(
      DEFAULTS.environmentParameters,
      'Build parameters naming the environment; production when none is present.',
    ),
    versionParameters: NameList(DEFAULTS.versionParameters, 'Build parameters naming the deployed version.'),
  },
  { additionalProperties: false },
);
export type JenkinsOptions = Static<typeof JenkinsOptionsSchema>;

const TYPE = /^dev\.cdevents\.(pipelinerun|taskrun)\.(\w+)\.0\.1\.0$/;

export function jenkinsTransformer(options: JenkinsOptions = {}): Transformer {
  const settings = { ...DEFAULTS, ...options };
  const deploys = globMatcher(settings.jobs);
  return (event) => {
    const [, subject, predicate] = TYPE.exec(event.type) ?? [];
    if (subject === undefined) return { ignored: `${event.type} is not a Jenkins cdevents plugin type` };
    if (subject === 'taskrun')
      return { ignored: 'task runs are stages of a build; only whole builds are deployments' };
    if (predicate !== 'finished') return { ignored: 'pipeline run not finished' };
    const data = isRecord(event.data) ? event.data : {};
    if (!isRecord(data.build)) {
      // A real CDEvents 0.1 body routed here by its matching type.
      if (isRecord(data.context) && isRecord(data.subject))
        return { ignored: 'a CDEvents body, not the Jenkins plugin model' };
      throw invalid('data.build', 'missing: the Jenkins cdevents plugin sends the build here');
    }
    const job = jobName(event, data);
    if (!deploys(job)) {
      return { ignored: `job ${job} does not match the deploying jobs (${settings.jobs.join(', ')})` };
    }
    const status = buildStatus(textAt(data.build, ['status']), event.extensions.outcome);
    if (typeof status === 'object') return status;
    return toDeployment(event, data.build, job, status, settings);
  };
}

function toDeployment(
  event: CloudEvent,
  build: JsonRecord,
  job: string,
  status: 'success' | 'failure',
  settings: typeof DEFAULTS & { environment?: string | undefined },
): Mapped {
  // The plugin's data has no completion time, only a duration; the event is built when the run
  // completes, so `time` is the finish. Without it only the receipt time is left, which a replay
  // of the raw log could not reproduce.
  const finished = requiredInstant(event, ['time'], 'time', 'the Jenkins plugin sends no other finish time');
  const parameters = stringMap(build.parameters);
  const parameter = (names: readonly string[]) =>
    names.map((name) => parameters[name]?.trim()).find((value) => value);
  const duration = valueAt(build, ['duration']);
  const repository = textAt(build, ['scmState', 'url']);
  const deployment = compact({
    source: 'jenkins',
    external_id: buildId(build, job),
    service: settings.services[job] ?? job,
    environment: settings.environment ?? parameter(settings.environmentParameters) ?? 'production',
    status,
    finished_at: finished,
    started_at: startOf(finished, duration),
    version: parameter(settings.versionParameters),
    commit: toSha(textAt(build, ['scmState', 'commit'])),
    repository: repository === undefined ? undefined : normalizeRepository(repository),
  });
  return { events: { ...emptyEvents(), deployments: [deployment] } };
}

/** A duration putting the start outside Date's range is junk, not a 500 (found by test/fuzz). */
function startOf(finished: string, duration: unknown): string | undefined {
  if (typeof duration !== 'number' || !(duration > 0)) return undefined;
  const start = new Date(Date.parse(finished) - duration);
  if (Number.isNaN(start.getTime())) throw invalid('data.build.duration', `${duration} is not milliseconds`);
  return start.toISOString();
}

/** The full name (`folder » job`) the plugin puts in `pipelinename`, else the job model's name. */
function jobName(event: CloudEvent, data: JsonRecord): string {
  const name = event.extensions.pipelinename;
  const job = typeof name === 'string' && name.trim() !== '' ? name.trim() : textAt(data, ['name']);
  if (job === undefined) throw invalid('pipelinename', 'missing: the job name is needed to match jobs');
  return job;
}

/**
 * Jenkins results: SUCCESS; FAILURE and UNSTABLE (tests or checks failed after deploying) are
 * failures; ABORTED and NOT_BUILT were stopped by someone or something before deciding anything,
 * so they are not counted. Without a result, the plugin's `outcome` attribute decides.
 */
function buildStatus(result: string | undefined, outcome: unknown): 'success' | 'failure' | Mapped {
  const value = result?.toUpperCase();
  if (value === 'SUCCESS') return 'success';
  if (value === 'FAILURE' || value === 'UNSTABLE') return 'failure';
  if (value !== undefined) return { ignored: `build ${value.toLowerCase()}: not counted as a deployment` };
  if (outcome === 'success') return 'success';
  if (outcome === 'error') return 'failure';
  return { ignored: `build has no result and outcome ${String(outcome)}` };
}

/** The build's URL is unique per Jenkins; the CloudEvent id is only the build number. */
function buildId(build: JsonRecord, job: string): string {
  const url = textAt(build, ['fullUrl']) ?? textAt(build, ['url']);
  if (url !== undefined) return url;
  const number = textAt(build, ['number']);
  if (number === undefined) throw invalid('data.build.number', 'missing: a build needs a URL or a number');
  return `${job}#${number}`;
}
