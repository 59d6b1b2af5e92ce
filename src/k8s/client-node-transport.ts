/**
 * @kubernetes/client-node behind the transport interface: its KubeConfig (every kubeconfig auth
 * method: exec plugins, OIDC, client certificates, in-cluster) and its Watch. LIST is sent with the
 * same connection options but read as plain JSON rather than through the typed API, whose objects
 * (Date instances, unknown fields dropped) would not hash like the watch's wire JSON.
 * Loaded only when the watcher starts (client-node-support.ts says which versions load where).
 *
 * 1.x `Watch.watch` resolves to its AbortController only once the response headers have arrived,
 * and has no timeout of its own (1.4.0 builds a 30 s signal, then overwrites it). So the handle is
 * returned at once and can abort a watch still waiting for its headers; the server is asked to end
 * each watch (`timeoutSeconds`), and one silent for longer than that is given up as a dead connection.
 */
import http from 'node:http';
import https from 'node:https';
import type { JsonRecord } from '../ingest/transformers/fields.ts';
import { listWith } from './http-transport.ts';
import { KubeError, type KubeTransport } from './transport.ts';

type ClientNode = typeof import('@kubernetes/client-node');
type KubeConfig = InstanceType<ClientNode['KubeConfig']>;

export interface ClientNodeTransportOptions {
  /** Asks the server to end each watch after this long (it then resumes): `timeoutSeconds`. */
  watchSeconds?: number;
  /** A watch with no event for this long is given up (default: watchSeconds + 30 s). */
  idleTimeoutMs?: number;
}

export async function createClientNodeTransport(
  kubeconfig: string | undefined,
  options: ClientNodeTransportOptions = {},
): Promise<KubeTransport> {
  const k8s: ClientNode = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  if (kubeconfig === undefined) config.loadFromDefault();
  else config.loadFromFile(kubeconfig);
  return createTransportFrom(k8s, config, options);
}

/** Over a KubeConfig already loaded (tests use `loadFromOptions`). */
export function createTransportFrom(
  k8s: ClientNode,
  config: KubeConfig,
  options: ClientNodeTransportOptions = {},
): KubeTransport {
  const watcher = new k8s.Watch(config);
  const watchSeconds = options.watchSeconds ?? 300;
  const idleTimeoutMs = options.idleTimeoutMs ?? watchSeconds * 1000 + 30_000;
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
      let finished = false;
      let controller: AbortController | undefined;
      let idle: NodeJS.Timeout | undefined;
      const finish = (error?: Error) => {
        if (finished) return;
        finished = true;
        clearTimeout(idle);
        controller?.abort();
        done(error);
      };
      const quiet = () => {
        clearTimeout(idle);
        idle = setTimeout(() => finish(new Error(`WATCH ${path}: idle`)), idleTimeoutMs);
      };
      quiet();
      watcher
        .watch(
          path,
          { ...query, timeoutSeconds: String(watchSeconds) },
          (type: string, object: JsonRecord) => {
            if (finished) return;
            quiet();
            onEvent({ type, object });
          },
          (error: unknown) => finish(watchError(path, error)),
        )
        .then(
          (started: AbortController) => {
            controller = started;
            if (finished) started.abort();
          },
          (error: unknown) => finish(watchError(path, error)),
        );
      return { abort: () => finish() };
    },
  };
}

/** What client-node's `done` got: nothing or an abort is a clean end, anything else a KubeError. */
function watchError(path: string, error: unknown): Error | undefined {
  if (error === null || error === undefined) return undefined;
  const failure = error as Error & { statusCode?: number };
  // Ours (abort), or 2.x's own watch timeout: resume from the last resourceVersion, nothing failed.
  if (failure.name === 'AbortError' || failure.name === 'TimeoutError') return undefined;
  return new KubeError(`WATCH ${path}: ${failure.message}`, failure.statusCode);
}
