import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toCsv } from './csv.ts';

test('fields with quotes, commas and line breaks are quoted; lines end in CRLF', () => {
  assert.equal(
    toCsv(
      ['a', 'b'],
      [
        ['say "hi"', 'x,y'],
        ['two\nlines', null],
      ],
    ),
    'a,b\r\n"say ""hi""","x,y"\r\n"two\nlines",\r\n',
  );
});

test('cells a spreadsheet would run as a formula get an apostrophe; numbers stay numbers', () => {
  assert.equal(
    toCsv(['v'], [['=1+2'], ['+cmd'], ['-x'], ['@SUM(A1)'], ['\tTab'], [-5], [true]]),
    "v\r\n'=1+2\r\n'+cmd\r\n'-x\r\n'@SUM(A1)\r\n'\tTab\r\n-5\r\ntrue\r\n",
  );
});

test('a header alone is one line', () => {
  assert.equal(toCsv(['id', 'total'], []), 'id,total\r\n');
});
