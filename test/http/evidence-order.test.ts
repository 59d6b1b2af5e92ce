/**
 * Evidence sorts and cursors: every sort pages to the same rows as one page, in order and with
 * ties, unknown values last; a cursor belongs to its sort; stage outliers keep what they say.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { allPages, startEvidenceServer, totalOf, WINDOWS } from '../helpers/evidence-history.ts';
import type { TestServer } from '../helpers/server.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are inspected field by field
type Item = any;

for (const backend of backends()) {
  describe(`evidence sorts and cursors (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    before(async () => ({ testDb, server } = await startEvidenceServer(backend)));
    after(async () => {
      await server.close();
      await testDb.drop();
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
          const paged = await allPages(server, list, query, 3);
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
      const review = await allPages(server, 'changes', `${window}&stage=review&sort=-review`, 500);
      assert.ok(review.length > 0);
      const threshold = review[Math.floor(review.length / 2)].stages.review;
      const outliers = await allPages(
        server,
        'changes',
        `${window}&stage=review&min_seconds=${threshold}`,
        500,
      );
      assert.deepEqual(
        outliers.map((c) => c.sha).sort(),
        review
          .filter((c) => c.stages.review >= threshold)
          .map((c) => c.sha)
          .sort(),
      );
      const withPr = await totalOf(server, 'changes', `${window}&stage=lead&pull_request=true`);
      const metrics = (await server.get(`/api/v1/metrics?${window}`)).body;
      assert.equal(withPr, metrics.lead_time.with_pull_request);
    });
  });
}
