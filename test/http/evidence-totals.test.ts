/**
 * Every dashboard card's n is one evidence list's `total`: over the hand-built scenario, a week of
 * edge cases (negative spans, open incidents, an uncounted severity, a staging incident, window
 * edges) and demo data, with and without filters, on each backend. Paging every list yields exactly
 * `total` rows, and each row's flags agree with the pure metric functions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isFailedChange } from '../../src/metrics/change-failure-rate.ts';
import { recoveredAt } from '../../src/metrics/recovery.ts';
import { isRework } from '../../src/metrics/rework-rate.ts';
import { loadDemo } from '../../src/service/demo/demo.ts';
import { backends, type TestDb } from '../helpers/backends.ts';
import { SCENARIO } from '../helpers/scenario.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are inspected field by field
type Item = any;

const edge = (path: string, body: Record<string, unknown>) => ({ path: `/api/v1/${path}`, body });
const EDGE = [
  // Committed after its deployment finished: a negative lead time, excluded from n.
  edge('changes', {
    repository: 'acme/edge',
    sha: 'e1e1e1e1',
    parents: [],
    committed_at: '2026-03-10T12:00:00Z',
  }),
  // Exactly at the window's start: inside. Two deployments share one instant (a sort tie).
  edge('deployments', {
    id: 'e0',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-09T00:00:00Z',
  }),
  edge('deployments', {
    id: 'e0b',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-09T00:00:00Z',
  }),
  edge('deployments', {
    id: 'e1',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-10T11:00:00Z',
    commit: 'e1e1e1e1',
    version: '=1+2',
  }),
  // Failed by an incident still open: failed, not remediated.
  edge('incidents', {
    id: 'ei1',
    service: 'edge',
    severity: 'sev1',
    started_at: '2026-03-10T13:00:00Z',
    deployment: 'e1',
  }),
  // Failed, its incident resolved before the deployment finished: recovery negative, not measured.
  edge('deployments', {
    id: 'e2',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-11T10:00:00Z',
  }),
  edge('incidents', {
    id: 'ei2',
    service: 'edge',
    severity: 'sev1',
    started_at: '2026-03-11T08:00:00Z',
    resolved_at: '2026-03-11T09:00:00Z',
    deployment: 'e2',
  }),
  // An uncounted severity attributed to e3: e3 is not failed, the incident is not counted.
  edge('deployments', {
    id: 'e3',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-12T10:00:00Z',
  }),
  edge('incidents', {
    id: 'ei3',
    service: 'edge',
    severity: 'sev4',
    started_at: '2026-03-12T11:00:00Z',
    resolved_at: '2026-03-12T12:00:00Z',
    deployment: 'e3',
  }),
  // A staging incident: not counted. A failed attempt. A rollback by version.
  edge('incidents', {
    id: 'ei4',
    service: 'edge',
    environment: 'staging',
    started_at: '2026-03-13T11:00:00Z',
    resolved_at: '2026-03-13T12:00:00Z',
  }),
  edge('deployments', {
    id: 'e4',
    service: 'edge',
    environment: 'production',
    status: 'failure',
    finished_at: '2026-03-13T10:00:00Z',
  }),
  edge('deployments', {
    id: 'e5',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-14T10:00:00Z',
    version: 'v1',
  }),
  edge('deployments', {
    id: 'e6',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-14T11:00:00Z',
    version: 'v2',
  }),
  edge('deployments', {
    id: 'e7',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-14T12:00:00Z',
    version: 'v1',
  }),
  // Exactly at the window's end: outside.
  edge('deployments', {
    id: 'e8',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-16T00:00:00Z',
  }),
];

/** The evidence list whose total each card's number is (docs/metrics.md). */
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
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db);
      // sev4 is left out; the demo's severities stay counted.
      const put = await server.request('PUT', '/api/v1/settings', {
        json: { counted_severities: ['sev1', 'sev2', 'sev3'] },
      });
      assert.ok(put.status < 300, JSON.stringify(put.body));
      for (const event of [...SCENARIO, ...EDGE]) {
        const response = await server.post(event.path, event.body);
        assert.equal(response.status, 202, JSON.stringify(response.body));
      }
      await loadDemo(server.services, {
        days: 45,
        services: 3,
        seed: 11,
        end: new Date('2026-06-01T00:00:00Z'),
      });
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    async function totalOf(list: string, query: string): Promise<number> {
      const response = await server.get(`/api/v1/${list}?${query}&limit=1`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body.total;
    }

    const WINDOWS = [
      'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z',
      'from=2026-03-09T00:00:00Z&to=2026-03-16T00:00:00Z',
      'from=2026-03-01T00:00:00Z&to=2026-03-17T00:00:00Z',
      'from=2026-03-09T00:00:00Z&to=2026-03-16T00:00:00Z&service=edge',
      'from=2026-04-17T00:00:00Z&to=2026-06-01T00:00:00Z',
      'from=2026-05-01T00:00:00Z&to=2026-06-01T00:00:00Z&environment=production',
    ];

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
          const total = await totalOf(list, `${window}&${query}`);
          assert.equal(total, expected[card as keyof typeof CARD_QUERIES], `${card} over ${window}`);
          compared += 1;
        }
        if (window.includes('2026-03-09')) assert.ok(metrics.change_failure_rate.failed > 0);
      }
      assert.equal(compared, windows.length * Object.keys(CARD_QUERIES).length);
    });

    test('the edge week counts what the rules say', async () => {
      const week = WINDOWS[3]!;
      assert.equal(await totalOf('deployments', `${week}&production=true&status=success`), 8);
      // e1 (incident open), e2 (recovered before it finished), e6 (rolled back by e7).
      assert.equal(await totalOf('deployments', `${week}&failed=true`), 3);
      assert.equal(await totalOf('deployments', `${week}&remediated=true`), 1);
      assert.equal(await totalOf('deployments', `${week}&failed=true&remediated=false`), 2);
      assert.equal(await totalOf('deployments', `${week}&rework=true`), 1);
      assert.equal(await totalOf('changes', `${week}`), 1);
      assert.equal(await totalOf('changes', `${week}&stage=lead`), 0);
      assert.equal(await totalOf('incidents', `${week}&counted=true`), 2);
      assert.equal(await totalOf('incidents', `${week}&counted=false`), 2);
      assert.equal(await totalOf('incidents', `${week}&attributed=true`), 3);
      assert.equal(await totalOf('incidents', `${week}&counted=true&restored=true`), 1);
    });

    /** Every page of a list, following `next_cursor`. */
    async function all(list: string, query: string, limit: number): Promise<Item[]> {
      const items: Item[] = [];
      let cursor: string | null = null;
      do {
        const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const response = await server.get(`/api/v1/${list}?${query}&limit=${limit}${suffix}`);
        assert.equal(response.status, 200, JSON.stringify(response.body));
        items.push(...response.body.items);
        cursor = response.body.next_cursor;
      } while (cursor !== null);
      return items;
    }

    test("paging a list yields exactly its total, and each row's flags follow the metric rules", async () => {
      const window = WINDOWS[2]!;
      const deployments = await all('deployments', window, 4);
      assert.equal(deployments.length, await totalOf('deployments', window));
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

    test('every sort pages to the same rows as one page, in order, ties included', async () => {
      const window = WINDOWS[2]!;
      const sorts: [string, string, (item: Item) => number | null][] = [
        ['deployments', 'finished_at', (d) => Date.parse(d.finished_at)],
        ['deployments', 'recovery', (d) => (d.remediated ? d.recovery_seconds : null)],
        ['changes', 'lead', (c) => (c.lead_time_seconds >= 0 ? c.lead_time_seconds : null)],
        ['changes', 'deployed_at', (c) => Date.parse(c.first_production_deployment.finished_at)],
        ['incidents', 'restore', (i) => i.restore_seconds],
        ['incidents', 'started_at', (i) => Date.parse(i.started_at)],
      ];
      for (const [list, sort, value] of sorts) {
        for (const sign of ['-', '']) {
          const query = `${window}&sort=${sign}${sort}`;
          const paged = await all(list, query, 3);
          const whole = (await server.get(`/api/v1/${list}?${query}&limit=1000`)).body.items;
          assert.deepEqual(paged, whole, `${list} ${sign}${sort}`);
          const known = whole.map(value).filter((v: number | null) => v !== null);
          const sorted = [...known].sort((a, b) => (sign === '-' ? b - a : a - b));
          assert.deepEqual(known, sorted, `${list} ${sign}${sort}`);
          // Unknown values come last, whichever way.
          const firstUnknown = whole.findIndex((item: Item) => value(item) === null);
          if (firstUnknown >= 0)
            assert.ok(whole.slice(firstUnknown).every((item: Item) => value(item) === null));
        }
      }
    });

    test('a cursor only pages the sort it came from; a bad sort or lone min_seconds is a 400 naming it', async () => {
      const window = WINDOWS[2]!;
      const first = (await server.get(`/api/v1/deployments?${window}&sort=-recovery&limit=1`)).body;
      const other = await server.get(
        `/api/v1/deployments?${window}&sort=finished_at&cursor=${encodeURIComponent(first.next_cursor)}`,
      );
      assert.equal(other.status, 400);
      assert.equal(other.body.error.field, 'cursor');
      assert.match(other.body.error.message, /-recovery/);
      const sort = await server.get(`/api/v1/incidents?${window}&sort=severity`);
      assert.equal(sort.status, 400);
      assert.match(JSON.stringify(sort.body.error), /sort/);
      const lone = await server.get(`/api/v1/changes?${window}&min_seconds=60`);
      assert.equal(lone.status, 400);
      assert.equal(lone.body.error.field, 'min_seconds');
    });

    test('stage outliers: min_seconds keeps the changes whose stage lasted at least that long', async () => {
      const window = WINDOWS[4]!;
      const review = await all('changes', `${window}&stage=review&sort=-review`, 500);
      assert.ok(review.length > 0);
      const threshold = review[Math.floor(review.length / 2)].stages.review;
      const outliers = await all('changes', `${window}&stage=review&min_seconds=${threshold}`, 500);
      assert.deepEqual(
        outliers.map((c) => c.sha).sort(),
        review
          .filter((c) => c.stages.review >= threshold)
          .map((c) => c.sha)
          .sort(),
      );
      const withPr = await totalOf('changes', `${window}&stage=lead&pull_request=true`);
      const metrics = (await server.get(`/api/v1/metrics?${window}`)).body;
      assert.equal(withPr, metrics.lead_time.with_pull_request);
    });
  });
}
