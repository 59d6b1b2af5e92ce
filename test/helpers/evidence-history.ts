/**
 * The evidence suites' history: the hand-built scenario week, a week of edge cases (negative spans,
 * open incidents, an uncounted severity, a staging incident, window edges, a sort tie) and demo data
 * months later, on a fresh database per suite.
 */
import assert from 'node:assert/strict';
import { loadDemo } from '../../src/service/demo/demo.ts';
import type { Backend, TestDb } from './backends.ts';
import { SCENARIO } from './scenario.ts';
import { startServer, type TestServer } from './server.ts';

const edge = (path: string, body: Record<string, unknown>) => ({ path: `/api/v1/${path}`, body });
const EDGE = [
  // Committed after its deployment finished: a negative lead time, excluded from n.
  edge('changes', {
    repository: 'acme/edge',
    sha: 'e1e1e1e1',
    parents: [],
    committed_at: '2026-03-10T12:00:00Z',
  }),
  // Exactly at the window's start: inside. Two deployments share one instant (a sort tie).
  edge('deployments', {
    id: 'e0',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-09T00:00:00Z',
  }),
  edge('deployments', {
    id: 'e0b',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-09T00:00:00Z',
  }),
  edge('deployments', {
    id: 'e1',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-10T11:00:00Z',
    commit: 'e1e1e1e1',
    version: '=1+2',
  }),
  // Failed by an incident still open: failed, not remediated.
  edge('incidents', {
    id: 'ei1',
    service: 'edge',
    severity: 'sev1',
    started_at: '2026-03-10T13:00:00Z',
    deployment: 'e1',
  }),
  // Failed, its incident resolved before the deployment finished: recovery negative, not measured.
  edge('deployments', {
    id: 'e2',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-11T10:00:00Z',
  }),
  edge('incidents', {
    id: 'ei2',
    service: 'edge',
    severity: 'sev1',
    started_at: '2026-03-11T08:00:00Z',
    resolved_at: '2026-03-11T09:00:00Z',
    deployment: 'e2',
  }),
  // An uncounted severity attributed to e3: e3 is not failed, the incident is not counted.
  edge('deployments', {
    id: 'e3',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-12T10:00:00Z',
  }),
  edge('incidents', {
    id: 'ei3',
    service: 'edge',
    severity: 'sev4',
    started_at: '2026-03-12T11:00:00Z',
    resolved_at: '2026-03-12T12:00:00Z',
    deployment: 'e3',
  }),
  // A staging incident: not counted. A failed attempt. A rollback by version.
  edge('incidents', {
    id: 'ei4',
    service: 'edge',
    environment: 'staging',
    started_at: '2026-03-13T11:00:00Z',
    resolved_at: '2026-03-13T12:00:00Z',
  }),
  edge('deployments', {
    id: 'e4',
    service: 'edge',
    environment: 'production',
    status: 'failure',
    finished_at: '2026-03-13T10:00:00Z',
  }),
  edge('deployments', {
    id: 'e5',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-14T10:00:00Z',
    version: 'v1',
  }),
  edge('deployments', {
    id: 'e6',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-14T11:00:00Z',
    version: 'v2',
  }),
  edge('deployments', {
    id: 'e7',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-14T12:00:00Z',
    version: 'v1',
  }),
  // Exactly at the window's end: outside.
  edge('deployments', {
    id: 'e8',
    service: 'edge',
    environment: 'production',
    status: 'success',
    finished_at: '2026-03-16T00:00:00Z',
  }),
];

/** The evidence list whose total each card's number is (docs/metrics.md). */
/** Windows over the history: the scenario week, the edge week, both, one service, the demo. */
export const WINDOWS = [
  'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z',
  'from=2026-03-09T00:00:00Z&to=2026-03-16T00:00:00Z',
  'from=2026-03-01T00:00:00Z&to=2026-03-17T00:00:00Z',
  'from=2026-03-09T00:00:00Z&to=2026-03-16T00:00:00Z&service=edge',
  'from=2026-04-17T00:00:00Z&to=2026-06-01T00:00:00Z',
  'from=2026-05-01T00:00:00Z&to=2026-06-01T00:00:00Z&environment=production',
] as const;

export async function startEvidenceServer(backend: Backend): Promise<{ testDb: TestDb; server: TestServer }> {
  const testDb = await backend.create();
  const server = await startServer(testDb.db);
  // sev4 is left out; the demo's severities stay counted.
  const put = await server.request('PUT', '/api/v1/settings', {
    json: { counted_severities: ['sev1', 'sev2', 'sev3'] },
  });
  assert.ok(put.status < 300, JSON.stringify(put.body));
  for (const event of [...SCENARIO, ...EDGE]) {
    const response = await server.post(event.path, event.body);
    assert.equal(response.status, 202, JSON.stringify(response.body));
  }
  await loadDemo(server.services, { days: 45, services: 3, seed: 11, end: new Date('2026-06-01T00:00:00Z') });
  return { testDb, server };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are inspected field by field
type Item = any;

/** Every page of a list, following `next_cursor`. */
export async function allPages(
  server: TestServer,
  list: string,
  query: string,
  limit: number,
): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const response = await server.get(`/api/v1/${list}?${query}&limit=${limit}${suffix}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    items.push(...response.body.items);
    cursor = response.body.next_cursor;
  } while (cursor !== null);
  return items;
}

export async function totalOf(server: TestServer, list: string, query: string): Promise<number> {
  const response = await server.get(`/api/v1/${list}?${query}&limit=1`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.total;
}
