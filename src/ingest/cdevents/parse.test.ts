/** Unit tests of parseCdEvent with small hand-written CDEvents of both spec releases. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../errors.ts';
import { CDEVENTS_TYPE, parseCdEvent } from './parse.ts';

const TIMESTAMP = '2026-03-02T10:15:00Z';

interface TestEvent {
  context: Record<string, unknown>;
  subject: Record<string, unknown>;
  [field: string]: unknown;
}

function deployed05(): TestEvent {
  return {
    context: {
      specversion: '0.5.1',
      id: 'evt-1',
      source: '/argocd/prod',
      type: 'dev.cdevents.service.deployed.0.3.0',
      timestamp: TIMESTAMP,
    },
    subject: {
      id: 'checkout',
      content: { environment: { id: 'production' }, artifactId: 'pkg:oci/checkout@sha256%3Aabc' },
    },
  };
}

function deployed04(): TestEvent {
  const event = deployed05();
  const context: Record<string, unknown> = { ...event.context, version: '0.4.1' };
  context.type = 'dev.cdevents.service.deployed.0.2.0';
  delete context.specversion;
  return { context, subject: { ...event.subject, type: 'service' } };
}

function rejects(value: unknown, field: string, message: RegExp): void {
  assert.throws(
    () => parseCdEvent(value),
    (error) =>
      error instanceof AppError &&
      error.code === 'invalid_payload' &&
      error.field === field &&
      message.test(error.message),
  );
}

test('a 0.5 service.deployed event is read into subject, predicate, version and content', () => {
  assert.deepEqual(parseCdEvent(deployed05()), {
    spec: '0.5',
    subject: 'service',
    predicate: 'deployed',
    typeVersion: '0.3.0',
    known: true,
    context: {
      id: 'evt-1',
      source: '/argocd/prod',
      type: 'dev.cdevents.service.deployed.0.3.0',
      timestamp: TIMESTAMP,
    },
    subjectId: 'checkout',
    content: { environment: { id: 'production' }, artifactId: 'pkg:oci/checkout@sha256%3Aabc' },
  });
});

test('a 0.4 event is recognised by its type and reported as spec 0.4', () => {
  const event = parseCdEvent(deployed04());
  assert.equal(event.spec, '0.4');
  assert.equal(event.typeVersion, '0.2.0');
  assert.equal(event.known, true);
});

test('optional envelope fields are passed through', () => {
  const event = deployed05();
  event.context = { ...event.context, chainId: 'chain-1', schemaUri: 'https://example.com/schema' };
  event.subject = { ...event.subject, source: '/argocd' };
  const links = [{ linkType: 'PATH', from: { contextId: 'evt-0' } }];
  event.context.links = links;
  const parsed = parseCdEvent({ ...event, customData: 'aGVsbG8=', customDataContentType: 'text/plain' });
  assert.equal(parsed.context.chainId, 'chain-1');
  assert.equal(parsed.context.schemaUri, 'https://example.com/schema');
  assert.deepEqual(parsed.context.links, links);
  assert.equal(parsed.subjectSource, '/argocd');
  assert.equal(parsed.customData, 'aGVsbG8=');
  assert.equal(parsed.customDataContentType, 'text/plain');
});

test('a missing required content field is named by its path from the event root', () => {
  const event = deployed05();
  event.subject.content = { artifactId: 'pkg:oci/checkout' };
  rejects(event, 'subject.content.environment', /^subject\.content\.environment is required$/);
});

test('an unknown field is refused at every level', () => {
  const event = deployed05();
  event.subject.content = { environment: { id: 'production', region: 'eu' }, artifactId: 'pkg:oci/x' };
  rejects(event, 'subject.content.environment.region', /is not a known field/);
  rejects({ ...deployed05(), extra: true }, 'extra', /is not a known field/);
});

test('0.5 events need context.specversion and 0.4 events need context.version and subject.type', () => {
  const event05 = deployed05();
  const { specversion, ...context } = event05.context;
  rejects(
    { ...event05, context: { ...context, version: specversion } },
    'context.specversion',
    /is required/,
  );

  const event04 = deployed04();
  delete event04.subject.type;
  rejects(event04, 'subject.type', /^subject\.type is required$/);
  event04.subject.type = 'artifact';
  rejects(event04, 'subject.type', /must be one of: service/);
});

test('0.5 renamed url to uri and made the pipeline outcome an enum', () => {
  const finished = (spec: '0.4' | '0.5', content: Record<string, unknown>) => ({
    context: {
      ...(spec === '0.4' ? { version: '0.4.1' } : { specversion: '0.5.1' }),
      id: 'run-1',
      source: '/ci',
      type: `dev.cdevents.pipelinerun.finished.${spec === '0.4' ? '0.2.0' : '0.3.0'}`,
      timestamp: TIMESTAMP,
    },
    subject: { id: 'run-1', ...(spec === '0.4' ? { type: 'pipelineRun' } : {}), content },
  });
  assert.equal(parseCdEvent(finished('0.5', { uri: 'https://ci/run/1', outcome: 'success' })).known, true);
  assert.equal(parseCdEvent(finished('0.4', { url: 'ci/run/1', outcome: 'passed' })).known, true);
  rejects(finished('0.5', { url: 'https://ci/run/1' }), 'subject.content.url', /is not a known field/);
  rejects(finished('0.4', { uri: 'https://ci/run/1' }), 'subject.content.uri', /is not a known field/);
  rejects(
    finished('0.5', { outcome: 'passed' }),
    'subject.content.outcome',
    /must be one of: success, failure, cancel, error/,
  );
});

test('a custom dev.cdeventsx type is accepted with only its envelope checked', () => {
  const event = deployed05();
  event.context.type = 'dev.cdeventsx.mytool-resource.created.0.1.0';
  event.subject.content = { anything: { nested: [1, 2] } };
  const parsed = parseCdEvent(event);
  assert.deepEqual(
    [parsed.known, parsed.subject, parsed.predicate, parsed.typeVersion],
    [false, 'resource', 'created', '0.1.0'],
  );
  delete event.subject.content;
  rejects(event, 'subject.content', /^subject\.content is required$/);
});

test('an unknown version of a known type gets its envelope checked, not its content', () => {
  const event = deployed05();
  event.context.type = 'dev.cdevents.service.deployed.0.9.0-draft';
  event.subject.content = { environment: 'not an object' };
  const parsed = parseCdEvent(event);
  assert.equal(parsed.known, false);
  assert.equal(parsed.typeVersion, '0.9.0-draft');
  event.context.timestamp = 'yesterday';
  rejects(event, 'context.timestamp', /ISO 8601/);
});

test('an unknown version with context.version is read as spec 0.4', () => {
  const event = deployed04();
  event.context.type = 'dev.cdevents.service.deployed.0.1.0';
  assert.deepEqual([parseCdEvent(event).spec, parseCdEvent(event).known], ['0.4', false]);
});

test('a type that is not a CDEvents type is refused on context.type', () => {
  const event = deployed05();
  event.context.type = 'com.github.push';
  rejects(event, 'context.type', /is not a CDEvents type/);
  event.context.type = 42;
  rejects(event, 'context.type', /must be a string/);
  delete event.context.type;
  rejects(event, 'context.type', /^context\.type is required$/);
  rejects({ subject: {} }, 'context', /^context is required$/);
  rejects({ context: 'x', subject: {} }, 'context', /must be an object/);
});

test('a value that is not a JSON object is refused as data', () => {
  for (const value of [null, undefined, 'text', 42, [deployed05()]]) {
    rejects(value, 'data', /CDEvent JSON object/);
  }
});

test('customData is a JSON object or a base64 string', () => {
  assert.deepEqual(parseCdEvent({ ...deployed05(), customData: { a: 1 } }).customData, { a: 1 });
  rejects({ ...deployed05(), customData: 42 }, 'customData', /JSON object or a base64/);
});

test('broken links name the link and field', () => {
  const withLinks = (links: unknown[]) => {
    const event = deployed05();
    event.context.links = links;
    return event;
  };
  rejects(withLinks([{ linkType: 'PATH' }]), 'context.links[0].from', /is required/);
  rejects(withLinks([{ linkType: 'END' }, { linkType: 'NEXT' }]), 'context.links[1].linkType', /one of: END/);
  rejects(withLinks([{ linkType: 'RELATION', target: {} }]), 'context.links[0].linkKind', /is required/);
});

test('absent optional fields are left out of the result', () => {
  const parsed = parseCdEvent(deployed05());
  assert.equal('customData' in parsed, false);
  assert.equal('subjectSource' in parsed, false);
  assert.equal('chainId' in parsed.context, false);
});

test('CDEVENTS_TYPE matches standard, draft and custom types only', () => {
  for (const type of [
    'dev.cdevents.service.deployed.0.3.0',
    'dev.cdevents.pipelinerun.finished.0.4.0-draft',
    'dev.cdeventsx.mytool-resource.created.0.1.0',
  ]) {
    assert.match(type, CDEVENTS_TYPE);
  }
  for (const type of [
    'dev.cdevents.service.deployed',
    'dev.cdevents.service.deployed.0.3',
    'dev.cdeventsx.resource.created.0.1.0',
    'com.example.service.deployed.0.3.0',
    'xdev.cdevents.service.deployed.0.3.0',
  ]) {
    assert.doesNotMatch(type, CDEVENTS_TYPE);
  }
});
