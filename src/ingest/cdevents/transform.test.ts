import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cdeventsTransformer } from './transform.ts';

const ROOT = new URL('../../../../shared/fixtures/cdevents/', import.meta.url);
const skip = existsSync(ROOT) ? false : `the CDEvents fixtures are not at ${fileURLToPath(ROOT)}`;

/** The spec's example as a structured CloudEvent would carry it. */
function specExample(
  file: string,
  edit: (data: { subject: { content: Record<string, unknown> } }) => void = () => {},
) {
  const data = JSON.parse(readFileSync(new URL(file, ROOT), 'utf8')) as {
    context: { id: string; source: string; type: string };
    subject: { content: Record<string, unknown> };
  };
  edit(data);
  return {
    specversion: '1.0',
    id: data.context.id,
    source: data.context.source,
    type: data.context.type,
    data,
    extensions: {},
  };
}

test(
  'a finished pipeline run that deploys keeps the run page of the spec examples (0.5 uri, 0.4 url)',
  { skip },
  () => {
    const transform = cdeventsTransformer({ deploy_pipelines: ['myPipeline'] });
    for (const file of ['pipelinerun_finished.json', 'v0.4.1/pipelinerun_finished.json']) {
      const mapped = transform(specExample(file));
      assert.ok('events' in mapped, file);
      assert.equal(mapped.events.deployments[0]?.url, 'https://www.example.com/mySubject123', file);
    }
  },
);

test('a run url that is not http(s) is dropped', { skip }, () => {
  const transform = cdeventsTransformer({ deploy_pipelines: ['myPipeline'] });
  const mapped = transform(
    specExample('pipelinerun_finished.json', (data) => {
      data.subject.content.uri = 'javascript:alert(1)';
    }),
  );
  assert.ok('events' in mapped);
  assert.equal(mapped.events.deployments.length, 1);
  assert.equal(mapped.events.deployments[0]?.url, undefined);
});
