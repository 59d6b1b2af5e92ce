/**
 * What the watcher needs from a Kubernetes client: a LIST and a WATCH of one path, returning the
 * objects as the API server wrote them (plain JSON, times as RFC 3339 text). Two implementations:
 * @kubernetes/client-node (every kubeconfig auth method) and a small built-in HTTP client.
 */
import type { JsonRecord } from '../ingest/transformers/fields.ts';

export interface ListResult {
  resourceVersion: string;
  items: JsonRecord[];
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR' | string;
  object: JsonRecord;
}

export interface WatchHandle {
  abort(): void;
}

/** An error with the HTTP status it came with (410 Gone means: list again). */
export class KubeError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | undefined,
  ) {
    super(message);
  }
}

export interface KubeTransport {
  readonly name: string;
  list(path: string): Promise<ListResult>;
  /** `done` is called once: with nothing when the server ended the stream, else with the error. */
  watch(
    path: string,
    query: Record<string, string>,
    onEvent: (event: WatchEvent) => void,
    done: (error?: Error) => void,
  ): Promise<WatchHandle>;
}
