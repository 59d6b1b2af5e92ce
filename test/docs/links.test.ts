/**
 * The README and docs/ are the only documentation users get: every relative link and anchor must
 * land, nothing may point outside the repository (except web addresses), and no page may lean on
 * notes users never see.
 */
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'node:test';
import { ROOT, anchorsOf, linksOf, markdownFiles, readDoc } from './markdown.ts';

const files = markdownFiles();

test('the docs folder holds the pages the README links to', () => {
  assert.ok(files.length > 10, `only ${files.length} Markdown files`);
});

for (const file of files) {
  test(`${file}: every link resolves inside the repository`, () => {
    const problems: string[] = [];
    for (const href of linksOf(file)) {
      if (/^https?:\/\//.test(href)) continue;
      if (/^[a-z][a-z0-9+.-]*:/i.test(href)) {
        problems.push(`${href}: only http(s) addresses may leave the repository`);
        continue;
      }
      const [path = '', anchor] = href.split('#', 2);
      const target = path === '' ? file : normalize(join(dirname(file), decodeURIComponent(path)));
      if (path.startsWith('/') || relative(ROOT, join(ROOT, target)).startsWith('..')) {
        problems.push(`${href}: outside the repository`);
        continue;
      }
      if (!existsSync(join(ROOT, target))) {
        problems.push(`${href}: ${target} does not exist`);
        continue;
      }
      if (anchor !== undefined) {
        if (!target.endsWith('.md') || statSync(join(ROOT, target)).isDirectory()) {
          problems.push(`${href}: an anchor into a file that is not Markdown`);
        } else if (!anchorsOf(target).has(anchor)) {
          problems.push(`${href}: ${target} has no heading #${anchor}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  test(`${file}: no reference to material users cannot see`, () => {
    const text = readDoc(file);
    const forbidden = [
      /\.\.\/shared/,
      /\bDESIGN\.md\b/,
      /\bCONVENTIONS\.md\b/,
      /\bSTANDARDS\.md\b/,
      /\bPEERS\.md\b/,
      /\bthe guide\b/i,
      /\bissue #?\d+/i,
      /(^|[\s(])#\d+\b/m,
    ];
    assert.deepEqual(
      forbidden.filter((pattern) => pattern.test(text)).map(String),
      [],
      'the repository must explain itself',
    );
  });
}
