/**
 * `fivekeys export ndjson`: every change, deployment and incident as native API lines, changes first,
 * then deployments and incidents in the order they were stored, so a re-import rebuilds the same
 * rows (ties between deployments finishing at the same instant included). Each line is checked with
 * the native parser before it is written: what the native API cannot express is reported, not
 * written as a line that would fail on import.
 */
import type { Queryable } from '../../store/db.ts';
import {
  selectChangesForExport,
  selectDeploymentsForExport,
  selectIncidentsForExport,
  type ExportRange,
} from '../../store/export.ts';
import {
  parseNativeBody,
  reasonOf,
  toNativeChange,
  toNativeDeployment,
  toNativeIncident,
  type LineType,
} from './ndjson-native.ts';

export type { ExportRange } from '../../store/export.ts';

export interface ExportNote {
  type: LineType;
  id: string;
  message: string;
}

export interface ExportSummary {
  changes: number;
  deployments: number;
  incidents: number;
  /** Rows the native API cannot express (a change without a commit time, a non-hex sha, ...). */
  skipped: ExportNote[];
  /** Rows written without a part the native API cannot express. */
  partial: ExportNote[];
}

/** Receives the lines of one page, each ending in a newline; awaited, so a slow reader slows the export. */
export type ExportWriter = (text: string) => Promise<void> | void;

interface Table<Row> {
  type: LineType;
  select(db: Queryable, range: ExportRange, after: Row | undefined, limit: number): Promise<Row[]>;
  id(row: Row): string;
  toBody(row: Row): { body: Record<string, unknown>; dropped?: string | undefined };
}

const TABLES = [
  {
    type: 'change',
    select: (db, range, after, limit) => selectChangesForExport(db, range, after?.sha ?? '', limit),
    id: (row) => row.sha,
    toBody: toNativeChange,
  } satisfies Table<Awaited<ReturnType<typeof selectChangesForExport>>[number]>,
  {
    type: 'deployment',
    select: (db, range, after, limit) => selectDeploymentsForExport(db, range, after?.id ?? 0, limit),
    id: (row) => row.external_id,
    toBody: (row) => ({ body: toNativeDeployment(row) }),
  } satisfies Table<Awaited<ReturnType<typeof selectDeploymentsForExport>>[number]>,
  {
    type: 'incident',
    select: (db, range, after, limit) => selectIncidentsForExport(db, range, after?.id ?? 0, limit),
    id: (row) => row.external_id,
    toBody: (row) => ({ body: toNativeIncident(row) }),
  } satisfies Table<Awaited<ReturnType<typeof selectIncidentsForExport>>[number]>,
] as const;

const COUNT_FIELD = { change: 'changes', deployment: 'deployments', incident: 'incidents' } as const;

export async function exportNdjson(
  db: Queryable,
  range: ExportRange,
  write: ExportWriter,
  pageSize = 1000,
): Promise<ExportSummary> {
  const summary: ExportSummary = { changes: 0, deployments: 0, incidents: 0, skipped: [], partial: [] };
  for (const table of TABLES) await exportTable(db, table as Table<unknown>, range, write, pageSize, summary);
  return summary;
}

async function exportTable<Row>(
  db: Queryable,
  table: Table<Row>,
  range: ExportRange,
  write: ExportWriter,
  pageSize: number,
  summary: ExportSummary,
): Promise<void> {
  let after: Row | undefined;
  for (;;) {
    const rows = await table.select(db, range, after, pageSize);
    if (rows.length === 0) return;
    after = rows.at(-1);
    let text = '';
    for (const row of rows) {
      const { body, dropped } = table.toBody(row);
      const note = { type: table.type, id: table.id(row) };
      try {
        parseNativeBody(table.type, body);
      } catch (error) {
        summary.skipped.push({ ...note, message: reasonOf(error) });
        continue;
      }
      if (dropped) summary.partial.push({ ...note, message: dropped });
      text += `${JSON.stringify({ type: table.type, ...body })}\n`;
      summary[COUNT_FIELD[table.type]] += 1;
    }
    if (text) await write(text);
  }
}
