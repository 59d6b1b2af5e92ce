/**
 * The test-only Go template renderer behaves as Go's text/template and Helm's functions do on the
 * chart's subset; the expected strings follow the text/template and Sprig documentation.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execute, type Value } from './go-template-exec.ts';
import { parseTemplate } from './go-template-parse.ts';

function render(source: string, data: Value = {}): string {
  const { body, defines } = parseTemplate(source);
  return execute(body, { dot: data, root: data, defines });
}

test('trim markers remove every space, tab and newline on their side only', () => {
  assert.equal(render('a \n {{- "b" -}} \n\t c'), 'abc');
  assert.equal(render('a {{ "b" }} c'), 'a b c');
  assert.equal(render('x:\n  {{- if true }}\n  y: 1\n  {{- end }}\n'), 'x:\n  y: 1\n');
  assert.equal(render('{{ -3 }}'), '-3');
});

test('if, else if and else pick the first true branch by Go truth', () => {
  const source = '{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}';
  assert.equal(render(source, { a: 'x' }), 'A');
  assert.equal(render(source, { a: '', b: [1] }), 'B');
  assert.equal(render(source, { a: 0, b: {} }), 'C');
  assert.equal(render(source, { a: false, b: [] }), 'C');
});

test('and, or, not, eq and ne', () => {
  const data = { mode: 'embedded', on: true, off: false };
  assert.equal(render('{{ if and .on (eq .mode "embedded") }}y{{ end }}', data), 'y');
  assert.equal(render('{{ if and .on (ne .mode "embedded") }}y{{ else }}n{{ end }}', data), 'n');
  assert.equal(render('{{ if or .off (not .off) }}y{{ end }}', data), 'y');
  // and stops at its first false argument (Go 1.18+): the missing field is never read.
  assert.equal(render('{{ if and .missing .missing.deeper }}y{{ else }}n{{ end }}', data), 'n');
});

test('default replaces any empty value, false and 0 included', () => {
  for (const value of [undefined, null, '', 0, false, [], {}]) {
    assert.equal(render('{{ default "d" .v }}', { v: value }), 'd');
  }
  assert.equal(render('{{ default "d" .v }}', { v: 'set' }), 'set');
});

test('toYaml sorts keys and leaves sequences unindented; nindent and indent pad each line', () => {
  const data = { m: { b: 1, a: ['x', 'y'] } };
  assert.equal(render('x:{{ toYaml .m | nindent 2 }}', data), 'x:\n  a:\n  - x\n  - y\n  b: 1');
  assert.equal(render('{{ toYaml .m | indent 4 }}', data), '    a:\n    - x\n    - y\n    b: 1');
  assert.equal(render('{{ toYaml .e }}', { e: {} }), '{}');
});

test('include, printf, quote and sha256sum', () => {
  const source =
    '{{- define "name" -}}{{ printf "%s-%s" .a .b }}{{- end -}}' +
    'n: {{ include "name" . | quote }} p: {{ .port | quote }} h: {{ "" | sha256sum }}';
  assert.equal(
    render(source, { a: 'x', b: 'y', port: 8080 }),
    'n: "x-y" p: "8080" h: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  );
  assert.equal(render('{{ .missing }}|{{/* a comment */}}|', {}), '|' + '|');
});

test('what Go or Helm would reject or print differently is refused', () => {
  assert.throws(() => render('{{ .a.b }}', {}), /nil pointer/);
  assert.throws(() => render('{{ eq .n "1" }}', { n: 1 }), /incompatible types/);
  assert.throws(() => render('{{ .n }}', { n: 1_000_000 }), /1e\+6/);
  assert.throws(() => render('{{ .m }}', { m: { a: 1 } }), /toYaml/);
  assert.throws(() => render('{{ range .l }}x{{ end }}', { l: [] }), /outside/);
  assert.throws(() => render('{{ upper "x" }}'), /outside/);
  assert.throws(() => render('{{ if true }}x'), /missing \{\{ end \}\}/);
  assert.throws(() => render('{{ include "nowhere" . }}'), /no template named/);
});
