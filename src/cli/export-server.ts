/**
 * `fivekeys export ndjson` through the server holding the data folder (GET /api/v1/export/ndjson):
 * its lines are passed on as they arrive and counted by type. What the server skipped or wrote in
 * part is in its log, not in this summary: the stream carries only the lines.
 */
import type { ExportRange, ExportSummary, ExportWriter } from '../service/imports/ndjson-export.ts';
import type { ServerClient } from './server-client.ts';

const COUNT_FIELD: Record<string, 'changes' | 'deployments' | 'incidents'> = {
  change: 'changes',
  deployment: 'deployments',
  incident: 'incidents',
};

export async function exportFromServer(
  server: ServerClient,
  range: ExportRange,
  write: ExportWriter,
): Promise<ExportSummary> {
  const query = new URLSearchParams();
  if (range.from) query.set('from', range.from.toISOString());
  if (range.to) query.set('to', range.to.toISOString());
  const response = await server.stream(`/api/v1/export/ndjson?${query.toString()}`);
  const summary: ExportSummary = { changes: 0, deployments: 0, incidents: 0, skipped: [], partial: [] };
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of response.body ?? []) {
    pending += decoder.decode(chunk as Uint8Array, { stream: true });
    const end = pending.lastIndexOf('\n') + 1;
    if (end === 0) continue;
    const text = pending.slice(0, end);
    pending = pending.slice(end);
    for (const line of text.split('\n')) countLine(summary, line);
    await write(text);
  }
  if (pending !== '') throw new Error(`${server.url} cut the export short, in the middle of a line`);
  return summary;
}

/** Lines start `{"type":"change",…`: the export writes the type first. */
function countLine(summary: ExportSummary, line: string): void {
  const type = /^\{"type":"(\w+)"/.exec(line)?.[1];
  const field = type === undefined ? undefined : COUNT_FIELD[type];
  if (field) summary[field] += 1;
}
