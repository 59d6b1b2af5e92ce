/**
 * Re-attribution of what a batch touched (DESIGN.md §3): each affected stream from the earliest
 * instant a new or changed event can influence, then the incidents that may now point elsewhere.
 */
import type { Queryable } from '../store/db.ts';
import type { InsertedDeployment } from '../store/deployments.ts';
import { reattributeIncidents } from '../store/incident-attribution.ts';
import {
  lockStreams,
  selectStreamRows,
  selectStreamsContaining,
  updateEffectiveKinds,
  updateRemediations,
  updateStreamContents,
  type StreamSince,
} from '../store/streams.ts';

export interface Touched {
  deployments: InsertedDeployment[];
  /** Commits whose parents became known: ranges that reach them may grow. */
  graphChanged: string[];
  incidentIds: number[];
}

export async function attribute(tx: Queryable, touched: Touched): Promise<void> {
  const earliest = new Map<string, StreamSince>();
  const note = (stream: StreamSince) => {
    const key = `${stream.service}\n${stream.environment}`;
    const seen = earliest.get(key);
    if (!seen || stream.since < seen.since) earliest.set(key, stream);
  };
  for (const d of touched.deployments)
    note({ service: d.service, environment: d.environment, since: d.finished_at });
  for (const stream of await selectStreamsContaining(tx, touched.graphChanged)) note(stream);
  // Key order is lock order, the same in every replica.
  const streams = [...earliest].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, stream]) => stream);

  let recomputed: number[] = [];
  if (streams.length > 0) {
    await lockStreams(tx, streams);
    const rows = await selectStreamRows(tx, streams);
    await updateEffectiveKinds(tx, rows.ids);
    await updateRemediations(tx, [...rows.predecessors, ...rows.successes.map((d) => d.id)]);
    await updateStreamContents(tx, rows.successes);
    recomputed = rows.ids;
  }
  if (streams.length === 0 && touched.incidentIds.length === 0) return;
  await reattributeIncidents(tx, {
    incidentIds: touched.incidentIds,
    services: streams.map(({ service, since }) => ({ service, since })),
    deploymentIds: [...recomputed, ...touched.deployments.map((d) => d.id)],
  });
}
