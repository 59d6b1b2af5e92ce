/**
 * CDEvents → the normalized model. The DORA join path of the spec: `service.deployed` names an
 * artifact, `artifact.packaged` links the artifact to the change it was built from; both are stored
 * as they come and joined in the store, so the order they arrive in does not matter. A change id is
 * the commit's key: shas are lower-cased, other ids kept as sent.
 */
import { Type, type Static } from '@sinclair/typebox';
import picomatch from 'picomatch';
import { AppError } from '../../errors.ts';
import { emptyEvents, type Deployment, type NormalizedEvents } from '../../model/events.ts';
import type { CloudEvent, Mapped, Transformer } from '../cloudevents/event.ts';
import { normalizeRepository } from '../repository.ts';
import { parseCdEvent, type CdEvent } from './parse.ts';
import { toWebUrl } from '../web-url.ts';

export const CdEventsOptionsSchema = Type.Object(
  {
    /** Pipeline names (globs) whose finished runs are deployments; none by default. */
    deploy_pipelines: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    /** The environment of those pipeline deployments. */
    pipeline_environment: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type CdEventsOptions = Static<typeof CdEventsOptionsSchema>;

const SOURCE = 'cdevents';

export function cdeventsTransformer(options: CdEventsOptions = {}): Transformer {
  const deploys = picomatch(options.deploy_pipelines ?? [], { dot: true });
  return (event) => {
    const cdevent = parseData(event);
    const map = MAPPINGS[`${cdevent.subject}.${cdevent.predicate}`];
    if (!map || !cdevent.known) {
      return { ignored: `${cdevent.context.type} carries no delivery fact fivekeys uses` };
    }
    return map(cdevent, {
      deploys,
      environment: options.pipeline_environment ?? 'production',
      key: `${event.source} ${event.id}`,
    });
  };
}

function parseData(event: CloudEvent): CdEvent {
  try {
    const cdevent = parseCdEvent(event.data);
    if (cdevent.context.type !== event.type) {
      throw new AppError(
        'invalid_payload',
        `context.type "${cdevent.context.type}" differs from the CloudEvent type "${event.type}"`,
        { field: 'context.type' },
      );
    }
    return cdevent;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const field = error.field === 'data' ? 'data' : `data.${error.field ?? ''}`;
    throw new AppError(error.code, `${field}: ${error.message}`, { field });
  }
}

interface Context {
  deploys: (name: string) => boolean;
  environment: string;
  /** The CloudEvent's unique source + id (equal to the CDEvent's per the binding): a deployment's id. */
  key: string;
}

const MAPPINGS: Record<string, (event: CdEvent, context: Context) => Mapped> = {
  'change.created': (e) => change(e, { opened_at: e.context.timestamp }, e.context.timestamp),
  'change.reviewed': (e) => change(e, { first_review_at: e.context.timestamp }),
  'change.merged': (e) => change(e, { merged_at: e.context.timestamp }),
  'artifact.packaged': (e) => {
    const source = e.content.change as { id: string; source?: string };
    return rows({
      artifacts: [
        {
          artifact: e.subjectId,
          commit: changeKey(source.id),
          repository: source.source === undefined ? undefined : normalizeRepository(source.source),
        },
      ],
    });
  },
  'service.deployed': (e, context) => deployment(e, context, 'success'),
  'service.upgraded': (e, context) => deployment(e, context, 'success'),
  'service.rolledback': (e, context) => deployment(e, context, 'success', 'rollback'),
  'service.removed': () => ({ ignored: 'removing a service is not a deployment' }),
  'incident.detected': (e) => incident(e, 'started'),
  'incident.reported': (e) => incident(e, 'started'),
  'incident.resolved': (e) => incident(e, 'resolved'),
  'pipelinerun.finished': (e, context) => pipelineRun(e, context),
};

function rows(events: Partial<NormalizedEvents>): Mapped {
  return { events: { ...emptyEvents(), ...events } };
}

/** Shas are case-insensitive; other change ids are kept as the producer wrote them. */
function changeKey(id: string): string {
  return /^[0-9a-f]{7,64}$/i.test(id) ? id.toLowerCase() : id;
}

/**
 * A change's first sighting (created) is the earliest time known for its work: with no commit time
 * from CDEvents, lead time starts there (DESIGN.md: committed_at, else authored_at).
 */
function change(e: CdEvent, pullRequest: Record<string, string>, authoredAt?: string): Mapped {
  const repository = e.content.repository as { id: string } | undefined;
  return rows({
    changes: [
      {
        repository: normalizeRepository(repository?.id ?? e.subjectSource ?? e.context.source),
        sha: changeKey(e.subjectId),
        authored_at: authoredAt,
        pull_request: pullRequest,
      },
    ],
  });
}

function deployment(
  e: CdEvent,
  context: Context,
  status: Deployment['status'],
  kind?: Deployment['kind'],
): Mapped {
  const artifactId = e.content.artifactId as string;
  return rows({
    deployments: [
      {
        source: SOURCE,
        external_id: context.key,
        service: e.subjectId,
        environment: (e.content.environment as { id: string }).id,
        status,
        finished_at: e.context.timestamp,
        // The artifact names the version: redeploying an earlier one is recognised as a rollback.
        version: artifactId,
        artifact: artifactId,
        kind,
      },
    ],
  });
}

function incident(e: CdEvent, what: 'started' | 'resolved'): Mapped {
  const service = e.content.service as { id: string } | undefined;
  const environment = e.content.environment as { id: string } | undefined;
  return rows({
    incidents: [
      {
        source: SOURCE,
        // Every event about one incident carries the same subject id.
        external_id: e.subjectId,
        service: service?.id,
        environment: environment?.id,
        title: what === 'started' ? (e.content.description as string | undefined) : undefined,
        started_at: e.context.timestamp,
        // A resolution seen first gives an upper bound for the start until the detection arrives.
        start_unknown: what === 'resolved' ? true : undefined,
        resolved_at: what === 'resolved' ? e.context.timestamp : undefined,
        version: e.content.artifactId as string | undefined,
      },
    ],
  });
}

function pipelineRun(e: CdEvent, context: Context): Mapped {
  const name = e.content.pipelineName as string | undefined;
  if (name === undefined || !context.deploys(name)) {
    return { ignored: `pipeline ${name ?? '(unnamed)'} is not listed in cdevents.deploy_pipelines` };
  }
  const outcome = String(e.content.outcome ?? '').toLowerCase();
  if (outcome === 'cancel' || outcome === 'cancelled') return { ignored: 'a cancelled run deployed nothing' };
  return rows({
    deployments: [
      {
        source: SOURCE,
        external_id: context.key,
        service: name,
        environment: context.environment,
        status: outcome === 'success' ? 'success' : 'failure',
        finished_at: e.context.timestamp,
        // The run's page: `uri` since spec 0.5, `url` before.
        url: toWebUrl(e.content.uri ?? e.content.url),
      },
    ],
  });
}
