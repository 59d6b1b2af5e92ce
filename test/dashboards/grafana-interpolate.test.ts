import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expandMacros, goFloat, replaceVariables, type Variable } from './grafana-interpolate.ts';

const RANGE = { from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-09T00:00:00.250Z') };

const variable = (name: string, fields: Partial<Variable>): Variable => ({
  name,
  multi: true,
  includeAll: true,
  options: [],
  current: '$__all',
  ...fields,
});

const VARIABLES = new Map<string, Variable>([
  ['team', variable('team', { options: ['(none)', "o'brien"] })],
  ['service', variable('service', { options: ['cart', 'shop'], current: ['shop'] })],
  ['bucket', variable('bucket', { multi: false, includeAll: false, options: ['1d', '7d'], current: '7d' })],
  ['note', variable('note', { multi: false, includeAll: false, current: "it's" })],
]);

describe('variables, as the browser replaces them for the SQL data sources', () => {
  // [case, sql, expected]
  const cases: [string, string, string][] = [
    ['All is every option, quoted', 'team in ($team)', "team in ('(none)','o''brien')"],
    ['one value of a multi-value variable is quoted', 'service in ($service)', "service in ('shop')"],
    ['a plain variable is raw', '$__timeGroup(t, $bucket)', '$__timeGroup(t, 7d)'],
    ['a plain variable doubles its quotes', "'$note'", "'it''s'"],
    ['${name} and [[name]] are the same variable', '${service} [[service]]', "'shop' 'shop'"],
    ['the sqlstring format', '${team:sqlstring}', "'(none)','o''brien'"],
    ['the csv format', '${team:csv}', "(none),o'brien"],
    ['$__interval is the browser interval', '$__interval', '1h'],
    ['a name that is no variable stays', '$__timeFilter(t) and $nothing', '$__timeFilter(t) and $nothing'],
  ];
  for (const [name, sql, expected] of cases) {
    test(name, () => assert.equal(replaceVariables(sql, VARIABLES, '1h'), expected));
  }
});

describe('macros, as the server expands them', () => {
  // [case, sql, expected]
  const cases: [string, string, string][] = [
    [
      '$__timeFilter: BETWEEN the range in RFC 3339 (nanoseconds, trailing zeros dropped)',
      '$__timeFilter(finished_at)',
      "finished_at BETWEEN '2026-03-02T00:00:00Z' AND '2026-03-09T00:00:00.25Z'",
    ],
    [
      '$__timeFrom and $__timeTo',
      '$__timeFrom() $__timeTo()',
      "'2026-03-02T00:00:00Z' '2026-03-09T00:00:00.25Z'",
    ],
    [
      '$__timeGroupAlias with a quoted interval',
      "$__timeGroupAlias(finished_at, '1d')",
      'floor(extract(epoch from finished_at)/86400)*86400 AS "time"',
    ],
    [
      '$__timeGroup with a fill value',
      '$__timeGroup(finished_at, 7d, 0)',
      'floor(extract(epoch from finished_at)/604800)*604800',
    ],
    [
      '$__timeGroup followed by a comma gets its alias',
      '$__timeGroup(t, 1h), count(*)',
      'floor(extract(epoch from t)/3600)*3600 AS "time", count(*)',
    ],
    [
      '30 days print as Go prints 2592000.0',
      '$__timeGroup(t, 30d)',
      'floor(extract(epoch from t)/2.592e+06)*2.592e+06',
    ],
    [
      '$__time and $__timeEpoch',
      '$__time(t), $__timeEpoch(t)',
      't AS "time", extract(epoch from t) as "time"',
    ],
    ['$__unixEpochFilter', '$__unixEpochFilter(s)', 's >= 1772409600 AND s <= 1773014400'],
    ['$__interval_ms before $__interval', '$__interval_ms $__interval', '3600000 1h'],
  ];
  for (const [name, sql, expected] of cases) {
    test(name, () => assert.equal(expandMacros(sql, RANGE, '1h'), expected));
  }

  test('an unknown macro is an error, as in Grafana', () => {
    assert.throws(() => expandMacros('$__nothing(t)', RANGE, '1h'), /unknown macro/);
  });

  test('Go float formatting', () => {
    assert.deepEqual([86400, 604800, 999999, 1e6, 2592000, 0.5, 0.0001, 0.00001].map(goFloat), [
      '86400',
      '604800',
      '999999',
      '1e+06',
      '2.592e+06',
      '0.5',
      '0.0001',
      '1e-05',
    ]);
  });
});
