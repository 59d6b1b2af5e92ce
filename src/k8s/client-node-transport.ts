/**
 * @kubernetes/client-node behind the transport interface: its KubeConfig (every kubeconfig auth
 * method: exec plugins, OIDC, client certificates, in-cluster) and its Watch. LIST is sent with the
 * same connection options but read as plain JSON rather than through the typed API, whose objects
 * (Date instances, unknown fields dropped) would not hash like the watch's wire JSON.
 * Loaded only when the watcher starts: 2.x pulls in undici 8, which needs Node.js ≥ 22.19 and fails
 * to load on Node 20, and nothing else of fivekeys must break because of it.
 */
import http from 'node:http';
import https from 'node:https';
import type { JsonRecord } from '../ingest/transformers/fields.ts';
import { listWith } from './http-transport.ts';
import { KubeError, type KubeTransport } from './transport.ts';

type ClientNode = typeof import('@kubernetes/client-node');
type KubeConfig = InstanceType<ClientNode['KubeConfig']>;

export async function createClientNodeTransport(kubeconfig: string | undefined): Promise<KubeTransport> {
  const k8s: ClientNode = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  if (kubeconfig === undefined) config.loadFromDefault();
  else config.loadFromFile(kubeconfig);
  return createTransportFrom(k8s, config);
}

/** Over a KubeConfig already loaded (tests use `loadFromOptions`). */
export function createTransportFrom(k8s: ClientNode, config: KubeConfig): KubeTransport {
  const watcher = new k8s.Watch(config);
  return {
    name: '@kubernetes/client-node',
    async list(path) {
      const server = config.getCurrentCluster()?.server;
      if (server === undefined) throw new KubeError('kubeconfig: no current cluster', undefined);
      const url = new URL(server.replace(/\/$/, '') + path);
      const options: https.RequestOptions = { method: 'GET', headers: { accept: 'application/json' } };
      await config.applyToHTTPSOptions(options);
      const client = url.protocol === 'https:' ? https : http;
      return listWith(client.request(url, options), path);
    },
    async watch(path, query, onEvent, done) {
      const controller = await watcher.watch(
        path,
        query,
        (type: string, object: JsonRecord) => onEvent({ type, object }),
        (error: unknown) => {
          if (error === null || error === undefined) return done();
          const failure = error as Error & { statusCode?: number };
          // Its inactivity timeout (30 s): resume from the last resourceVersion, nothing failed.
          if (failure.name === 'TimeoutError' || failure.name === 'AbortError') return done();
          done(new KubeError(`WATCH ${path}: ${failure.message}`, failure.statusCode));
        },
      );
      return { abort: () => controller.abort() };
    },
  };
}
