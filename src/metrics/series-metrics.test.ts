import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChangeFact, IncidentFact } from '../model/facts.ts';
import { computeSeries } from './series.ts';
import {
  attempt,
  changeFact,
  deployed,
  incidentFact,
  points,
  t,
  type SeriesCase,
} from '../../test/helpers/metric-fixtures.ts';

const change = (committed: string | null, at: string): ChangeFact =>
  changeFact(committed === null ? null : t(committed), t(at));
const incident = (started: string, resolved: string): IncidentFact => incidentFact(t(started), t(resolved));

// Each metric's value per bucket, and the instant that assigns its facts to a bucket.
const cases: SeriesCase[] = [
  {
    // January: 1 h and 3 h. February: one skewed, one without commit time: no data. March: by deploy time.
    name: 'lead time by month of deployment',
    metric: 'lead-time',
    bucket: 'month',
    zone: 'UTC',
    window: ['2026-01-15T00:00Z', '2026-04-01T00:00Z'],
    input: {
      changes: [
        change('2026-01-20T09:00Z', '2026-01-20T10:00Z'),
        change('2026-01-25T10:00Z', '2026-01-25T13:00Z'),
        change('2026-01-09T10:00Z', '2026-01-10T10:00Z'),
        change('2026-02-10T11:00Z', '2026-02-10T10:00Z'),
        change(null, '2026-02-20T10:00Z'),
        change('2026-02-28T23:00Z', '2026-03-01T01:00Z'),
      ],
    },
    expected: points([
      ['2026-01-01T00:00Z', 7200, 2],
      ['2026-02-01T00:00Z', null, 0],
      ['2026-03-01T00:00Z', 7200, 1],
    ]),
  },
  {
    name: 'change failure rate: attempts alone are no data',
    metric: 'change-failure-rate',
    bucket: 'week',
    zone: 'UTC',
    window: ['2026-03-02T00:00Z', '2026-03-16T00:00Z'],
    input: {
      deployments: [
        deployed('2026-03-03T10:00Z', { hasIncident: true }),
        deployed('2026-03-04T10:00Z'),
        attempt('2026-03-05T10:00Z'),
        attempt('2026-03-10T10:00Z'),
      ],
    },
    expected: points([
      ['2026-03-02T00:00Z', 0.5, 2],
      ['2026-03-09T00:00Z', null, 0],
    ]),
  },
  {
    // Bucketed by resolution: started before the window but resolved in it counts; resolved at `to` does not.
    name: 'time to restore by day of resolution',
    metric: 'time-to-restore',
    bucket: 'day',
    zone: 'UTC',
    window: ['2026-03-02T00:00Z', '2026-03-04T00:00Z'],
    input: {
      incidents: [
        incident('2026-03-01T23:00Z', '2026-03-02T01:00Z'),
        incident('2026-03-02T10:00Z', '2026-03-03T10:00Z'),
        incident('2026-03-03T12:00Z', '2026-03-04T00:00Z'),
      ],
    },
    expected: points([
      ['2026-03-02T00:00Z', 7200, 1],
      ['2026-03-03T00:00Z', 86400, 1],
    ]),
  },
  {
    // Bucketed by the failed deployment's finish, even though it recovered the next day.
    name: 'failed deployment recovery by day of the failed deployment',
    metric: 'failed-deployment-recovery-time',
    bucket: 'day',
    zone: 'UTC',
    window: ['2026-03-02T00:00Z', '2026-03-04T00:00Z'],
    input: {
      deployments: [
        deployed('2026-03-02T22:00Z', { hasIncident: true, incidentsResolvedAt: t('2026-03-03T02:00Z') }),
        deployed('2026-03-03T10:00Z', { hasIncident: true }),
      ],
    },
    expected: points([
      ['2026-03-02T00:00Z', 14400, 1],
      ['2026-03-03T00:00Z', null, 0],
    ]),
  },
  {
    // 00:30 CET on March 1 is in March locally (still February in UTC); April is empty.
    name: 'rework rate by Berlin month',
    metric: 'rework-rate',
    bucket: 'month',
    zone: 'Europe/Berlin',
    window: ['2026-02-28T23:00Z', '2026-04-30T22:00Z'],
    input: {
      deployments: [deployed('2026-02-28T23:30Z', { kind: 'rollback' }), deployed('2026-03-15T10:00Z')],
    },
    expected: points([
      ['2026-02-28T23:00Z', 0.5, 2],
      ['2026-03-31T22:00Z', null, 0],
    ]),
  },
];

for (const { name, metric, input, window, bucket, zone, expected } of cases) {
  test(`${metric}: ${name}`, () => {
    assert.deepEqual(
      computeSeries(metric, input, { from: t(window[0]), to: t(window[1]) }, bucket, zone),
      expected,
    );
  });
}
