/**
 * docs/configuration.md cannot drift from the code: every environment variable the configuration
 * reads is documented there and every FIVEKEYS_* name documented is read; every key the YAML file
 * accepts is documented there or on its source's page.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { walkTokens } from 'marked';
import { loadConfig } from '../../src/config.ts';
import { markdownFiles, readDoc, tokensOf } from './markdown.ts';
import { yamlKeys } from './yaml-keys.ts';

/** The names loadConfig looks up, recorded by an environment that answers nothing. */
function variablesRead(): Set<string> {
  const read = new Set<string>();
  const env = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get: (_, name) => {
        if (typeof name === 'string') read.add(name);
        return undefined;
      },
    },
  );
  loadConfig(env, {});
  return read;
}

const reference = readDoc('docs/configuration.md');

test('every environment variable the configuration reads is in docs/configuration.md', () => {
  const read = [...variablesRead()];
  assert.ok(read.includes('FIVEKEYS_PORT') && read.includes('DATABASE_URL'), 'the proxy sees the reads');
  const missing = read.filter((name) => !new RegExp(`\\b${name}\\b`).test(reference));
  assert.deepEqual(missing, []);
});

test('every FIVEKEYS_* variable docs/configuration.md names is read by the configuration', () => {
  const read = variablesRead();
  const documented = new Set(reference.match(/\bFIVEKEYS_[A-Z0-9_]*[A-Z0-9]\b/g) ?? []);
  assert.deepEqual(
    [...documented].filter((name) => !read.has(name)),
    [],
  );
});

/** Code spans of the configuration page and the source pages, where the YAML keys are documented. */
function documentedKeys(): Set<string> {
  const spans = new Set<string>();
  const pages = markdownFiles().filter(
    (file) => file === 'docs/configuration.md' || file.startsWith('docs/sources/'),
  );
  for (const page of pages) {
    walkTokens(tokensOf(page), (token) => {
      if (token.type === 'codespan') spans.add(token.text);
    });
  }
  return spans;
}

test('every key of the YAML file is documented', () => {
  const spans = documentedKeys();
  // A mapping's change/deployment/incident take the native API's fields, documented once as such.
  const keys = yamlKeys()
    .map((key) => key.path)
    .filter((path) => !/^cloudevents\.mappings\[\]\.(change|deployment|incident)\./.test(path));
  assert.ok(keys.length > 100, `${keys.length} keys`);
  assert.deepEqual(
    keys.filter((path) => !spans.has(path)),
    [],
  );
});
