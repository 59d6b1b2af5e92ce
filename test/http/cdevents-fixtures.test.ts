/**
 * Every official CDEvents example (../shared/fixtures/cdevents, 0.5.1 and 0.4.1, 45 types each)
 * posted in binary mode, as the spec's CloudEvents binding sends them, to a listening server: all are
 * stored and acknowledged, the DORA-relevant ones produce the normalized rows, the others are kept
 * raw with the reason they produced nothing. Skipped when ../shared is not beside the project.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { backends } from '../helpers/backends.ts';
import { startServer } from '../helpers/server.ts';

const ROOT = new URL('../../../shared/fixtures/cdevents/', import.meta.url);
const skip = existsSync(ROOT) ? false : `the CDEvents fixtures are not at ${fileURLToPath(ROOT)}`;

interface Example {
  file: string;
  body: string;
  type: string;
  source: string;
}

function examples(dir: string): Example[] {
  return readdirSync(new URL(dir, ROOT))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => {
      const body = readFileSync(new URL(dir + file, ROOT), 'utf8');
      const context = (JSON.parse(body) as { context: { type: string; source: string } }).context;
      return { file: dir + file, body, type: context.type, source: context.source };
    });
}

/** What the DORA-relevant examples become (by file name; both releases carry the same values). */
const PRODUCES: Record<
  string,
  Partial<Record<'changes' | 'deployments' | 'incidents' | 'artifacts', number>>
> = {
  'change_created.json': { changes: 1 },
  'change_reviewed.json': { changes: 1 },
  'change_merged.json': { changes: 1 },
  'artifact_packaged.json': { artifacts: 1 },
  'service_deployed.json': { deployments: 1 },
  'service_upgraded.json': { deployments: 1 },
  'service_rolledback.json': { deployments: 1 },
  'incident_detected.json': { incidents: 1 },
  'incident_reported.json': { incidents: 1 },
  'incident_resolved.json': { incidents: 1 },
};

for (const backend of backends()) {
  describe(`the official CDEvents examples (${backend.name})`, { skip }, () => {
    test('are all stored and acknowledged; the DORA-relevant ones become rows', async () => {
      const testDb = await backend.create();
      const server = await startServer(testDb.db);
      try {
        const all = [...examples(''), ...examples('v0.4.1/')];
        assert.equal(all.length, 90);
        for (const example of all) {
          // The examples share one context id; the CloudEvent id must be unique per event.
          const response = await server.request('POST', '/api/v1/cloudevents', {
            body: example.body,
            headers: {
              'content-type': 'application/json',
              'ce-specversion': '1.0',
              'ce-id': example.file,
              'ce-source': example.source,
              'ce-type': example.type,
            },
          });
          assert.equal(response.status, 200, `${example.file}: ${JSON.stringify(response.body)}`);
          assert.equal(response.body.status, 'stored', example.file);
          const [raw] = await testDb.db.query<{
            outcome: { status: string; counts: Record<string, number>; reasons?: string[] };
          }>(`select outcome from raw_requests where delivery_id = $1`, [
            `${example.source}\n${example.file}\n${example.type}`,
          ]);
          const expected = PRODUCES[example.file.replace('v0.4.1/', '')];
          const counts = Object.fromEntries(Object.entries(raw!.outcome.counts).filter(([, n]) => n > 0));
          if (expected) {
            assert.deepEqual(counts, expected, example.file);
            assert.equal(raw!.outcome.status, 'mapped', example.file);
          } else {
            assert.deepEqual(counts, {}, example.file);
            assert.equal(raw!.outcome.status, 'ignored', example.file);
            assert.ok(raw!.outcome.reasons?.[0], `${example.file} says why it produced nothing`);
          }
        }

        const deployments = await testDb.db.query<Record<string, unknown>>(
          `select service, environment, status, kind, version, to_char(finished_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as finished
             from deployments where external_id = $1`,
          ['/event/source/123 service_rolledback.json'],
        );
        assert.deepEqual(deployments, [
          {
            service: 'mySubject123',
            environment: 'test123',
            status: 'success',
            kind: 'rollback',
            version:
              'pkg:oci/myapp@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427',
            finished: '2023-03-20T14:27:05',
          },
        ]);
        const incidents = await testDb.db.query<Record<string, unknown>>(
          `select external_id, service, environment, title, start_reported, resolved_at is not null as resolved
             from incidents`,
        );
        assert.deepEqual(incidents, [
          {
            external_id: 'incident-123',
            service: 'myApp',
            environment: 'prod1',
            title: 'Response time above threshold of 100ms',
            start_reported: true,
            resolved: true,
          },
        ]);
        const [artifact] = await testDb.db.query<{ id: string; commit: string; repository: string }>(
          'select id, commit, repository from artifacts',
        );
        assert.deepEqual(artifact, {
          id: 'pkg:golang/mygit.com/myorg/myapp@234fd47e07d1004f0aed9c',
          commit: 'myChange123',
          repository: 'my-git.example/an-org/a-repo',
        });
      } finally {
        await server.close();
        await testDb.drop();
      }
    });
  });
}
