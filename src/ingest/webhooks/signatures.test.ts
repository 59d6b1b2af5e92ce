import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import {
  verifyFlux,
  verifyGitHub,
  verifyPagerDuty,
  verifyStandardWebhook,
  verifyToken,
} from './signatures.ts';

test('GitHub: the documented test vector verifies, and only with the right secret', async () => {
  const signature = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
  assert.equal(await verifyGitHub(["It's a Secret to Everybody"], 'Hello, World!', signature), true);
  assert.equal(await verifyGitHub(['another secret'], 'Hello, World!', signature), false);
  assert.equal(await verifyGitHub(["It's a Secret to Everybody"], 'Hello, World?', signature), false);
  assert.equal(await verifyGitHub(["It's a Secret to Everybody"], 'Hello, World!', undefined), false);
  assert.equal(await verifyGitHub([], 'Hello, World!', signature), false);
});

test('GitHub: during a rotation either secret verifies', async () => {
  const body = '{"zen":"Keep it logically awesome."}';
  assert.equal(await verifyGitHub(['new', 'old'], body, await sign('old', body)), true);
  assert.equal(await verifyGitHub(['new', 'old'], body, await sign('new', body)), true);
  assert.equal(await verifyGitHub(['new', 'old'], body, await sign('other', body)), false);
  assert.equal(await verifyGitHub(['new'], body, 'sha1=0123'), false);
});

test('GitLab tokens compare exactly, whatever their length', () => {
  assert.equal(verifyToken(['s3cret', 'older'], 'older'), true);
  assert.equal(verifyToken(['s3cret'], 's3cre'), false);
  assert.equal(verifyToken(['s3cret'], 's3cret '), false);
  assert.equal(verifyToken(['s3cret'], undefined), false);
});

test('Standard Webhooks signatures (GitLab signing token) verify over id.timestamp.body', () => {
  // The Standard Webhooks specification's example key and message.
  const key = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const body = '{"test": 2432232314}';
  const headers = {
    'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    'webhook-timestamp': '1614265330',
    'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };
  assert.equal(verifyStandardWebhook([key], headers, body), true);
  assert.equal(verifyStandardWebhook([key], { ...headers, 'webhook-timestamp': '1614265331' }, body), false);
  assert.equal(verifyStandardWebhook(['whsec_b3RoZXI=', key], headers, body), true);
  assert.equal(verifyStandardWebhook([key], { ...headers, 'webhook-signature': 'v1a,abc' }, body), false);
});

test('PagerDuty: any v1 signature in the list verifies', () => {
  const body = '{"event":{"id":"01"}}';
  const good = createHmac('sha256', 'pd-secret').update(body).digest('hex');
  assert.equal(verifyPagerDuty(['pd-secret'], body, `v1=${'0'.repeat(64)},v1=${good}`), true);
  assert.equal(verifyPagerDuty(['pd-secret'], body, `v2=${good}`), false);
  assert.equal(verifyPagerDuty(['other'], body, `v1=${good}`), false);
  assert.equal(verifyPagerDuty(['pd-secret'], body, undefined), false);
});

test('Flux generic-hmac: sha224 to sha512 prefixes verify', () => {
  const body = '{"reason":"ReconciliationSucceeded"}';
  for (const algorithm of ['sha224', 'sha256', 'sha384', 'sha512']) {
    const signature = createHmac(algorithm, 'flux-token').update(body).digest('hex');
    assert.equal(verifyFlux(['flux-token'], body, `${algorithm}=${signature}`), true, algorithm);
    assert.equal(verifyFlux(['other'], body, `${algorithm}=${signature}`), false, algorithm);
  }
  assert.equal(verifyFlux(['flux-token'], body, 'md5=abc'), false);
  assert.equal(verifyFlux(['flux-token'], body, undefined), false);
});
