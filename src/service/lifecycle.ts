/**
 * Whether this process has begun to stop. Readiness turns 503 as soon as it has, while the listener
 * still serves, so a load balancer stops sending new traffic before connections are refused.
 */
export interface Lifecycle {
  readonly stopping: boolean;
  /** Marks the stop as begun; again: no effect. */
  beginStop(): void;
}

export function createLifecycle(): Lifecycle {
  let stopping = false;
  return {
    get stopping() {
      return stopping;
    },
    beginStop() {
      stopping = true;
    },
  };
}
