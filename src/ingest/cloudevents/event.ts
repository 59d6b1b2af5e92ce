/**
 * A CloudEvent (CloudEvents 1.0) as received over HTTP, validated, and the contract of the
 * transformers a routing table sends it to.
 */
import type { NormalizedEvents } from '../../model/events.ts';

export interface CloudEvent {
  specversion: string;
  id: string;
  source: string;
  type: string;
  /** Only when the producer set it: receivers must not invent an occurrence time. */
  time?: string | undefined;
  subject?: string | undefined;
  datacontenttype?: string | undefined;
  dataschema?: string | undefined;
  /** Parsed JSON when the content type is JSON, text otherwise, undefined when absent. */
  data?: unknown;
  /** Extension attributes by lower-case name (binary-mode values are strings). */
  extensions: Record<string, string | number | boolean>;
}

/** What a transformer made of an event: normalized rows, or why nothing. */
export type Mapped = { events: NormalizedEvents } | { ignored: string };

/**
 * Turns one event into normalized rows. Pure: no I/O, no clock, so replaying the raw log gives the
 * same rows. Throws an `AppError('invalid_payload', …, { field })` naming the offending field, with
 * paths starting at the event (`data.pipelineRun.status`, `subject`, …).
 */
export type Transformer = (event: CloudEvent) => Mapped | Promise<Mapped>;
