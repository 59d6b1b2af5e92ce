/**
 * The README's walkthrough runs verbatim with bash against a real server on a fresh database, and
 * every command prints exactly what the README shows under it. Its times are relative to now, so
 * it holds whenever it runs.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { backends } from '../helpers/backends.ts';
import { startServer } from '../helpers/server.ts';
import { walkthroughSteps } from './walkthrough.ts';

const run = promisify(execFile);
const steps = walkthroughSteps();
const MARK = '--- fivekeys walkthrough step';

test('the walkthrough posts events and reads the metrics back', () => {
  assert.ok(steps.length >= 5, `${steps.length} steps`);
  assert.ok(steps.some((step) => step.command.includes('/api/v1/metrics')));
  assert.ok(steps.filter((step) => step.expected !== '').length >= 4, 'most steps show what they print');
});

for (const backend of backends()) {
  test(`the README walkthrough prints what the README shows (${backend.name})`, async () => {
    const testDb = await backend.create();
    const server = await startServer(testDb.db);
    try {
      // One shell for every step, as a reader pasting them into one terminal; a marker between
      // steps tells their outputs apart.
      const script = steps.map((step, index) => `echo '${MARK} ${index}'\n${step.command}`).join('\n');
      const { stdout } = await run('bash', ['-e', '-o', 'pipefail', '-c', script], {
        env: { ...process.env, FIVEKEYS: server.url },
        timeout: 60_000,
      });
      const outputs = stdout.split(new RegExp(`^${MARK} \\d+\\n`, 'm')).slice(1);
      assert.equal(outputs.length, steps.length, stdout);
      steps.forEach((step, index) => {
        assert.equal(
          outputs[index]!.trimEnd(),
          step.expected.trimEnd(),
          `step ${index + 1}:\n${step.command}`,
        );
      });
    } finally {
      await server.close();
      await testDb.drop();
    }
  });
}
