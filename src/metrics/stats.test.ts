import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mean, percentileCont, toSpans } from './stats.ts';

describe('percentileCont', () => {
  const cases: { name: string; values: number[]; p: number; expected: number }[] = [
    { name: 'one value is every percentile', values: [5], p: 0.9, expected: 5 },
    { name: 'median of an even count interpolates', values: [1, 2, 3, 4], p: 0.5, expected: 2.5 },
    { name: 'p90 of four values', values: [1, 2, 3, 4], p: 0.9, expected: 3.7 },
    { name: 'p75 of four values', values: [1, 2, 3, 4], p: 0.75, expected: 3.25 },
    { name: 'median of an odd count is the middle', values: [1, 2, 3], p: 0.5, expected: 2 },
    { name: 'p0 is the minimum', values: [1, 2, 3, 4], p: 0, expected: 1 },
    { name: 'p100 is the maximum', values: [1, 2, 3, 4], p: 1, expected: 4 },
    { name: 'duplicates stay put', values: [2, 2, 2, 2], p: 0.9, expected: 2 },
    { name: 'two values, p90', values: [10, 20], p: 0.9, expected: 19 },
    { name: 'two values, p25', values: [0, 100], p: 0.25, expected: 25 },
  ];
  for (const { name, values, p, expected } of cases) {
    test(name, () => assert.equal(percentileCont(values, p), expected));
  }

  test('an empty sample has no percentile', () => {
    assert.throws(() => percentileCont([], 0.5), RangeError);
  });

  test('a percentile outside [0, 1] is refused', () => {
    assert.throws(() => percentileCont([1, 2], 1.5), RangeError);
    assert.throws(() => percentileCont([1, 2], -0.1), RangeError);
  });
});

describe('mean', () => {
  const cases: { name: string; values: number[]; expected: number }[] = [
    { name: 'arithmetic mean', values: [1, 2, 3, 4], expected: 2.5 },
    { name: 'one value', values: [7], expected: 7 },
    { name: 'unsorted with duplicates', values: [9, 1, 1, 5], expected: 4 },
  ];
  for (const { name, values, expected } of cases) {
    test(name, () => assert.equal(mean(values), expected));
  }

  test('an empty sample has no mean', () => {
    assert.throws(() => mean([]), RangeError);
  });
});

describe('toSpans', () => {
  const cases: {
    name: string;
    pairs: [number, number][];
    expected: { seconds: number[]; excluded: number };
  }[] = [
    { name: 'nothing', pairs: [], expected: { seconds: [], excluded: 0 } },
    { name: 'milliseconds become seconds', pairs: [[0, 1500]], expected: { seconds: [1.5], excluded: 0 } },
    {
      name: 'sorted ascending whatever the arrival order',
      pairs: [
        [0, 3000],
        [0, 1000],
        [0, 2000],
      ],
      expected: { seconds: [1, 2, 3], excluded: 0 },
    },
    { name: 'a zero span is measured', pairs: [[5000, 5000]], expected: { seconds: [0], excluded: 0 } },
    {
      name: 'a backwards span (clock skew) is excluded, not clamped to 0',
      pairs: [
        [5000, 2000],
        [0, 1000],
      ],
      expected: { seconds: [1], excluded: 1 },
    },
  ];
  for (const { name, pairs, expected } of cases) {
    test(name, () => {
      const { seconds, excluded } = toSpans(pairs);
      assert.deepEqual({ seconds: Array.from(seconds), excluded }, expected);
    });
  }
});
