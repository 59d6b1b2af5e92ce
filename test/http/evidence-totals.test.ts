/**
 * Every dashboard card's n is one evidence list's `total`: over the hand-built scenario, a week of
 * edge cases and demo data (test/helpers/evidence-history.ts), with and without filters, on each
 * backend. Paging a list yields exactly `total` rows, and each row's flags agree with the pure
 * metric functions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isFailedChange } from '../../src/metrics/change-failure-rate.ts';
import { recoveredAt } from '../../src/metrics/recovery.ts';
import { isRework } from '../../src/metrics/rework-rate.ts';
import { backends, type TestDb } from '../helpers/backends.ts';
import { allPages, startEvidenceServer, totalOf, WINDOWS } from '../helpers/evidence-history.ts';
import type { TestServer } from '../helpers/server.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are inspected field by field
type Item = any;

const CARD_QUERIES = {
  deployment_frequency: ['deployments', 'production=true&status=success'],
  lead_time: ['changes', 'stage=lead'],
  change_failure_rate_total: ['deployments', 'production=true&status=success'],
  change_failure_rate_failed: ['deployments', 'production=true&failed=true'],
  failed_attempts: ['deployments', 'production=true&status=failure'],
  time_to_restore: ['incidents', 'counted=true&restored=true'],
  failed_deployment_recovery_time: ['deployments', 'production=true&remediated=true'],
  rework_rate_total: ['deployments', 'production=true&status=success'],
  rework_rate_rework: ['deployments', 'production=true&rework=true'],
} as const;

const cardNumbers = (m: Item): Record<keyof typeof CARD_QUERIES, number> => ({
  deployment_frequency: m.deployment_frequency.count,
  lead_time: m.lead_time.n,
  change_failure_rate_total: m.change_failure_rate.total,
  change_failure_rate_failed: m.change_failure_rate.failed,
  failed_attempts: m.change_failure_rate.failed_attempts,
  time_to_restore: m.time_to_restore.n,
  failed_deployment_recovery_time: m.failed_deployment_recovery_time.n,
  rework_rate_total: m.rework_rate.total,
  rework_rate_rework: m.rework_rate.rework,
});

for (const backend of backends()) {
  describe(`evidence totals (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    before(async () => ({ testDb, server } = await startEvidenceServer(backend)));
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    test('each card number is the total of its evidence list', async () => {
      const teams = (await server.get('/api/v1/services')).body.services
        .map((s: Item) => s.team)
        .filter(Boolean);
      const windows = [...WINDOWS, `from=2026-04-17T00:00:00Z&to=2026-06-01T00:00:00Z&team=${teams[0]}`];
      let compared = 0;
      for (const window of windows) {
        const metrics = (await server.get(`/api/v1/metrics?${window}`)).body;
        const expected = cardNumbers(metrics);
        for (const [card, [list, query]] of Object.entries(CARD_QUERIES)) {
          const total = await totalOf(server, list, `${window}&${query}`);
          assert.equal(total, expected[card as keyof typeof CARD_QUERIES], `${card} over ${window}`);
          compared += 1;
        }
        if (window.includes('2026-03-09')) assert.ok(metrics.change_failure_rate.failed > 0);
      }
      assert.equal(compared, windows.length * Object.keys(CARD_QUERIES).length);
    });

    test('the edge week counts what the rules say', async () => {
      const week = WINDOWS[3]!;
      assert.equal(await totalOf(server, 'deployments', `${week}&production=true&status=success`), 8);
      // e1 (incident open), e2 (recovered before it finished), e6 (rolled back by e7).
      assert.equal(await totalOf(server, 'deployments', `${week}&failed=true`), 3);
      assert.equal(await totalOf(server, 'deployments', `${week}&remediated=true`), 1);
      assert.equal(await totalOf(server, 'deployments', `${week}&failed=true&remediated=false`), 2);
      assert.equal(await totalOf(server, 'deployments', `${week}&rework=true`), 1);
      assert.equal(await totalOf(server, 'changes', `${week}`), 1);
      assert.equal(await totalOf(server, 'changes', `${week}&stage=lead`), 0);
      assert.equal(await totalOf(server, 'incidents', `${week}&counted=true`), 2);
      assert.equal(await totalOf(server, 'incidents', `${week}&counted=false`), 2);
      assert.equal(await totalOf(server, 'incidents', `${week}&attributed=true`), 3);
      assert.equal(await totalOf(server, 'incidents', `${week}&counted=true&restored=true`), 1);
    });

    /** Every page of a list, following `next_cursor`. */
    test("paging a list yields exactly its total, and each row's flags follow the metric rules", async () => {
      const window = WINDOWS[2]!;
      const deployments = await allPages(server, 'deployments', window, 4);
      assert.equal(deployments.length, await totalOf(server, 'deployments', window));
      assert.equal(new Set(deployments.map((d) => d.id)).size, deployments.length);
      for (const d of deployments) {
        const counted = d.incidents.filter((i: Item) => i.counted);
        const fact = {
          finishedAt: Date.parse(d.finished_at),
          status: d.status,
          kind: d.kind,
          fixesIncident: d.fixes_incidents.length > 0,
          hasIncident: counted.length > 0,
          remediatedAt: d.remediated_at === null ? null : Date.parse(d.remediated_at),
          incidentsResolvedAt:
            counted.length > 0 && counted.every((i: Item) => i.resolved_at !== null)
              ? Math.max(...counted.map((i: Item) => Date.parse(i.resolved_at)))
              : null,
        };
        const recovered = isFailedChange(fact) ? recoveredAt(fact) : null;
        assert.equal(d.recovered_at === null ? null : Date.parse(d.recovered_at), recovered, d.id);
        assert.equal(d.failed, isFailedChange(fact), d.id);
        assert.equal(d.rework, d.status === 'success' && isRework(fact), d.id);
        assert.equal(d.remediated, d.failed && d.recovery_seconds !== null && d.recovery_seconds >= 0, d.id);
      }
    });
  });
}
