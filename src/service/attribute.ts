/**
 * Re-attribution of what a batch touched (DESIGN.md §3): each affected stream from the earliest
 * instant a new or changed event can influence, then the incidents that may now point elsewhere.
 */
import type { Queryable } from '../store/db.ts';
import type { InsertedDeployment } from '../store/deployments.ts';
import { reattributeIncidents } from '../store/incident-attribution.ts';
import {
  lockStream,
  selectStreamsContaining,
  updateEffectiveKinds,
  updateRemediations,
  updateStreamContents,
  type StreamKey,
} from '../store/streams.ts';

export interface Touched {
  deployments: InsertedDeployment[];
  /** Commits whose parents became known: ranges that reach them may grow. */
  graphChanged: string[];
  incidentIds: number[];
}

export async function attribute(tx: Queryable, touched: Touched): Promise<void> {
  const streams = new Map<string, StreamKey & { since: Date }>();
  const note = (stream: StreamKey & { since: Date }) => {
    const key = JSON.stringify([stream.service, stream.environment]);
    const seen = streams.get(key);
    if (!seen || stream.since < seen.since) streams.set(key, stream);
  };
  for (const d of touched.deployments)
    note({ service: d.service, environment: d.environment, since: d.finished_at });
  for (const stream of await selectStreamsContaining(tx, touched.graphChanged)) note(stream);

  const recomputed: number[] = [];
  // A fixed lock order keeps two replicas recomputing overlapping streams from deadlocking.
  for (const [, stream] of [...streams].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await lockStream(tx, stream);
    await updateEffectiveKinds(tx, stream, stream.since);
    await updateRemediations(tx, stream, stream.since);
    recomputed.push(...(await updateStreamContents(tx, stream, stream.since)));
  }
  if (streams.size === 0 && touched.incidentIds.length === 0) return;
  await reattributeIncidents(tx, {
    incidentIds: touched.incidentIds,
    services: [...streams.values()].map(({ service, since }) => ({ service, since })),
    deploymentIds: [...recomputed, ...touched.deployments.map((d) => d.id)],
  });
}
