/**
 * The contract of a source webhook adapter (GitHub, GitLab, Alertmanager, …): a pure function from
 * one delivery, exactly as received, to normalized rows. Authentication happens before, in the
 * service; the adapter only reads. Replay calls the same adapter on the stored delivery, so an
 * adapter must not read the clock: `receivedAt` stands in for "now".
 */
import type { Routed } from '../cloudevents/routing.ts';

export interface WebhookDelivery {
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body as received (UTF-8 text): signatures are computed over these bytes. */
  body: string;
  /** Path parameters of the route (`connectionId`, `issueKey` for the DevLake-compatible routes). */
  params: Record<string, string>;
  /** When fivekeys received the delivery (ISO 8601): the time of events whose source gives none. */
  receivedAt: string;
}

export interface WebhookContext {
  /** The catalog service that lists this repository (`owner/name`), else the repository's name. */
  serviceForRepository(repository: string): string;
}

/**
 * What an adapter made of a delivery: rows, plus why (parts of) it produced nothing. A delivery the
 * adapter does not use at all (a `ping`, an event type it does not map) gives no rows and one reason.
 */
export type WebhookResult = Routed;

export interface WebhookAdapter<Options> {
  /** The raw-log source (`github`, `gitlab`, `devlake/deployments`, …). */
  readonly source: string;
  /** The source's key for a delivery, the same on re-delivery; null when it has none. */
  deliveryId(delivery: WebhookDelivery): string | null;
  /**
   * Throws `AppError('invalid_payload', …, { field })` naming the offending field (`body`,
   * `pull_request.merged_at`, `header:x-github-event`) when the delivery cannot be read.
   */
  map(delivery: WebhookDelivery, options: Options, context: WebhookContext): WebhookResult;
}
