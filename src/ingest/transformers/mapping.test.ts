import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../errors.ts';
import type { CloudEvent, Mapped } from '../cloudevents/event.ts';
import { compileValidator } from '../../validation.ts';
import { compileMappingRule, compileMappingRules, MappingRuleSchema, type MappingRule } from './mapping.ts';

const PATH = 'cloudevents.mappings[1]';

const event = (data: unknown, attributes: Partial<CloudEvent> = {}): CloudEvent => ({
  specversion: '1.0',
  id: 'evt-1',
  source: 'https://ci.acme.example/',
  type: 'com.acme.pipeline',
  data,
  extensions: {},
  ...attributes,
});

const acmeDeploys: MappingRule = {
  name: 'acme-deploys',
  when: "data.kind = 'deploy'",
  deployment: {
    id: 'data.run_id',
    service: 'data.app',
    environment: "data.target = 'prd' ? 'production' : data.target",
    status: "data.ok ? 'success' : 'failure'",
    finished_at: 'data.finished',
    commit: 'data.git.sha',
    commits: 'data.git.commits.id',
  },
};

const deployData = {
  kind: 'deploy',
  run_id: 'run-42',
  app: 'checkout',
  target: 'prd',
  ok: true,
  finished: '2026-03-01T10:00:00Z',
  git: { sha: 'ABCDEF1234', commits: [{ id: 'ABCDEF1234' }] },
};

/** Rows as JSON would store them: the native parsers leave absent fields as undefined keys. */
const plain = (mapped: Mapped): unknown => JSON.parse(JSON.stringify(mapped));

const run = async (rule: MappingRule, ce: CloudEvent) => compileMappingRule(rule, PATH)(ce);

async function rejects(promise: Promise<unknown>, code: string, field: string, message: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, code);
    assert.equal(error.field, field);
    assert.match(error.message, message);
    return true;
  });
}

const throws = (action: () => unknown, field: string, message: RegExp) =>
  rejects(Promise.resolve().then(action), 'invalid_config', field, message);

test('a deployment rule maps one event to one deployment with the rule as source', async () => {
  assert.deepEqual(plain(await run(acmeDeploys, event(deployData))), {
    events: {
      changes: [],
      deployments: [
        {
          service: 'checkout',
          environment: 'production',
          status: 'success',
          finished_at: '2026-03-01T10:00:00Z',
          source: 'mapping/acme-deploys',
          commit: 'abcdef1234',
          // One commit: JSONata yields the bare string, the rule wraps it for an array field.
          commits: ['abcdef1234'],
          external_id: 'run-42',
        },
      ],
      incidents: [],
      artifacts: [],
    },
  });
});

test('a deployment without an id expression is keyed by the event source and id, so re-sends dedupe', async () => {
  const rule = { ...acmeDeploys, deployment: { ...acmeDeploys.deployment, service: 'acmeapp' } };
  delete rule.deployment.id;
  const ext = { extensions: { acmeapp: 'payments' } };
  const first = await run(rule, event(deployData, ext));
  const resent = await run(rule, event({ ...deployData, finished: '2026-03-01T10:05:00Z' }, ext));
  for (const mapped of [first, resent]) {
    assert.ok('events' in mapped);
    assert.equal(mapped.events.deployments[0]?.external_id, 'https://ci.acme.example/ evt-1');
    assert.equal(mapped.events.deployments[0]?.service, 'payments');
  }
});

test('several deployments of one event without ids get numbered event keys', async () => {
  const rule: MappingRule = {
    name: 'fan-out',
    deployments:
      "data.envs.{ 'service': $$.data.app, 'environment': $, 'status': 'success', 'finished_at': $$.time }",
  };
  const mapped = await run(
    rule,
    event({ app: 'shop', envs: ['staging', 'prod'] }, { time: '2026-03-01T10:00:00Z' }),
  );
  assert.ok('events' in mapped);
  assert.deepEqual(
    mapped.events.deployments.map((d) => [d.environment, d.external_id, d.source]),
    [
      ['staging', 'https://ci.acme.example/ evt-1', 'mapping/fan-out'],
      ['prod', 'https://ci.acme.example/ evt-1#1', 'mapping/fan-out'],
    ],
  );
});

