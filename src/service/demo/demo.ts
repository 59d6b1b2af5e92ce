/**
 * Loads the demo history (demo-history.ts) through the ingest path exactly as
 * `fivekeys import ndjson` does (same batching, same raw-log sources, content-named delivery ids),
 * so loading the same history again stores nothing new. Changes first, then deployments, then
 * incidents: a deployment's git range needs its commits, an incident's attribution its deployment.
 */
import type { ServiceBody } from '../../catalog-schema.ts';
import { generateDemoHistory } from './demo-history.ts';
import type { Body } from './demo-service-writer.ts';
import { importNdjson, type ImportSummary, type NativeSink } from '../imports/ndjson-import.ts';
import type { LineType } from '../imports/ndjson-native.ts';

export interface DemoSummary {
  services: number;
  teams: number;
  applications: number;
  changes: number;
  deployments: number;
  incidents: number;
  /** Rows stored now, and rows already there (a second run with the same seed and end). */
  imported: number;
  duplicates: number;
  failed: number;
  seconds: number;
}

/**
 * Where the demo goes: the app's services over a database, or the API of the server holding the
 * data folder (src/cli/demo.ts). `flush` waits for the statistics refresh of a local ingest.
 */
export interface DemoTarget {
  ingest: NativeSink & { flush?(): Promise<void> };
  catalog: { putService(name: string, body: ServiceBody): Promise<unknown> };
}

export interface LoadDemoOptions {
  days: number;
  services: number;
  seed: number;
  end: Date;
  onProgress?: (done: number, total: number) => void;
}

export async function loadDemo(services: DemoTarget, options: LoadDemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  const history = generateDemoHistory(options);
  for (const service of history.services) {
    const { name, team, application, repository } = service;
    await services.catalog.putService(name, { team, application, repositories: [repository] });
  }
  const phases: [LineType, Body[]][] = [
    ['change', history.changes],
    ['deployment', history.deployments],
    ['incident', history.incidents],
  ];
  const total = phases.reduce((sum, [, bodies]) => sum + bodies.length, 0);
  const totals = { imported: 0, duplicates: 0, failed: 0 };
  let done = 0;
  options.onProgress?.(0, total);
  for (const [type, bodies] of phases) {
    const summary = await importNdjson(services.ingest, linesOf(type, bodies), {
      userAgent: 'fivekeys demo',
      onProgress: (sofar: ImportSummary) => options.onProgress?.(done + sofar.lines, total),
    });
    done += bodies.length;
    totals.imported += summary.imported;
    totals.duplicates += summary.duplicates;
    totals.failed += summary.failed;
    const first = summary.errors[0];
    // The generator writes only valid bodies: a refused one is a bug, not bad input.
    if (first) throw new Error(`demo ${type} line ${first.line} was refused: ${first.message}`);
  }
  await services.ingest.flush?.();
  return {
    services: history.services.length,
    teams: new Set(history.services.map((service) => service.team)).size,
    applications: new Set(history.services.map((service) => service.application)).size,
    changes: history.changes.length,
    deployments: history.deployments.length,
    incidents: history.incidents.length,
    ...totals,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

async function* linesOf(type: LineType, bodies: readonly Body[]): AsyncIterable<string> {
  for (const body of bodies) yield JSON.stringify({ type, ...body });
}
