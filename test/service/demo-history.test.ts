/**
 * The demo history: deterministic for a seed and an end, well formed (linear git history per
 * repository, nothing after the end, remediation linked to incidents), and, loaded through the
 * ingest path on each backend, graded by the metrics as its profiles intend: the elite team's
 * service elite on deployment frequency and lead time, the low team's low. Loading it again stores
 * nothing new.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAppServices } from '../../src/service/app.ts';
import { generateDemoHistory } from '../../src/service/demo/demo-history.ts';
import { loadDemo } from '../../src/service/demo/demo.ts';
import { backends } from '../helpers/backends.ts';

const END = new Date('2026-03-01T00:00:00Z');
const DAY = 86_400_000;

describe('demo history generator', () => {
  const options = { days: 60, services: 8, seed: 42, end: END };

  test('the same seed and end give the same events; another seed or end other ones', () => {
    const first = generateDemoHistory(options);
    assert.deepEqual(generateDemoHistory(options), first);
    const otherSeed = generateDemoHistory({ ...options, seed: 43 });
    assert.notDeepEqual(otherSeed.changes, first.changes);
    assert.notDeepEqual(otherSeed.deployments, first.deployments);
    const otherEnd = generateDemoHistory({ ...options, end: new Date(END.getTime() + DAY) });
    const shas = new Set(first.changes.map((change) => change.sha));
    assert.ok(
      otherEnd.changes.every((change) => !shas.has(change.sha)),
      'another end never reuses a sha',
    );
  });

  test('four teams, their applications, one repository per service', () => {
    const { services } = generateDemoHistory(options);
    assert.deepEqual(
      services.map((service) => [service.name, service.team, service.profile.level]),
      [
        ['checkout', 'storefront', 'elite'],
        ['auth', 'platform', 'high'],
        ['inventory', 'fulfilment', 'medium'],
        ['invoicing', 'finance', 'low'],
        ['cart', 'storefront', 'elite'],
        ['api-gateway', 'platform', 'high'],
        ['shipping', 'fulfilment', 'medium'],
        ['payments', 'finance', 'low'],
      ],
    );
    assert.deepEqual(
      services.map((service) => service.application),
      ['shop', 'identity', 'logistics', 'billing', 'mobile', 'developer-platform', 'logistics', 'ledger'],
    );
  });

  test('each repository has one linear history, and nothing happens after the end', () => {
    const history = generateDemoHistory(options);
    const heads = new Map<unknown, unknown>();
    for (const change of history.changes) {
      const parents = change.parents as string[] | undefined;
      assert.deepEqual(parents, heads.has(change.repository) ? [heads.get(change.repository)] : undefined);
      heads.set(change.repository, change.sha);
    }
    const times = [
      ...history.changes.map((change) => change.committed_at),
      ...history.deployments.map((deployment) => deployment.finished_at),
      ...history.incidents.flatMap((incident) => [
        incident.started_at,
        incident.resolved_at ?? incident.started_at,
      ]),
    ];
    assert.ok(times.every((time) => Date.parse(time as string) < END.getTime()));
  });

  test('pull requests move forward in time: commit, opened, first review, approved, merged', () => {
    const { changes } = generateDemoHistory(options);
    const withPullRequest = changes.filter((change) => change.pull_request !== undefined);
    assert.ok(withPullRequest.length > changes.length / 3);
    for (const change of withPullRequest) {
      const pr = change.pull_request as Record<string, string>;
      const steps = [
        change.committed_at as string,
        pr.opened_at!,
        pr.first_review_at!,
        pr.approved_at!,
        pr.merged_at!,
      ];
      assert.deepEqual([...steps].sort(), steps, JSON.stringify(change));
    }
  });

  test('staging and production, failed attempts, rollbacks to the previous version, hotfixes fixing incidents', () => {
    const { deployments, incidents } = generateDemoHistory({ ...options, days: 365 });
    const count = (predicate: (deployment: Record<string, unknown>) => boolean) =>
      deployments.filter(predicate).length;
    assert.ok(count((d) => d.environment === 'staging') > 0);
    assert.ok(count((d) => d.status === 'failure') > 0);
    const rollbacks = deployments.filter((d) => d.kind === 'rollback');
    const hotfixes = deployments.filter((d) => d.kind === 'hotfix');
    assert.ok(rollbacks.length > 0 && hotfixes.length > 0);
    const incidentIds = new Set(incidents.map((incident) => incident.id));
    for (const hotfix of hotfixes) {
      assert.ok((hotfix.fixes_incidents as string[]).every((id) => incidentIds.has(id)));
    }
    for (const rollback of rollbacks) {
      const earlier = deployments.find(
        (d) =>
          d.service === rollback.service &&
          d.environment === 'production' &&
          d.version === rollback.version &&
          d.kind === undefined,
      );
      assert.ok(earlier, `rollback ${String(rollback.id)} returns to a version deployed before`);
    }
    assert.ok(incidents.some((incident) => incident.deployment !== undefined));
    assert.ok(incidents.some((incident) => incident.deployment === undefined));
  });

  test('weekends are quieter than weekdays', () => {
    const { deployments } = generateDemoHistory({ ...options, days: 365 });
    const weekend = deployments.filter((d) => [0, 6].includes(new Date(d.finished_at as string).getUTCDay()));
    // Two days of seven: an even spread would put 2/7 (29%) of deployments on weekends.
    assert.ok(weekend.length / deployments.length < 0.1, `${weekend.length} of ${deployments.length}`);
  });
});

for (const backend of backends()) {
  describe(`the demo loaded (${backend.name})`, () => {
    test('the elite and low teams are graded elite and low; a second load stores nothing', async () => {
      const testDb = await backend.create();
      try {
        const services = createAppServices(testDb.db, {
          auth: 'off',
          adminToken: undefined,
          adminUsername: undefined,
          adminPassword: undefined,
        });
        const options = { days: 120, services: 4, seed: 7, end: END };
        const progress: number[] = [];
        const summary = await loadDemo(services, {
          ...options,
          onProgress: (done, total) => progress.push(done / total),
        });
        assert.equal(summary.failed, 0);
        assert.equal(summary.imported, summary.changes + summary.deployments + summary.incidents);
        assert.equal(progress.at(-1), 1);
        assert.deepEqual(
          [...progress].sort((a, b) => a - b),
          progress,
        );

        const window = { from: new Date(END.getTime() - 120 * DAY), to: END };
        const graded = async (service: string) => {
          const metrics = await services.report.metrics({ ...window, service }, END.getTime());
          return [metrics.deployment_frequency.level, metrics.lead_time.level];
        };
        assert.deepEqual(await graded('checkout'), ['elite', 'elite']);
        assert.deepEqual(await graded('invoicing'), ['low', 'low']);
        const team = await services.report.metrics({ ...window, team: 'finance' }, END.getTime());
        assert.ok(team.change_failure_rate.total > 0);
        const catalog = await services.catalog.getService('checkout');
        assert.deepEqual(
          [catalog.team, catalog.application, catalog.repositories],
          ['storefront', 'shop', ['acme/checkout']],
        );

        const again = await loadDemo(services, options);
        assert.equal(again.imported, 0);
        assert.equal(again.duplicates, summary.imported);
      } finally {
        await testDb.drop();
      }
    });
  });
}
