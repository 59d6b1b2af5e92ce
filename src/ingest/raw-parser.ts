/**
 * Turns a raw-log entry back into normalized rows with today's adapters: what replay runs. The raw
 * request's `source` names its parser (`api/deployments`, `cloudevents`, …).
 */
import secureJson from 'secure-json-parse';
import { AppError } from '../errors.ts';
import { emptyEvents, type NormalizedEvents } from '../model/events.ts';
import { parseCloudEventsRequest } from './cloudevents/http-binding.ts';
import type { Routed, Router } from './cloudevents/routing.ts';
import { parseNativeChanges, parseNativeDeployments, parseNativeIncidents } from './native.ts';

export interface RawEntry {
  source: string;
  content_type: string | null;
  headers: Record<string, string>;
  body: string;
  /** Path parameters of a webhook route (null in the database when there were none). */
  params?: Record<string, string> | null | undefined;
  received_at?: Date | undefined;
}

export type RawParser = (raw: RawEntry) => Promise<Routed>;

const NATIVE: Record<string, (body: unknown) => Partial<NormalizedEvents>> = {
  'api/changes': (body) => ({ changes: parseNativeChanges(body) }),
  'api/deployments': (body) => ({ deployments: parseNativeDeployments(body) }),
  'api/incidents': (body) => ({ incidents: parseNativeIncidents(body) }),
};

export function createRawParser(router: Router): RawParser {
  return async (raw) => {
    const native = NATIVE[raw.source];
    if (native) return { events: { ...emptyEvents(), ...native(parseJson(raw.body)) }, reasons: [] };
    if (raw.source === 'cloudevents') {
      const parsed = parseCloudEventsRequest(raw.content_type, raw.headers, raw.body);
      if (parsed.mode === 'batch') {
        throw new AppError('invalid_payload', 'A raw CloudEvents entry holds one event, not a batch.');
      }
      return router(parsed.event);
    }
    throw new AppError('unknown_source', `No parser for raw requests of source "${raw.source}".`);
  };
}

function parseJson(text: string): unknown {
  try {
    return secureJson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' });
  } catch (cause) {
    throw new AppError('invalid_payload', `The body is not valid JSON: ${(cause as Error).message}`, {
      field: 'body',
      cause,
    });
  }
}
