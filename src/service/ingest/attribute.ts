/**
 * Re-attribution of what a batch touched (DESIGN.md §3): each affected stream from the earliest
 * instant a new or changed event can influence, then the incidents that may now point elsewhere.
 */
import type { Queryable } from '../../store/db.ts';
import type { InsertedDeployment } from '../../store/deployments.ts';
import { reattributeIncidents } from '../../store/incident-attribution.ts';
import { updateStreamContents } from '../../store/stream-contents.ts';
import {
  lockServices,
  selectStreamsContaining,
  updateStreamDeployments,
  type StreamSince,
} from '../../store/streams.ts';

export interface Touched {
  deployments: InsertedDeployment[];
  /** Commits whose parents became known: ranges that reach them may grow. */
  graphChanged: string[];
  incidentIds: number[];
  /** Services named by those incidents. */
  incidentServices: string[];
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
  const streams = [...earliest.values()];
  // Sorted, so every replica takes the locks in the same order.
  await lockServices(
    tx,
    [...new Set([...streams.map((s) => s.service), ...touched.incidentServices])].sort(),
  );

  let recomputed: number[] = [];
  let shas: string[] = [];
  if (streams.length > 0) {
    const rows = await updateStreamDeployments(tx, streams);
    shas = await updateStreamContents(tx, rows);
    recomputed = rows.ids;
  }
  if (streams.length === 0 && touched.incidentIds.length === 0) return;
  // First-production marks are updated by the same statement (one round trip less).
  await reattributeIncidents(
    tx,
    {
      incidentIds: touched.incidentIds,
      services: streams.map(({ service, since }) => ({ service, since })),
      deploymentIds: [...recomputed, ...touched.deployments.map((d) => d.id)],
    },
    { shas, services: [...new Set(streams.map((s) => s.service))] },
  );
}
