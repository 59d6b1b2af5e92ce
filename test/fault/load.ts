/**
 * A load run for fault tests: concurrent senders post native deployments and changes, each with a
 * unique id, and record what fivekeys answered: acknowledged (2xx: it must be stored), refused
 * (503 + Retry-After, the database is busy or the server stopping: retry later) or lost (the
 * connection broke: unknown). Then the senders' retries, and the database checked for every event
 * exactly once.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Queryable } from '../../src/store/db.ts';
import { ADMIN_TOKEN } from '../helpers/fivekeys-process.ts';

export interface Sent {
  /** `d:<deployment id>` or `c:<sha>`, as `storedCounts` names rows. */
  key: string;
  path: string;
  body: Record<string, unknown>;
}

export interface LoadReport {
  acknowledged: Map<string, Sent>;
  /** Refused or lost: not acknowledged, so the sender still has to deliver them. */
  unacknowledged: Map<string, Sent>;
  refused: number;
  lost: number;
  /** Any other answer: another status, a 503 without Retry-After or code, a request past its deadline. */
  unexpected: string[];
  slowestMs: number;
}

export const REPOSITORY = 'fault/repo';
const START = Date.parse('2026-01-05T00:00:00Z');
const shaOf = (text: string) => createHash('sha1').update(text).digest('hex');

function event(prefix: string, n: number): Sent {
  const at = new Date(START + n * 1000).toISOString();
  if (n % 2 === 1) {
    const sha = shaOf(`${prefix}-${n}`);
    const body = { repository: REPOSITORY, sha, committed_at: at, author: 'dev', message: `change ${n}` };
    return { key: `c:${sha}`, path: '/api/v1/changes', body };
  }
  const id = `${prefix}-${n}`;
  const body = {
    id,
    service: `svc-${n % 5}`,
    environment: 'production',
    status: n % 10 === 0 ? 'failure' : 'success',
    finished_at: at,
    version: `v${n}`,
    repository: REPOSITORY,
    commit: shaOf(`${prefix}-${n - 1}`),
  };
  return { key: `d:${id}`, path: '/api/v1/deployments', body };
}

type Answer = { kind: 'ok' } | { kind: 'refused' } | { kind: 'lost' } | { kind: 'unexpected'; what: string };

export async function post(url: string, sent: Sent, timeoutMs = 20_000): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(url + sent.path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify(sent.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError')
      return { kind: 'unexpected', what: `${sent.key}: no answer in ${timeoutMs} ms` };
    return { kind: 'lost' };
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 200 && response.status < 300) return { kind: 'ok' };
  const code = /"code":"(\w+)"/.exec(text)?.[1];
  const retryLater = code === 'database_unavailable' || code === 'shutting_down';
  if (response.status === 503 && response.headers.get('retry-after') && retryLater) {
    return { kind: 'refused' };
  }
  return { kind: 'unexpected', what: `${sent.key}: ${response.status} ${text.slice(0, 300)}` };
}

export interface Load {
  report: LoadReport;
  /** Waits until `done(report)`; on timeout the error tells where the run stood. */
  waitFor(what: string, done: (report: LoadReport) => boolean, timeoutMs: number): Promise<void>;
  /** Stops the senders once their current request is answered (again: no effect). */
  stop(): Promise<LoadReport>;
}

export const summary = (report: LoadReport) =>
  `acknowledged ${report.acknowledged.size}, refused ${report.refused}, lost ${report.lost}, ` +
  `unexpected ${report.unexpected.length} ${report.unexpected.slice(0, 3).join(' | ')}`;

export function startLoad(url: string, prefix: string, senders = 16): Load {
  const report: LoadReport = {
    acknowledged: new Map(),
    unacknowledged: new Map(),
    refused: 0,
    lost: 0,
    unexpected: [],
    slowestMs: 0,
  };
  let next = 0;
  let stopped = false;
  const sender = async () => {
    while (!stopped) {
      const sent = event(prefix, next++);
      const started = performance.now();
      const answer = await post(url, sent);
      report.slowestMs = Math.max(report.slowestMs, performance.now() - started);
      if (answer.kind === 'ok') report.acknowledged.set(sent.key, sent);
      else report.unacknowledged.set(sent.key, sent);
      if (answer.kind === 'refused') report.refused += 1;
      if (answer.kind === 'lost') report.lost += 1;
      if (answer.kind === 'unexpected') report.unexpected.push(answer.what);
      // Retry-After says 5 s; a short pause keeps the test short while not spinning.
      if (answer.kind !== 'ok') await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const running = Promise.all(Array.from({ length: senders }, sender));
  return {
    report,
    async waitFor(what, done, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!done(report)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${summary(report)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      stopped = true;
      await running;
      return report;
    },
  };
}

/** What a sender does with what was not acknowledged: post again until acknowledged. */
export async function deliverAll(url: string, events: Iterable<Sent>, concurrency = 8): Promise<void> {
  const queue = [...events];
  const worker = async () => {
    for (let sent = queue.shift(); sent; sent = queue.shift()) {
      const deadline = Date.now() + 60_000;
      for (let answer = await post(url, sent); answer.kind !== 'ok'; answer = await post(url, sent)) {
        if (answer.kind === 'unexpected' || Date.now() > deadline) {
          assert.fail(`retry of ${sent.key} failed: ${JSON.stringify(answer)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** How many rows each event of this run has in the database, by key. */
export async function storedCounts(db: Queryable, prefix: string): Promise<Map<string, number>> {
  const rows = await db.query<{ key: string; count: number }>(
    `select 'd:' || external_id as key, count(*)::int as count from deployments
      where source = 'api' and external_id like $1 group by external_id
     union all
     select 'c:' || sha, count(*)::int from changes where repository = $2 group by sha`,
    [`${prefix}-%`, REPOSITORY],
  );
  return new Map(rows.map((row) => [row.key, Number(row.count)]));
}

export function assertStoredOnce(stored: Map<string, number>, keys: Iterable<string>, what: string): void {
  const missing: string[] = [];
  const duplicated: string[] = [];
  for (const key of keys) {
    const count = stored.get(key) ?? 0;
    if (count === 0) missing.push(key);
    if (count > 1) duplicated.push(`${key} ×${count}`);
  }
  assert.deepEqual({ missing, duplicated }, { missing: [], duplicated: [] }, what);
}