test('a changes expression yields one change per commit', async () => {
  const rule: MappingRule = {
    name: 'acme-pushes',
    changes: `data.commits.{
      'repository': $$.data.repo, 'sha': id, 'committed_at': timestamp, 'author': author, 'pull_request': $$.data.pr
    }`,
  };
  const data = {
    repo: 'https://github.com/acme/shop.git',
    pr: { number: 7, merged_at: null },
    commits: [
      { id: 'AAAA1111', timestamp: '2026-03-01T09:00:00+01:00', author: 'ada' },
      { id: 'bbbb2222', timestamp: '2026-03-01T09:30:00+01:00', author: null },
    ],
  };
  const pushed = { repository: 'acme/shop', pull_request: { number: 7 } };
  assert.deepEqual(plain(await run(rule, event(data))), {
    events: {
      changes: [
        // A null (author, pull_request.merged_at) is an absent field.
        { ...pushed, sha: 'aaaa1111', committed_at: '2026-03-01T09:00:00+01:00', author: 'ada' },
        { ...pushed, sha: 'bbbb2222', committed_at: '2026-03-01T09:30:00+01:00' },
      ],
      deployments: [],
      incidents: [],
      artifacts: [],
    },
  });
});

const pager: MappingRule = {
  name: 'pager',
  incident: {
    id: 'data.alert.fingerprint',
    service: 'data.alert.labels.service',
    severity: '$lowercase(data.alert.labels.severity)',
    title: 'subject',
    started_at: 'data.alert.startsAt',
    resolved_at: 'data.alert.endsAt',
  },
};

test('an incident rule maps an alert, open while its end is null', async () => {
  const alert = {
    fingerprint: 'fp-9',
    labels: { service: 'checkout', severity: 'P1' },
    startsAt: '2026-03-02T08:00:00Z',
  };
  const open = await run(pager, event({ alert: { ...alert, endsAt: null } }, { subject: 'Checkout down' }));
  assert.deepEqual(plain(open), {
    events: {
      changes: [],
      deployments: [],
      incidents: [
        {
          service: 'checkout',
          severity: 'p1',
          title: 'Checkout down',
          started_at: '2026-03-02T08:00:00Z',
          source: 'mapping/pager',
          external_id: 'fp-9',
        },
      ],
      artifacts: [],
    },
  });
  const resolved = await run(
    pager,
    event({ alert: { ...alert, endsAt: '2026-03-02T08:45:00Z' } }, { id: 'evt-2' }),
  );
  assert.ok('events' in resolved);
  assert.equal(resolved.events.incidents[0]?.external_id, 'fp-9');
  assert.equal(resolved.events.incidents[0]?.resolved_at, '2026-03-02T08:45:00Z');
});

test('an event whose when is not true is ignored with the rule named', async () => {
  assert.deepEqual(await run(acmeDeploys, event({ ...deployData, kind: 'build' })), {
    ignored: 'rule acme-deploys: when is false',
  });
  assert.deepEqual(await run(acmeDeploys, event('not json')), {
    ignored: 'rule acme-deploys: when is false',
  });
  assert.deepEqual(await run({ ...acmeDeploys, when: 'data.kind' }, event(deployData)), {
    ignored: 'rule acme-deploys: when yielded "deploy", not true',
  });
});

test('a rule whose expressions yield nothing ignores the event with a reason', async () => {
  const rule: MappingRule = { name: 'pushes', changes: 'data.commits' };
  assert.deepEqual(await run(rule, event({ commits: [] })), {
    ignored: 'rule pushes: the expressions yielded no change, deployment or incident',
  });
  assert.deepEqual(await run(pager, event({ alert: {} })), {
    ignored: 'rule pager: the expressions yielded no change, deployment or incident',
  });
});

test('a syntax error names the config path, the rule and the field', async () => {
  const rule = { ...acmeDeploys, deployment: { ...acmeDeploys.deployment, service: 'data.app(' } };
  await throws(
    () => compileMappingRule(rule, PATH),
    `${PATH}.deployment.service`,
    /^cloudevents\.mappings\[1\]\.deployment\.service: rule "acme-deploys": Expected "\)" .* at position 9$/,
  );
  await throws(
    () => compileMappingRule({ ...acmeDeploys, when: 'data.kind =' }, PATH),
    `${PATH}.when`,
    /rule "acme-deploys"/,
  );
});

