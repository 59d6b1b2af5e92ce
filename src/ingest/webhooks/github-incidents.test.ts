import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLES } from '../../../test/helpers/github-examples.ts';
import { createGitHubAdapter, type GitHubOptions } from './github.ts';
import {
  assertInvalidField,
  readWebhookFixture,
  withFields,
  type Json,
} from '../../../test/helpers/webhook-delivery.ts';

const adapter = createGitHubAdapter();
const SERVICES: Record<string, string> = { 'acme/checkout': 'checkout-api' };
const CONTEXT = {
  serviceForRepository: (repository: string) => SERVICES[repository] ?? repository.split('/').at(-1) ?? '',
};

type Payload = Json;
const issues = EXAMPLES.find((group) => group.name === 'issues')?.examples ?? [];
const example = (action: string): Payload => issues.find((payload) => payload.action === action) ?? {};
const closedIncident = readWebhookFixture('github', 'issues-closed-incident').body;
const edit = withFields;
const labelled = (payload: Payload, ...names: string[]) =>
  edit(payload, { 'issue.labels': names.map((name, id) => ({ id, name, color: 'b60205', default: false })) });
const map = (body: unknown, options: GitHubOptions = {}) =>
  adapter.map(
    { headers: { 'x-github-event': 'issues' }, body: JSON.stringify(body), params: {}, receivedAt: '' },
    options,
    CONTEXT,
  );
const incidents = (body: unknown, options: GitHubOptions = {}) => map(body, options).events.incidents;
const reasons = (body: unknown, options: GitHubOptions = {}) => {
  const mapped = map(body, options);
  assert.deepEqual(mapped.events.incidents, []);
  return mapped.reasons;
};
const throwsOn = (field: string, body: unknown) => assertInvalidField(() => map(body), field);

const HELLO_INCIDENT = {
  source: 'github',
  external_id: 'Codertocat/Hello-World#1',
  service: 'Hello-World',
  title: 'Spelling error in the README file',
  url: 'https://github.com/Codertocat/Hello-World/issues/1',
  started_at: '2019-05-15T15:20:18Z',
};

test('a closed issue labelled incident and sev1 is a resolved incident', () => {
  assert.deepEqual(map(closedIncident), {
    events: {
      changes: [],
      deployments: [],
      incidents: [
        {
          source: 'github',
          external_id: 'acme/checkout#118',
          service: 'checkout-api',
          severity: 'sev1',
          title: 'Checkout returns 502 for card payments',
          url: 'https://github.com/acme/checkout/issues/118',
          started_at: '2026-03-04T11:02:33Z',
          resolved_at: '2026-03-04T13:47:09Z',
        },
      ],
      artifacts: [],
    },
    reasons: [],
  });
});

test('opened, edited and labelled incident issues emit the open incident', () => {
  for (const action of ['opened', 'edited', 'labeled']) {
    assert.deepEqual(incidents(labelled(example(action), 'bug', 'INCIDENT')), [HELLO_INCIDENT], action);
  }
  assert.deepEqual(incidents(example('opened'), { incidentLabels: ['Bug'] }), [HELLO_INCIDENT]);
});

test('issues without an incident label and actions that change nothing give a reason', () => {
  assert.deepEqual(reasons(example('opened')), ['github: issue #1 has no incident label (incident)']);
  assert.deepEqual(reasons(labelled(example('assigned'), 'incident')), [
    'github: issues action "assigned" does not change incidents',
  ]);
  assert.deepEqual(reasons(labelled(example('unlabeled'), 'incident')), [
    'github: issues action "unlabeled" does not change incidents',
  ]);
});

test('a reopened incident is emitted open, with a reason that its resolution stays', () => {
  assert.deepEqual(map(labelled(example('reopened'), 'incident')), {
    events: {
      changes: [],
      deployments: [],
      incidents: [{ ...HELLO_INCIDENT, started_at: '2021-07-05T18:05:24Z' }],
      artifacts: [],
    },
    reasons: [
      'github: issue #1 reopened: a resolution cannot be withdrawn, the incident stays resolved at its first closing',
    ],
  });
});

test('the first severity label gives the severity, without a severity prefix', () => {
  const severity = (options: GitHubOptions, ...names: string[]) =>
    incidents(labelled(example('opened'), 'incident', ...names), options)[0]?.severity;
  assert.equal(severity({}, 'bug', 'Severity: High', 'sev2'), 'High');
  assert.equal(severity({}, 'severity/critical'), 'critical');
  assert.equal(severity({}, 'P2'), 'P2');
  assert.equal(severity({}, 'priority-high'), undefined);
  assert.equal(severity({ severityLabels: ['priority-*'] }, 'sev1', 'priority-high'), 'priority-high');
});

test('an incident issue missing its times or number names the field', () => {
  throwsOn('issue.closed_at', edit(closedIncident, { 'issue.closed_at': null }));
  throwsOn('issue.created_at', edit(closedIncident, { 'issue.created_at': '04/03/2026' }));
  throwsOn('issue.number', edit(closedIncident, { 'issue.number': undefined }));
  throwsOn('repository.full_name', edit(closedIncident, { 'repository.full_name': '' }));
});
