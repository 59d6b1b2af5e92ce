/**
 * Writes normalized rows and re-attributes what they touch, in the caller's transaction: the part of
 * storing that fresh requests (ingest) and re-mapped ones (replay) share.
 */
import type { NormalizedEvents } from '../../model/events.ts';
import { keepWebUrls } from '../../ingest/web-url.ts';
import type { Queryable } from '../../store/db.ts';
import { updateDeploymentCommitsFromArtifacts, upsertArtifacts } from '../../store/artifacts.ts';
import { upsertChanges } from '../../store/changes.ts';
import { insertDeployments, type InsertedDeployment } from '../../store/deployments.ts';
import { upsertIncidents, type ChangedIncident } from '../../store/incidents.ts';
import { attribute } from './attribute.ts';

export interface StoredEvents {
  /** Shas stored or updated. */
  changes: string[];
  deployments: InsertedDeployment[];
  incidents: ChangedIncident[];
  /** Artifact links stored or updated. */
  artifacts: string[];
}

/** Rows removed before storing (replay): their streams and services are recomputed too. */
export interface Removed {
  deployments: InsertedDeployment[];
  incidentServices: string[];
}

export async function storeEvents(
  tx: Queryable,
  batch: readonly NormalizedEvents[],
  removed: Removed = { deployments: [], incidentServices: [] },
): Promise<StoredEvents> {
  const checked = batch.map(keepWebUrls);
  const all = {
    changes: checked.flatMap((events) => events.changes),
    deployments: checked.flatMap((events) => events.deployments),
    incidents: checked.flatMap((events) => events.incidents),
    artifacts: checked.flatMap((events) => events.artifacts),
  };
  const changes = await upsertChanges(tx, all.changes);
  // Links first, so a deployment arriving in the same batch as its artifact's link finds its commit.
  const artifacts = await upsertArtifacts(tx, all.artifacts);
  const deployments = await insertDeployments(tx, all.deployments, [
    ...all.deployments,
    ...all.incidents.flatMap((i) => (i.service ? [{ service: i.service }] : [])),
  ]);
  const resolved = await updateDeploymentCommitsFromArtifacts(tx, artifacts);
  const incidents = await upsertIncidents(tx, all.incidents);
  await attribute(tx, {
    deployments: [...deployments, ...resolved, ...removed.deployments],
    graphChanged: changes.graphChanged,
    incidentIds: incidents.map((incident) => incident.id),
    incidentServices: [
      ...all.incidents.flatMap((incident) => (incident.service ? [incident.service] : [])),
      ...removed.incidentServices,
    ],
  });
  return { changes: changes.stored, deployments, incidents, artifacts };
}
