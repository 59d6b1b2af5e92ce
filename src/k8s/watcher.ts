/**
 * The watcher: one list-watch loop per workload kind and namespace scope, every object's states
 * through the rollout tracker, each finished rollout handed to a sink in order. With a namespace
 * selector the namespaces are watched too, first, and a rollout counts when its namespace matches
 * at the moment it ends.
 */
import { textAt, type JsonRecord } from '../ingest/transformers/fields.ts';
import { toNativeDeployment, type NativeDeployment } from './identity.ts';
import { ListWatch } from './list-watch.ts';
import { matchesNamespace } from './namespace-selector.ts';
import { observeWorkload, type Tracked, type WorkloadKind } from './rollout.ts';
import type { KubeTransport } from './transport.ts';
import type { WatcherConfig } from './watcher-config.ts';

export type DeploymentSink = (deployment: NativeDeployment) => Promise<void>;

export interface WatcherLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface WatcherOptions {
  transport: KubeTransport;
  config: WatcherConfig;
  sink: DeploymentSink;
  log?: WatcherLog | undefined;
  now?: () => Date;
  backoffMs?: number;
}

export interface Watcher {
  /** Resolves once every loop has listed once. */
  start(): Promise<void>;
  /** Stops the loops and waits for the deployments already handed to the sink. */
  stop(): Promise<void>;
}

const RESOURCES: Record<WorkloadKind, string> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};

export function createWatcher(options: WatcherOptions): Watcher {
  const { config, transport, sink } = options;
  const now = options.now ?? (() => new Date());
  const tracked = new Map<string, Tracked>();
  const namespaces = new Map<string, JsonRecord>();
  let delivered = Promise.resolve();
  const warn = (message: string) => options.log?.warn(`kubernetes watcher: ${message}`);

  const selected = (namespace: string) => {
    if (config.namespaceSelector === undefined) return true;
    const object = namespaces.get(namespace);
    return object !== undefined && matchesNamespace(config.namespaceSelector, object);
  };

  const observe = (kind: WorkloadKind, object: JsonRecord) => {
    const uid = textAt(object, ['metadata', 'uid']);
    if (uid === undefined) return;
    const { next, end } = observeWorkload(kind, object, tracked.get(uid), now().toISOString());
    tracked.set(uid, next);
    if (end === undefined || !selected(textAt(object, ['metadata', 'namespace']) ?? '')) return;
    const deployment = toNativeDeployment(object, end, config);
    delivered = delivered.then(() =>
      sink(deployment).catch((error: unknown) =>
        warn(`deployment ${deployment.id} not delivered: ${(error as Error).message}`),
      ),
    );
  };

  const workloadLoop = (kind: WorkloadKind, namespace: string | undefined) => {
    const scope = namespace === undefined ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
    return new ListWatch(
      transport,
      `/apis/apps/v1${scope}/${RESOURCES[kind]}`,
      {
        listed: (items) => items.forEach((item) => observe(kind, item)),
        event: (type, object) => {
          const uid = textAt(object, ['metadata', 'uid']);
          if (type === 'DELETED') {
            if (uid !== undefined) tracked.delete(uid);
          } else observe(kind, object);
        },
        error: (error) => warn(`${kind} ${namespace ?? '(all namespaces)'}: ${error.message}`),
      },
      { backoffMs: options.backoffMs },
    );
  };

  const namespaceLoop = new ListWatch(
    transport,
    '/api/v1/namespaces',
    {
      listed: (items) => {
        namespaces.clear();
        for (const item of items) namespaces.set(textAt(item, ['metadata', 'name']) ?? '', item);
      },
      event: (type, object) => {
        const name = textAt(object, ['metadata', 'name']) ?? '';
        if (type === 'DELETED') namespaces.delete(name);
        else namespaces.set(name, object);
      },
      error: (error) => warn(`namespaces: ${error.message}`),
    },
    { backoffMs: options.backoffMs },
  );

  const scopes = config.namespaces.length > 0 ? config.namespaces : [undefined];
  const loops = config.kinds.flatMap((kind) => scopes.map((namespace) => workloadLoop(kind, namespace)));
  const all = config.namespaceSelector === undefined ? loops : [namespaceLoop, ...loops];

  return {
    async start() {
      // Namespaces first: a rollout that ends during the first list must find its namespace.
      if (config.namespaceSelector !== undefined) await namespaceLoop.start();
      await Promise.all(loops.map((loop) => loop.start()));
      options.log?.info(
        `kubernetes watcher: watching ${config.kinds.join(', ')} in ${config.namespaces.join(', ') || 'all namespaces'} through ${transport.name}`,
      );
    },
    async stop() {
      await Promise.all(all.map((loop) => loop.stop()));
      await delivered;
    },
  };
}
