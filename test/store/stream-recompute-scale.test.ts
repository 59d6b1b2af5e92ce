/**
 * A deployment that finished before all of a long stream, arriving last, recomputes the whole
 * stream: its cost must grow linearly with the stream whatever the planner statistics. Measured
 * after ANALYZE, as on a server that has run a while: written as CTE self-joins, the recompute's
 * plan then rescanned a CTE once per row (15,000 deployments: 60 s on PostgreSQL), and the
 * contents walks each went back to the start of the history.
 *
 * PGlite runs in this process, so its work is measured as this process's CPU time: wall time on a
 * shared machine mostly measures the neighbours (at load 12, 60,000 took 9 s in one run and 19 s
 * in the next, for the same 6 s of CPU). PostgreSQL works in its own process: wall time there.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Db, Queryable } from '../../src/store/db.ts';
import { analyzeTables } from '../../src/store/statistics.ts';
import { loadBackground, loadStream, storeLateAndRollBack } from '../../bench/stream-history.ts';
import { backends } from '../helpers/backends.ts';

const SMALL = 15_000;
const LARGE = 60_000;
/** Measured at 15,000 at load 12–17: PostgreSQL 1.6–2.4 s (wall), PGlite 1.2–1.5 s (CPU); before the fix, 60 s. */
const LIMIT_MS = { postgres: 4000, pglite: 6000 };
/**
 * Four times the rows may take at most this many times as long, plus noise: linear work takes 4×,
 * quadratic 16×. Measured at load 12–17: PGlite 4.0–4.5× (CPU time), PostgreSQL 3.2–5.2× (wall).
 */
const GROWTH = 6;
const SLACK_MS = 250;
/** Runs per size, each rolled back; the fastest counts (PGlite has no autovacuum, so each leaves dead rows). */
const RUNS = 2;

interface Row {
  external_id: string;
  effective_kind: string;
  remediated_at: Date | null;
  shas: string[];
}

const inspect = async (tx: Queryable) => ({
  rows: await tx.query<Row>(
    `select d.external_id, d.effective_kind, d.remediated_at,
            coalesce(array_agg(dc.sha order by dc.sha) filter (where dc.sha is not null), '{}') as shas
       from deployments d left join deployment_changes dc on dc.deployment_id = d.id
      where d.service = 'api' and d.external_id = any($1::text[])
      group by d.id order by d.finished_at`,
    [['late', 'd0', 'd1', 'd4', 'd5', 'd8']],
  ),
  contents: await countContents(tx),
});

const countContents = async (db: Queryable) =>
  (
    await db.query<{ n: number }>(
      `select count(*)::int as n from deployment_changes where service = 'api' and environment = 'production'`,
    )
  )[0]!.n;

const at = (minute: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + minute * 60_000);

/** The fastest of a few runs (each rolled back), and what the last one computed. */
async function measureLate(db: Db) {
  const before = await countContents(db);
  let best = Infinity;
  let last: Awaited<ReturnType<typeof inspect>> | undefined;
  for (let run = 0; run < RUNS; run += 1) {
    const { ms, cpuMs, result } = await storeLateAndRollBack(db, inspect);
    best = Math.min(best, db.kind === 'pglite' ? cpuMs : ms);
    last = result;
  }
  return { ms: best, before, ...last! };
}

/** The rules of DESIGN.md §3.2 and §3.5 applied to the stream of bench/stream-history.ts. */
function assertRecomputed(result: Awaited<ReturnType<typeof measureLate>>) {
  assert.deepEqual(result.rows, [
    // The next success, d0, is a hotfix by its source's word: it remediated the late one, which
    // now holds d0's commit (the first in the history).
    { external_id: 'late', effective_kind: 'standard', remediated_at: at(0), shas: ['c0'] },
    { external_id: 'd0', effective_kind: 'hotfix', remediated_at: null, shas: [] },
    { external_id: 'd1', effective_kind: 'standard', remediated_at: null, shas: ['c1'] },
    // d5 redeploys v5, first deployed by the late one: a rollback, which remediated d4.
    { external_id: 'd4', effective_kind: 'standard', remediated_at: at(5), shas: ['c4'] },
    { external_id: 'd5', effective_kind: 'rollback', remediated_at: null, shas: ['c5'] },
    // d7 failed: its commit is in the next success's range.
    { external_id: 'd8', effective_kind: 'standard', remediated_at: null, shas: ['c7', 'c8'] },
  ]);
  assert.equal(result.contents, result.before, 'only c0 moved, from d0 to the late deployment');
}

for (const backend of backends()) {
  describe(`stream recompute at scale (${backend.name})`, () => {
    test('a deployment older than a stream of 15,000, then of 60,000: linear, rules applied', async (t) => {
      const { db, drop } = await backend.create();
      const measure = backend.name === 'pglite' ? 'ms of CPU' : 'ms';
      try {
        await loadBackground(db, 10_000);
        await loadStream(db, 0, SMALL);
        await analyzeTables(db);
        const small = await measureLate(db);
        assertRecomputed(small);

        await loadStream(db, SMALL, LARGE);
        await analyzeTables(db);
        const large = await measureLate(db);
        assertRecomputed(large);

        const figures = `15,000: ${small.ms.toFixed(0)} ${measure}, 60,000: ${large.ms.toFixed(0)} ${measure}`;
        t.diagnostic(`${figures} (${(large.ms / small.ms).toFixed(2)}×)`);
        assert.ok(small.ms < LIMIT_MS[backend.name], `15,000 took ${small.ms.toFixed(0)} ${measure}`);
        assert.ok(large.ms <= GROWTH * small.ms + SLACK_MS, `${figures}: not linear`);
      } finally {
        await drop();
      }
    });
  });
}
