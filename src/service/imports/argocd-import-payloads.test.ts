import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseEnvironmentFrom, toArgoCdSyncs, type EnvironmentFrom } from './argocd-import-payloads.ts';

const ITEMS = (
  JSON.parse(
    readFileSync(new URL('../../../test/fixtures/argocd-api/applications.json', import.meta.url), 'utf8'),
  ) as { items: unknown[] }
).items;
const [CHECKOUT, INVENTORY, PAYMENTS] = ITEMS;

const environments = (application: unknown, from: EnvironmentFrom) =>
  toArgoCdSyncs(application, from).syncs.map((sync) => sync.body.environment);

test('a history entry is the on-deployed body the template renders, from the entry’s own source', () => {
  const [first] = toArgoCdSyncs(CHECKOUT, { kind: 'annotation' }).syncs;
  assert.deepEqual(first, {
    app: 'argocd/checkout',
    entry: 'history 11',
    finishedAt: '2026-03-02T09:15:12Z',
    body: {
      trigger: 'on-deployed',
      app: 'checkout',
      appNamespace: 'argocd',
      project: 'payments',
      namespace: 'checkout',
      cluster: 'prod-eu-1',
      server: '',
      repoURL: 'https://github.com/acme/checkout.git',
      revision: '3f9a1c2e5b7d4f60a8e1c3b5d7f9a2c4e6b8d0f1',
      repoURLs: [],
      revisions: [],
      phase: 'Succeeded',
      health: '',
      startedAt: '2026-03-02T09:14:05Z',
      finishedAt: '2026-03-02T09:15:12Z',
      environment: 'production',
      images: [],
    },
  });
});

test('a succeeded last operation is already in the history; a failed one is an on-sync-failed', () => {
  assert.equal(toArgoCdSyncs(CHECKOUT, { kind: 'annotation' }).syncs.length, 3);
  const failed = toArgoCdSyncs(INVENTORY, { kind: 'annotation' }).syncs.at(-1)!;
  assert.equal(failed.entry, 'operation');
  assert.deepEqual(
    [failed.body.trigger, failed.body.revision, failed.body.phase, failed.body.health, failed.body.startedAt],
    [
      'on-sync-failed',
      '41d8c3e0b7a6f5e4d3c2b1a09f8e7d6c5b4a3921',
      'Failed',
      'Degraded',
      '2026-03-06T16:02:15Z',
    ],
  );
});

test('a multi-source entry sends its revisions and the repositories of its sources', () => {
  const [, latest] = toArgoCdSyncs(PAYMENTS, { kind: 'annotation' }).syncs;
  assert.deepEqual(
    [latest!.body.revision, latest!.body.revisions, latest!.body.repoURLs],
    [
      '',
      ['4.2.0', '86f7e437faa5a7fce15d1ddcb9eaeaea377667b8'],
      ['https://charts.acme.example/stable', 'https://github.com/acme/payments-config.git'],
    ],
  );
});

test('--environment-from picks the namespace, the cluster or a label; empty lets the adapter fall back', () => {
  assert.deepEqual(environments(CHECKOUT, { kind: 'namespace' }), ['checkout', 'checkout', 'checkout']);
  assert.deepEqual(environments(CHECKOUT, { kind: 'cluster' }), ['prod-eu-1', 'prod-eu-1', 'prod-eu-1']);
  assert.deepEqual(environments(INVENTORY, { kind: 'cluster' }), [
    'kubernetes.default.svc',
    'kubernetes.default.svc',
  ]);
  assert.deepEqual(environments(INVENTORY, { kind: 'label', key: 'env' }), ['staging', 'staging']);
  assert.deepEqual(environments(PAYMENTS, { kind: 'label', key: 'env' }), ['', '']);
  assert.deepEqual(environments(INVENTORY, { kind: 'annotation' }), ['', '']);
});

test('parseEnvironmentFrom reads the flag', () => {
  assert.deepEqual(parseEnvironmentFrom('namespace'), { kind: 'namespace' });
  assert.deepEqual(parseEnvironmentFrom('label:app.kubernetes.io/env'), {
    kind: 'label',
    key: 'app.kubernetes.io/env',
  });
  assert.equal(parseEnvironmentFrom('label:'), undefined);
  assert.equal(parseEnvironmentFrom('zone'), undefined);
});

test('an entry without deployedAt is skipped with the reason', () => {
  const broken = {
    metadata: { name: 'x', namespace: 'argocd' },
    status: { history: [{ id: 3, revision: 'abc' }] },
  };
  assert.deepEqual(toArgoCdSyncs(broken, { kind: 'annotation' }), {
    syncs: [],
    skipped: ['argocd/x history 3: no deployedAt'],
  });
});
