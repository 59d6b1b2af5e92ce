/**
 * A watcher over the fake API server, writing into a real database through the ingest path, and
 * the clients it can drive the fake with: the built-in one always, @kubernetes/client-node when it
 * loads (1.x on Node.js 20; 2.x needs Node.js ≥ 22.19).
 */
import { createTransportFrom } from '../../src/k8s/client-node-transport.ts';
import { clientNodeSupport } from '../../src/k8s/client-node-support.ts';
import { createHttpTransport } from '../../src/k8s/http-transport.ts';
import { createIngestSink } from '../../src/k8s/sinks.ts';
import type { KubeTransport } from '../../src/k8s/transport.ts';
import { parseWatcherConfig } from '../../src/k8s/watcher-config.ts';
import { createWatcher, type DeploymentSink, type Watcher } from '../../src/k8s/watcher.ts';
import type { IngestService } from '../../src/service/ingest/ingest.ts';
import type { Queryable } from '../../src/store/db.ts';
import type { FakeApiServer } from '../helpers/fake-apiserver.ts';

/** What both transports accept: how long each watch runs, and when a silent one is given up. */
export interface WatchTimings {
  watchSeconds?: number;
  idleTimeoutMs?: number;
}

export interface Client {
  name: string;
  connect(fake: FakeApiServer, timings?: WatchTimings): KubeTransport;
}

export async function clients(): Promise<{ clients: Client[]; missing?: string }> {
  const builtIn: Client = {
    name: 'built-in',
    connect: (fake, timings) => createHttpTransport({ server: fake.url, token: 'fake-token' }, timings),
  };
  const support = clientNodeSupport();
  if (!support.ok) return { clients: [builtIn], missing: support.reason };
  try {
    const k8s = await import('@kubernetes/client-node');
    const clientNode: Client = {
      name: '@kubernetes/client-node',
      connect(fake, timings) {
        const config = new k8s.KubeConfig();
        config.loadFromOptions(fake.kubeconfig);
        return createTransportFrom(k8s, config, timings);
      },
    };
    return { clients: [builtIn, clientNode] };
  } catch (error) {
    return { clients: [builtIn], missing: (error as Error).message };
  }
}

export const SETTINGS = {
  clusterName: 'eu-1',
  environment: '{cluster}/{namespace}',
  commitAnnotation: 'example.com/git-sha',
};

export function watcherOn(
  transport: KubeTransport,
  sink: DeploymentSink,
  section: Record<string, unknown> = {},
): Watcher {
  return createWatcher({
    transport,
    config: parseWatcherConfig({ ...SETTINGS, ...section }),
    sink,
    backoffMs: 10,
  });
}

export const ingestSink = (ingest: IngestService) => createIngestSink(ingest, { backoffMs: 10 });

export interface Row {
  external_id: string;
  service: string;
  environment: string;
  status: string;
  version: string | null;
  head_commit: string | null;
  kind: string | null;
  application: string | null;
  finished_at: string;
}

export async function deploymentsOf(db: Queryable, uid: string): Promise<Row[]> {
  return db.query<Row>(
    `select d.external_id, d.service, d.environment, d.status, d.version, d.head_commit, d.kind,
            s.application, to_char(d.finished_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as finished_at
       from deployments d left join services s on s.name = d.service
      where d.external_id like $1 order by d.id`,
    [`k8s:${uid}:%`],
  );
}

/** Polls every 20 ms until `probe` holds, or fails after `ms`. */
export async function eventually(what: string, probe: () => Promise<boolean>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Lets in-flight events arrive, so a late duplicate would have been stored before counting. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