test('clock, random and eval functions are refused at start-up, however they are reached', async () => {
  const cases: [string, RegExp][] = [
    ['$now()', /\$now\(\) at position 4 is not allowed: it reads the clock.*replayed/],
    ['($stamp := $millis; $string($stamp()))', /\$millis\(\) .* not allowed/],
    ["data.ok ? 'success' : $string($random())", /\$random\(\) .* it is random/],
    ['data.items ~> $shuffle', /\$shuffle\(\)/],
    ['$eval("$" & "now()")', /\$eval\(\) .* cannot be checked/],
    ['$map(data.x, function($v) { $v & $now() })', /\$now\(\)/],
  ];
  for (const [source, message] of cases) {
    const rule = { ...acmeDeploys, deployment: { ...acmeDeploys.deployment, version: source } };
    await throws(() => compileMappingRule(rule, PATH), `${PATH}.deployment.version`, message);
  }
});

test('the rule schema refuses unknown fields and bad names in the config file', async () => {
  const validate = compileValidator(MappingRuleSchema, 'invalid_config');
  assert.deepEqual(validate(acmeDeploys), acmeDeploys);
  const typo = { name: 'acme', deployment: { sevice: 'data.app' } };
  await throws(() => validate(typo, PATH), `${PATH}.deployment.sevice`, /is not a known field/);
  await throws(() => validate({ name: 'Acme Deploys', changes: 'data' }, PATH), `${PATH}.name`, /must match/);
});

test('invalid rules are refused at start-up', async () => {
  await throws(() => compileMappingRule({ name: 'empty' }, PATH), PATH, /rule "empty": it maps nothing/);
  await throws(
    () => compileMappingRule({ name: 'blank', deployment: {} }, PATH),
    `${PATH}.deployment`,
    /names no field/,
  );
  const noId = { ...pager.incident };
  delete noId.id;
  await throws(
    () => compileMappingRule({ name: 'pager', incident: noId }, PATH),
    `${PATH}.incident.id`,
    /incident\.id is required/,
  );
});

test('a missing or invalid field fails the event, naming the rule and the field', async () => {
  await rejects(
    run(acmeDeploys, event({ ...deployData, app: undefined })),
    'invalid_payload',
    'deployment.service',
    /^rule "acme-deploys": deployment\.service is required$/,
  );
  await rejects(
    run(acmeDeploys, event({ ...deployData, finished: 'yesterday' })),
    'invalid_payload',
    'deployment.finished_at',
    /^rule "acme-deploys": deployment\.finished_at must be an ISO 8601 date-time/,
  );
  const rule: MappingRule = { name: 'fan-out', deployments: 'data.rows' };
  const rows = [
    { service: 'a', environment: 'prod', status: 'success', finished_at: '2026-03-01T10:00:00Z' },
  ];
  await rejects(
    run(rule, event({ rows: [...rows, { ...rows[0], status: 'ok' }] })),
    'invalid_payload',
    'deployments[1].status',
    /^rule "fan-out": deployments\[1\]\.status must be one of: success, failure$/,
  );
});

test('an evaluation error fails the event, naming the rule and the field', async () => {
  const rule = { ...acmeDeploys, deployment: { ...acmeDeploys.deployment, version: 'data.build + 1' } };
  await rejects(
    run(rule, event({ ...deployData, build: 'seven' })),
    'invalid_payload',
    'deployment.version',
    /^rule "acme-deploys": deployment\.version: The left side of the "\+" operator must evaluate to a number at position \d+$/,
  );
});

test('two rules of one name are refused', async () => {
  const rules = compileMappingRules([acmeDeploys, pager]);
  assert.deepEqual([...rules.keys()], ['acme-deploys', 'pager']);
  await throws(
    () => compileMappingRules([pager, acmeDeploys, pager]),
    'cloudevents.mappings[2].name',
    /^cloudevents\.mappings\[2\]\.name: rule "pager": it is already defined at cloudevents\.mappings\[0\]/,
  );
});
