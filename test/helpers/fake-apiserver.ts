/**
 * A fake Kubernetes API server for apps/v1 workloads and namespaces, faithful to the list + watch
 * protocol the watcher relies on: LIST answers `{kind: XList, apiVersion, metadata:
 * {resourceVersion}, items}`; `?watch=true&resourceVersion=N` answers 200 with its headers flushed
 * at once, then streams chunked newline-delimited JSON events `{type, object}` newer than N
 * (BOOKMARK events when `allowWatchBookmarks=true`) and ends after `timeoutSeconds`;
 * resourceVersions grow monotonically across all resources; a version older than the compaction
 * point gets an `ERROR` event carrying a 410 `Expired` Status, then the stream ends, as
 * kube-apiserver does. Tests change objects with `apply`, can cut every open watch mid-stream, stall
 * new ones, compact history, and read the request log.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

type Obj = Record<string, unknown> & { metadata: Record<string, unknown> };

const KINDS: Record<string, { kind: string; apiVersion: string; prefix: string }> = {
  deployments: { kind: 'Deployment', apiVersion: 'apps/v1', prefix: '/apis/apps/v1' },
  statefulsets: { kind: 'StatefulSet', apiVersion: 'apps/v1', prefix: '/apis/apps/v1' },
  daemonsets: { kind: 'DaemonSet', apiVersion: 'apps/v1', prefix: '/apis/apps/v1' },
  namespaces: { kind: 'Namespace', apiVersion: 'v1', prefix: '/api/v1' },
};

interface Logged {
  resource: string;
  namespace: string | undefined;
  watch: boolean;
  resourceVersion: string | undefined;
  bookmarks: boolean;
  timeoutSeconds: string | undefined;
}

interface OpenWatch {
  resource: string;
  namespace: string | undefined;
  bookmarks: boolean;
  res: http.ServerResponse;
}

interface Change {
  rv: number;
  resource: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: Obj;
}

export interface FakeApiServer {
  url: string;
  /** For `KubeConfig.loadFromOptions`. */
  kubeconfig: {
    clusters: { name: string; server: string; skipTLSVerify: boolean }[];
    users: { name: string; token: string }[];
    contexts: { name: string; cluster: string; user: string }[];
    currentContext: string;
  };
  requests: Logged[];
  /** Creates or replaces an object (by namespace/name); returns it with its resourceVersion. */
  apply(resource: string, object: Obj): Obj;
  remove(resource: string, namespace: string | undefined, name: string): void;
  /** Sends a BOOKMARK at the current resourceVersion to every watch that allowed them. */
  bookmark(): void;
  /** Forgets history: a watch from any resourceVersion older than the current one gets 410 Gone. */
  compact(): void;
  /** Destroys every open watch connection without ending the chunked response. */
  dropWatches(): void;
  /**
   * While on, watch requests get no answer at all, not even headers (a stalled proxy or a server
   * that died after accepting the connection); LIST still answers.
   */
  stallWatches(on: boolean): void;
  openWatches(): number;
  close(): Promise<void>;
}

