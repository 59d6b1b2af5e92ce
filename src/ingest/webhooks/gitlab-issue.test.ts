import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapGitLabFixture as map } from '../../../test/helpers/gitlab-fixture.ts';
import { assertInvalidField as throwsField } from '../../../test/helpers/webhook-delivery.ts';

const EMPTY = { changes: [], deployments: [], incidents: [], artifacts: [] };

/** A copy of `row` without `key`. */
function without<T extends object, K extends keyof T>(row: T, key: K): Omit<T, K> {
  const copy = { ...row };
  delete copy[key];
  return copy;
}
const INCIDENT = {
  source: 'gitlab',
  external_id: 'acme/platform/checkout#1093',
  service: 'checkout-api',
  severity: 'critical',
  title: 'Checkout payments timing out',
  url: 'https://gitlab.acme.example/acme/platform/checkout/-/issues/1093',
  started_at: '2026-03-02T11:58:40Z',
  resolved_at: '2026-03-02T12:47:05Z',
};
const OPEN_INCIDENT = without(INCIDENT, 'resolved_at');

const label = (title: string) => ({ id: 1, title, type: 'ProjectLabel' });

test('a closed issue of type Incident is a resolved incident', () => {
  assert.deepEqual(map('issue-incident-closed'), {
    events: { ...EMPTY, incidents: [INCIDENT] },
    reasons: [],
  });
});

test('an open incident has no resolution', () => {
  const opened = map('issue-incident-closed', {
    'object_attributes.action': 'open',
    'object_attributes.state': 'opened',
    'object_attributes.closed_at': null,
  });
  assert.deepEqual(opened, { events: { ...EMPTY, incidents: [OPEN_INCIDENT] }, reasons: [] });
});

test('a reopened incident keeps its earlier resolution, and says so', () => {
  const reopened = map('issue-incident-closed', {
    'object_attributes.action': 'reopen',
    'object_attributes.state': 'opened',
    'object_attributes.closed_at': null,
  });
  assert.deepEqual(reopened, {
    events: { ...EMPTY, incidents: [OPEN_INCIDENT] },
    reasons: [
      'gitlab: incident #1093 was reopened: an earlier resolution is kept, fivekeys never clears resolved_at',
    ],
  });
});

test('a close without closed_at resolves at the last update', () => {
  const closed = map('issue-incident-closed', {
    'object_attributes.closed_at': undefined,
    'object_attributes.updated_at': '2026-03-02 12:50:00 UTC',
  });
  assert.deepEqual(closed.events.incidents, [{ ...INCIDENT, resolved_at: '2026-03-02T12:50:00Z' }]);
  const stateOnly = map('issue-incident-closed', { 'object_attributes.action': 'update' });
  assert.deepEqual(stateOnly.events.incidents, [INCIDENT]);
});

test('an issue with an incident label is an incident; its severity may come from a scoped label', () => {
  const labelled = map('issue-incident-closed', {
    'object_attributes.type': 'Issue',
    'object_attributes.severity': undefined,
    labels: [label('Incident'), label('severity::high'), label('backend')],
  });
  assert.deepEqual(labelled.events.incidents, [{ ...INCIDENT, severity: 'high' }]);
  const unknown = map('issue-incident-closed', {
    'object_attributes.severity': 'unknown',
    labels: [label('severity:: S2')],
  });
  assert.deepEqual(unknown.events.incidents, [{ ...INCIDENT, severity: 'S2' }]);
  const none = map('issue-incident-closed', { 'object_attributes.severity': 'UNKNOWN', labels: [] });
  const withoutSeverity = without(INCIDENT, 'severity');
  assert.deepEqual(none.events.incidents, [withoutSeverity]);
});

test('incidentLabels are globs; labels are read from object_attributes when the top level has none', () => {
  const options = { incidentLabels: ['sev::*', 'outage'] };
  const patches = {
    'object_attributes.type': 'Issue',
    labels: undefined,
    'object_attributes.labels': [label('SEV::1')],
  };
  assert.deepEqual(map('issue-incident-closed', patches, options).events.incidents, [INCIDENT]);
  assert.deepEqual(map('issue-incident-closed', patches).reasons, [
    'gitlab: issue #1093 is not an incident: neither of type Incident nor labelled as one (incidentLabels)',
  ]);
});

test('plain issues give a reason', () => {
  assert.deepEqual(
    map('issue-incident-closed', { 'object_attributes.type': 'Issue', labels: [label('bug')] }),
    {
      events: EMPTY,
      reasons: [
        'gitlab: issue #1093 is not an incident: neither of type Incident nor labelled as one (incidentLabels)',
      ],
    },
  );
});

test('work item incidents are incidents too', () => {
  const workItem = map('issue-incident-closed', {
    object_kind: 'work_item',
    'object_attributes.type': 'incident',
  });
  assert.deepEqual(workItem.events.incidents, [INCIDENT]);
  assert.deepEqual(
    map('issue-incident-closed', { object_kind: 'work_item', 'object_attributes.type': 'Task', labels: [] })
      .reasons,
    [
      'gitlab: work_item #1093 is not an incident: neither of type Incident nor labelled as one (incidentLabels)',
    ],
  );
});

test('an incident without number or opening time, or with an unreadable closing time, names the field', () => {
  throwsField(() => map('issue-incident-closed', { object_attributes: null }), 'object_attributes');
  throwsField(
    () => map('issue-incident-closed', { 'object_attributes.iid': undefined }),
    'object_attributes.iid',
  );
  throwsField(
    () => map('issue-incident-closed', { 'object_attributes.created_at': undefined }),
    'object_attributes.created_at',
  );
  throwsField(
    () => map('issue-incident-closed', { 'object_attributes.closed_at': '12:47' }),
    'object_attributes.closed_at',
  );
  throwsField(
    () =>
      map('issue-incident-closed', {
        'object_attributes.closed_at': null,
        'object_attributes.updated_at': null,
      }),
    'object_attributes.closed_at',
  );
});
