/**
 * Lead time for a whole window is aggregated in SQL (src/store/lead-time-stats.ts); per series bucket
 * and on hand-written facts it is computed in JavaScript (src/metrics/lead-time.ts). The two must
 * agree: on a few hundred random changes, with unknown ends, clock skew, ties, other services and
 * non-first rows, each backend's SQL gives the JavaScript numbers bit for bit (the mean too: both
 * sum in ascending order).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { leadTimeFromStats, computeLeadTime } from '../../src/metrics/lead-time.ts';
import { selectLeadTimeStats } from '../../src/store/lead-time-stats.ts';
import { selectChangeFacts, type FactFilter } from '../../src/store/metric-facts.ts';
import { backends, type TestDb } from '../helpers/backends.ts';

const DAY = 86_400_000;
const START = Date.parse('2026-03-01T00:00:00Z');

/** mulberry32: the same pseudo-random history on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function loadRandomChanges(testDb: TestDb, count: number): Promise<void> {
  const next = random(7);
  const { db } = testDb;
  await db.query(`insert into services (name, team) values ('shop', 'web'), ('billing', 'money')`);
  const deployments = 40;
  for (let d = 1; d <= deployments; d++) {
    const service = d % 3 === 0 ? 'billing' : 'shop';
    const environment = d % 5 === 0 ? 'production-eu' : 'production';
    await db.query(
      `insert into deployments (id, source, external_id, service, environment, status, finished_at, is_production)
       values ($1, 'test', $2, $3, $4, 'success', $5, true)`,
      [d, `d${d}`, service, environment, new Date(START + Math.floor(next() * 30) * DAY + d * 1000)],
    );
  }
  const instant = (base: number, hours: number) =>
    // A fifth unknown; some before the base (clock skew); milliseconds kept.
    next() < 0.2 ? null : new Date(base + Math.round((next() - 0.15) * hours * 3_600_000));
  for (let c = 0; c < count; c++) {
    const deployment = 1 + Math.floor(next() * deployments);
    const [row] = await db.query<{ finished_at: Date; service: string; environment: string }>(
      'select finished_at, service, environment from deployments where id = $1',
      [deployment],
    );
    const deployed = row!.finished_at.getTime();
    const committed = next() < 0.1 ? null : new Date(deployed - Math.round((next() - 0.1) * 72 * 3_600_000));
    const from = committed?.getTime() ?? deployed - DAY;
    await db.query(
      `insert into deployment_changes (deployment_id, sha, service, environment, finished_at, first_production,
         committed_at, pr_opened_at, pr_first_review_at, pr_approved_at, pr_merged_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        deployment,
        `sha${c}`,
        row!.service,
        row!.environment,
        row!.finished_at,
        next() < 0.9,
        committed,
        instant(from, 4),
        instant(from, 8),
        instant(from, 12),
        instant(from, 16),
      ],
    );
  }
}

const windows: [string, Partial<FactFilter>][] = [
  ['every service', {}],
  ['one service', { service: 'billing' }],
  ['one team', { team: 'web' }],
  ['one environment (first in that environment)', { environment: 'production-eu' }],
  ['an empty window', { from: new Date('2020-01-01T00:00:00Z'), to: new Date('2020-02-01T00:00:00Z') }],
];

for (const backend of backends()) {
  describe(`lead time aggregated in SQL equals the JavaScript computation (${backend.name})`, () => {
    let testDb: TestDb;
    before(async () => {
      testDb = await backend.create();
      await loadRandomChanges(testDb, 400);
    });
    after(() => testDb.drop());

    for (const [name, filter] of windows) {
      test(name, async () => {
        const window: FactFilter = {
          from: new Date(START),
          to: new Date(START + 40 * DAY),
          ...filter,
        };
        const fromSql = leadTimeFromStats(await selectLeadTimeStats(testDb.db, window), []);
        const fromFacts = computeLeadTime(await selectChangeFacts(testDb.db, window), []);
        assert.deepEqual(fromSql, fromFacts);
        if (name !== 'an empty window') assert.ok(fromSql.n > 10 && fromSql.excluded > 0, 'a real sample');
      });
    }
  });
}
