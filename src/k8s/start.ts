/**
 * Starting the watcher for `fivekeys serve` (into the local ingest path) and `fivekeys watch` (to a
 * remote fivekeys). The client is @kubernetes/client-node when it loads, else the built-in one.
 */
import type { IngestService } from '../service/ingest/ingest.ts';
import { createClientNodeTransport } from './client-node-transport.ts';
import { clientNodeSupport } from './client-node-support.ts';
import { createHttpTransport } from './http-transport.ts';
import { loadConnection } from './kube-connection.ts';
import { createIngestSink } from './sinks.ts';
import type { KubeTransport } from './transport.ts';
import type { WatcherConfig } from './watcher-config.ts';
import { createWatcher, type DeploymentSink, type Watcher, type WatcherLog } from './watcher.ts';

async function openTransport(config: WatcherConfig, log?: WatcherLog): Promise<KubeTransport> {
  const support = clientNodeSupport();
  if (support.ok) return createClientNodeTransport(config.kubeconfig);
  log?.warn(`kubernetes watcher: ${support.reason}; using the built-in client`);
  return createHttpTransport(loadConnection(config.kubeconfig, config.inClusterServer));
}

export async function startWatcher(
  config: WatcherConfig,
  sink: DeploymentSink,
  log?: WatcherLog,
): Promise<Watcher> {
  const watcher = createWatcher({ transport: await openTransport(config, log), config, sink, log });
  await watcher.start();
  return watcher;
}

/** For `fivekeys serve`: detected deployments go through this process's ingest path. */
export function startKubernetesWatcher(
  config: WatcherConfig,
  ingest: IngestService,
  log?: WatcherLog,
): Promise<Watcher> {
  return startWatcher(config, createIngestSink(ingest), log);
}
