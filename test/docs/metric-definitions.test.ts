/**
 * The dashboard's "?" quotes docs/metrics.md: every sentence it shows must be there word for word
 * (Markdown emphasis and code marks aside), so the two cannot say different things.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFINITIONS, OVERALL_DEFINITION, STAGE_NOTES } from '../../web/src/metric-definitions.ts';
import { METRICS } from '../../web/src/metric-defs.ts';
import { readDoc } from './markdown.ts';

/** What a reader sees: no `**`, no backticks, one space between words. */
const plain = (text: string) =>
  text
    .replace(/\*\*|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
const docs = plain(readDoc('docs/metrics.md'));
/** A sentence may continue in the docs (a colon, a list): its closing full stop is not required. */
const inDocs = (sentence: string) => docs.includes(plain(sentence).replace(/\.$/, ''));

test('every card has a definition', () => {
  assert.deepEqual(
    METRICS.map((def) => def.key).filter((key) => !DEFINITIONS[key]),
    [],
  );
});

test('every definition sentence appears verbatim in docs/metrics.md', () => {
  const sentences = [
    ...Object.values(DEFINITIONS).flatMap((definition) => definition.sentences),
    OVERALL_DEFINITION,
    ...STAGE_NOTES,
  ];
  assert.ok(sentences.length >= 14);
  assert.deepEqual(
    sentences.filter((sentence) => !inDocs(sentence)),
    [],
  );
});

test('the check itself notices a changed word', () => {
  assert.equal(inDocs('Successful production deployments that started in the window.'), false);
});