export async function startFakeApiServer(): Promise<FakeApiServer> {
  let rv = 100;
  let compactedAt = 0;
  const store = new Map<string, Map<string, Obj>>(Object.keys(KINDS).map((key) => [key, new Map()]));
  const history: Change[] = [];
  const watches = new Set<OpenWatch>();
  const sockets = new Set<Socket>();
  const requests: Logged[] = [];
  let stalled = false;

  const keyOf = (object: Obj) => `${object.metadata.namespace ?? ''}/${String(object.metadata.name)}`;
  const inScope = (namespace: string | undefined, object: Obj) =>
    namespace === undefined || object.metadata.namespace === namespace;
  const send = (res: http.ServerResponse, event: unknown) => res.write(`${JSON.stringify(event)}\n`);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const match =
      /^\/(?:apis\/apps|api)\/v1\/(?:namespaces\/([^/]+)\/)?(deployments|statefulsets|daemonsets)$/.exec(
        url.pathname,
      ) ?? /^\/api\/v1\/(namespaces)$/.exec(url.pathname)?.map((part, i) => (i === 1 ? undefined : part));
    const resource = match?.[2] ?? (url.pathname === '/api/v1/namespaces' ? 'namespaces' : undefined);
    if (resource === undefined || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404 }));
      return;
    }
    const namespace = resource === 'namespaces' ? undefined : match?.[1];
    const watching = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    const bookmarks = url.searchParams.get('allowWatchBookmarks') === 'true';
    const since = url.searchParams.get('resourceVersion') ?? undefined;
    const timeoutSeconds = url.searchParams.get('timeoutSeconds') ?? undefined;
    requests.push({
      resource,
      namespace,
      watch: watching,
      resourceVersion: since,
      bookmarks,
      timeoutSeconds,
    });
    const info = KINDS[resource]!;
    if (!watching) {
      const items = [...store.get(resource)!.values()].filter((object) => inScope(namespace, object));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: `${info.kind}List`,
          apiVersion: info.apiVersion,
          metadata: { resourceVersion: String(rv) },
          items,
        }),
      );
      return;
    }
    if (stalled) return;
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // kube-apiserver flushes the headers before any event (a client may wait for them to begin).
    res.flushHeaders();
    const from = since === undefined || since === '' || since === '0' ? undefined : Number(since);
    if (from !== undefined && from < compactedAt) {
      send(res, {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `too old resource version: ${from} (${compactedAt})`,
          reason: 'Expired',
          code: 410,
        },
      });
      res.end();
      return;
    }
    if (from === undefined) {
      for (const object of store.get(resource)!.values()) {
        if (inScope(namespace, object)) send(res, { type: 'ADDED', object });
      }
    } else {
      for (const change of history) {
        if (change.rv > from && change.resource === resource && inScope(namespace, change.object)) {
          send(res, { type: change.type, object: change.object });
        }
      }
    }
    const open: OpenWatch = { resource, namespace, bookmarks, res };
    watches.add(open);
    // `timeoutSeconds`: the server ends the watch cleanly once it has run that long.
    const ends =
      timeoutSeconds === undefined ? undefined : setTimeout(() => res.end(), Number(timeoutSeconds) * 1000);
    res.on('close', () => {
      clearTimeout(ends);
      watches.delete(open);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const publish = (change: Change) => {
    history.push(change);
    for (const watch of watches) {
      if (watch.resource === change.resource && inScope(watch.namespace, change.object)) {
        send(watch.res, { type: change.type, object: change.object });
      }
    }
  };

  return {
    url,
    kubeconfig: {
      clusters: [{ name: 'fake', server: url, skipTLSVerify: true }],
      users: [{ name: 'fake', token: 'fake-token' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'fake' }],
      currentContext: 'fake',
    },
    requests,
    apply(resource, object) {
      const objects = store.get(resource)!;
      const info = KINDS[resource]!;
      const existed = objects.has(keyOf(object));
      rv += 1;
      const stored: Obj = {
        apiVersion: info.apiVersion,
        kind: info.kind,
        ...structuredClone(object),
        metadata: { ...structuredClone(object.metadata), resourceVersion: String(rv) },
      };
      objects.set(keyOf(stored), stored);
      publish({ rv, resource, type: existed ? 'MODIFIED' : 'ADDED', object: stored });
      return stored;
    },
    remove(resource, namespace, name) {
      const objects = store.get(resource)!;
      const object = objects.get(`${namespace ?? ''}/${name}`);
      if (!object) return;
      objects.delete(`${namespace ?? ''}/${name}`);
      rv += 1;
      publish({
        rv,
        resource,
        type: 'DELETED',
        object: { ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } },
      });
    },
    bookmark() {
      for (const watch of watches) {
        if (!watch.bookmarks) continue;
        const info = KINDS[watch.resource]!;
        send(watch.res, {
          type: 'BOOKMARK',
          object: { kind: info.kind, apiVersion: info.apiVersion, metadata: { resourceVersion: String(rv) } },
        });
      }
    },
    compact() {
      compactedAt = rv;
      history.length = 0;
    },
    dropWatches() {
      for (const watch of watches) watch.res.socket?.destroy();
    },
    stallWatches(on) {
      stalled = on;
    },
    openWatches: () => watches.size,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
