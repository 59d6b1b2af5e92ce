import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../errors.ts';
import { emptyEvents } from '../../model/events.ts';
import type { CloudEvent, Transformer } from './event.ts';
import { createRouter } from './routing.ts';

const event = (type: string): CloudEvent => ({
  specversion: '1.0',
  id: '1',
  source: '/s',
  type,
  extensions: {},
});

const deploys: Transformer = (e) => ({
  events: {
    ...emptyEvents(),
    deployments: [
      {
        source: 't',
        external_id: e.id,
        service: 'web',
        environment: 'production',
        status: 'success',
        finished_at: '2026-03-02T10:00:00Z',
      },
    ],
  },
});
const links: Transformer = () => ({
  events: { ...emptyEvents(), artifacts: [{ artifact: 'pkg:oci/web@1', commit: 'abc1234' }] },
});
const ignores: Transformer = () => ({ ignored: 'not a deploy' });

const transformers = new Map([
  ['deploys', deploys],
  ['links', links],
  ['ignores', ignores],
  ['cdevents', ignores],
]);

test('the first matching route decides, and every transformer it lists contributes', async () => {
  const route = createRouter(
    [
      { type: 'com.acme.deploy.*', transformers: ['deploys', 'links', 'ignores'] },
      { type: 'com.acme.**', transformers: ['ignores'] },
    ],
    transformers,
  );
  const routed = await route(event('com.acme.deploy.finished'));
  assert.equal(routed.events.deployments.length, 1);
  assert.equal(routed.events.artifacts.length, 1);
  assert.deepEqual(routed.reasons, ['ignores: not a deploy']);
  assert.deepEqual((await route(event('com.acme.other.thing'))).reasons, ['ignores: not a deploy']);
});

test('configured routes come before the built-in ones, which still apply to the rest', async () => {
  const route = createRouter(
    [{ type: 'dev.cdevents.service.deployed.*', transformers: ['deploys'] }],
    transformers,
  );
  assert.equal((await route(event('dev.cdevents.service.deployed.0.3.0'))).events.deployments.length, 1);
  assert.deepEqual((await route(event('dev.cdevents.build.finished.0.3.0'))).reasons, [
    'cdevents: not a deploy',
  ]);
});

test('an event no route matches produces nothing and says so', async () => {
  const routed = await createRouter([], transformers)(event('com.example.unknown'));
  assert.deepEqual(routed, { events: emptyEvents(), reasons: ['no route for type com.example.unknown'] });
});

test('a route naming an unknown transformer fails at start-up, naming it', () => {
  assert.throws(
    () => createRouter([{ type: 'x.*', transformers: ['deploys', 'nope'] }], transformers),
    (error: unknown) =>
      error instanceof AppError &&
      error.code === 'invalid_config' &&
      error.field === 'cloudevents.routes[0].transformers[1]',
  );
});
