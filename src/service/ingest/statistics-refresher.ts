/**
 * Keeps planner statistics fresh while ingest writes. PGlite has no autovacuum, and PostgreSQL's
 * never analyzes the one-row tables (src/store/statistics.ts), so fivekeys runs ANALYZE itself.
 */
import type { Db } from '../../store/db.ts';
import { analyzeTables, estimatedEventRows } from '../../store/statistics.ts';

export interface StatisticsRefresher<Batch> {
  /** Told after each committed batch; may start an ANALYZE and returns without waiting for it. */
  afterBatch(batch: Batch): Promise<void>;
  /** Waits for a running ANALYZE (shutdown closes the database after this). */
  settled(): Promise<void>;
}

/**
 * Re-analyzes the tables whenever the rows written since the last time exceed a fifth of the rows
 * there were then (and at least a thousand): a logarithmic number of ANALYZE runs as data grows.
 * The count starts from the rows already stored, as the planner last saw them: counting from zero
 * on a 100k-deployment database ran a 490 ms ANALYZE every thousand events after each restart.
 * After a burst (an import, a replay) it also runs once ingest has been idle for two seconds, so
 * the newest rows, the ones metric queries ask about first, are in the statistics too.
 * ANALYZE runs beside ingest, one at a time, not between its transactions: on PostgreSQL it takes
 * another connection, and waiting for it (30–40 ms) put every request behind it into the p99.
 */
export function statisticsRefresher<Batch>(
  db: Db,
  rowsOf: (batch: Batch) => number,
  analyze: () => Promise<void> = () => analyzeTables(db),
): StatisticsRefresher<Batch> {
  let written = 0;
  let atLastAnalyze = 0;
  /** The rows stored before this process wrote any: unknown until the first batch has asked. */
  let stored: number | undefined;
  let estimating: Promise<void> | undefined;
  let idle: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const start = () => {
    if (running) return;
    atLastAnalyze = written;
    running = analyze()
      .catch(() => undefined)
      .finally(() => (running = undefined));
  };
  return {
    // Never waits on the database: the group-commit queue runs this between its transactions.
    async afterBatch(batch) {
      written += rowsOf(batch);
      estimating ??= estimatedEventRows(db).then(
        (rows) => void (stored = rows),
        () => void (stored = 0),
      );
      if (stored === undefined) return;
      clearTimeout(idle);
      const unseen = written - atLastAnalyze;
      const known = stored + atLastAnalyze;
      if (unseen >= Math.max(1000, known / 5)) start();
      else if (unseen >= Math.max(100, known / 20)) idle = setTimeout(start, 2000).unref();
    },
    async settled() {
      await estimating;
      await running;
    },
  };
}
