/**
 * The routing table: CloudEvent type (exact or glob) → transformers. Routes are tried in order and
 * the first whose pattern matches decides; every transformer it lists runs, so one event can yield
 * rows of several kinds. Configured routes come before the built-in ones, so users can override.
 */
import picomatch from 'picomatch';
import { AppError } from '../../errors.ts';
import { emptyEvents, type NormalizedEvents } from '../../model/events.ts';
import type { CloudEvent, Transformer } from './event.ts';

export interface Route {
  /** An exact type or a glob (`dev.cdevents.*`, `com.acme.{deploy,release}.*`). */
  type: string;
  transformers: string[];
}

const BUILT_IN_ROUTES: readonly Route[] = [
  // The Jenkins cdevents plugin sends draft 0.1.0 types with its own shape.
  { type: 'dev.cdevents.{pipelinerun,taskrun}.*.0.1.0', transformers: ['jenkins'] },
  { type: 'dev.cdevents.*', transformers: ['cdevents'] },
  { type: 'dev.cdeventsx.*', transformers: ['cdevents'] },
  { type: 'dev.tekton.event.*', transformers: ['tekton'] },
  { type: 'dev.knative.apiserver.resource.*', transformers: ['knative'] },
  { type: 'sh.keptn.**', transformers: ['keptn'] },
];

/** What routing made of one event: the rows, and why parts of it produced nothing. */
export interface Routed {
  events: NormalizedEvents;
  reasons: string[];
}

export type Router = (event: CloudEvent) => Promise<Routed>;

/**
 * Builds the router; an unknown transformer name fails here (at start-up), naming the route.
 * `path` names the configured routes in messages (`cloudevents.routes`).
 */
export function createRouter(
  configured: readonly Route[],
  transformers: ReadonlyMap<string, Transformer>,
  path = 'cloudevents.routes',
): Router {
  configured.forEach((route, index) =>
    route.transformers.forEach((name, position) => {
      if (!transformers.has(name)) {
        throw new AppError(
          'invalid_config',
          `${path}[${index}].transformers[${position}]: unknown transformer "${name}"; known: ${[...transformers.keys()].join(', ')}`,
          { field: `${path}[${index}].transformers[${position}]` },
        );
      }
    }),
  );
  const table = [...configured, ...BUILT_IN_ROUTES].map((route) => ({
    matches: picomatch(route.type, { dot: true }),
    steps: route.transformers.map((name) => ({ name, transform: transformers.get(name) })),
  }));
  return async (event) => {
    const route = table.find((candidate) => candidate.matches(event.type));
    if (!route) return { events: emptyEvents(), reasons: [`no route for type ${event.type}`] };
    const routed: Routed = { events: emptyEvents(), reasons: [] };
    for (const { name, transform } of route.steps) {
      if (!transform) {
        routed.reasons.push(`transformer ${name} is not enabled`);
        continue;
      }
      const mapped = await transform(event);
      if ('ignored' in mapped) {
        routed.reasons.push(`${name}: ${mapped.ignored}`);
        continue;
      }
      routed.events.changes.push(...mapped.events.changes);
      routed.events.deployments.push(...mapped.events.deployments);
      routed.events.incidents.push(...mapped.events.incidents);
      routed.events.artifacts.push(...mapped.events.artifacts);
    }
    return routed;
  };
}
