/**
 * Keptn v1 CloudEvents (keptn/spec 0.2.x): a `sh.keptn.event.deployment.finished` task event is one
 * deployment of `data.service` to the stage, its environment. Sequence events
 * (`sh.keptn.event.<stage>.<sequence>.finished`) summarise a whole stage and are not counted, or a
 * deployment that is followed by a failed test would be counted twice.
 *
 * `data.deployment.gitCommit` and the `gitcommitid` extension name a commit of Keptn's configuration
 * repository (the Helm chart Keptn pushed), not of the service's code, so the deployed commit comes
 * only from `data.labels`. Keptn v2 (the Lifecycle Toolkit) posts CloudEvents whose payload is not
 * documented (only `KeptnConfig.spec.cloudEventsEndpoint` is); they are ignored.
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
  type JsonRecord,
} from './fields.ts';

const DEFAULTS = {
  tasks: ['deployment'],
  commitLabels: ['commit', 'gitCommit', 'git-commit'],
  versionLabels: ['version'],
  repositoryLabels: ['repository'],
  teamLabel: 'team',
};

export const KeptnOptionsSchema = Type.Object(
  {
    tasks: NameList(DEFAULTS.tasks, 'Shipyard tasks that deploy, as globs on the task name.'),
    commitLabels: NameList(DEFAULTS.commitLabels, 'Keys of data.labels holding the deployed commit sha.'),
    versionLabels: NameList(DEFAULTS.versionLabels, 'Keys of data.labels holding the deployed version.'),
    repositoryLabels: NameList(DEFAULTS.repositoryLabels, 'Keys of data.labels holding the repository URL.'),
    teamLabel: Type.Optional(
      Type.String({ minLength: 1, description: 'Key of data.labels holding the team.', default: 'team' }),
    ),
  },
  { additionalProperties: false },
);
export type KeptnOptions = Static<typeof KeptnOptionsSchema>;

const PREFIX = 'sh.keptn.event.';

export function keptnTransformer(options: KeptnOptions = {}): Transformer {
  const settings = { ...DEFAULTS, ...options };
  const deploys = globMatcher(settings.tasks);
  return (event) => {
    if (event.source === 'keptn.sh') {
      return {
        ignored: 'Keptn Lifecycle Toolkit events have no documented payload; watch the workloads instead',
      };
    }
    if (!event.type.startsWith(PREFIX)) return { ignored: `${event.type} is not a Keptn v1 task event` };
    const name = event.type.slice(PREFIX.length);
    if (name.endsWith('.status.changed')) return { ignored: 'a status change is not a finished task' };
    const parts = name.split('.');
    const state = parts.pop();
    if (parts.length === 2) {
      return { ignored: `sequence ${parts[1]} in stage ${parts[0]}: only the deploying task is counted` };
    }
    const task = parts[0];
    if (parts.length !== 1 || task === undefined)
      return { ignored: `${event.type} is not a Keptn v1 task event` };
    if (!deploys(task)) {
      return { ignored: `task ${task} does not match the deploying tasks (${settings.tasks.join(', ')})` };
    }
    if (state !== 'finished') return { ignored: `${task} task not finished` };
    if (!isRecord(event.data)) throw invalid('data', 'missing: a Keptn event carries its payload here');
    return toDeployment(event, event.data, task, settings);
  };
}

function toDeployment(event: CloudEvent, data: JsonRecord, task: string, settings: typeof DEFAULTS): Mapped {
  const status = outcome(textAt(data, ['status']), textAt(data, ['result']));
  if (typeof status === 'object') return status;
  const stage = required(data, 'stage');
  const labels = stringMap(data.labels);
  const label = (keys: readonly string[]) => keys.map((key) => labels[key]?.trim()).find((value) => value);
  const repository = label(settings.repositoryLabels);
  const context = event.extensions.shkeptncontext;
  const deployment = compact({
    source: 'keptn',
    // One deployment per sequence run, stage and task, however many times Keptn re-sends it.
    external_id: typeof context === 'string' && context !== '' ? `${context}/${stage}/${task}` : event.id,
    service: required(data, 'service'),
    environment: stage,
    status,
    // Keptn requires `time` and sets it when the task finishes; the payload has no other time.
    finished_at: requiredInstant(event, ['time'], 'time', 'Keptn events carry the time the task finished'),
    version: label(settings.versionLabels),
    commit: toSha(label(settings.commitLabels)),
    repository: repository === undefined ? undefined : normalizeRepository(repository),
    team: label([settings.teamLabel]),
    application: textAt(data, ['project']),
  });
  return { events: { ...emptyEvents(), deployments: [deployment] } };
}

/** Keptn: status succeeded|errored|unknown (or aborted), result pass|warning|fail. */
function outcome(status: string | undefined, result: string | undefined): 'success' | 'failure' | Mapped {
  if (status === 'succeeded' && (result === 'pass' || result === 'warning')) return 'success';
  if (status === 'errored' || result === 'fail') return 'failure';
  return { ignored: `deployment finished with status ${status ?? 'none'} and result ${result ?? 'none'}` };
}

function required(data: JsonRecord, key: 'service' | 'stage'): string {
  const value = textAt(data, [key]);
  if (value === undefined) throw invalid(`data.${key}`, 'missing: every Keptn task event names it');
  return value;
}
