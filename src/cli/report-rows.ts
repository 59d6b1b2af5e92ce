/**
 * The rows of a report, one per metric, as text cells shared by the terminal table and Markdown:
 * the value, its level, the sample it rests on, and with a previous period, that value and the
 * change (in the metric's unit, percentage points for rates).
 */
import type { Level } from '../model/facts.ts';
import type { Metrics } from './report-source.ts';

export interface ReportRow {
  metric: string;
  value: string;
  /** Undefined for rework rate, which DORA does not grade. */
  level: Level | null | undefined;
  sample: string;
  previous?: string;
  change?: string;
  /** Whether the change is an improvement; null when there is nothing to compare. */
  better?: boolean | null;
}

const NONE = '—';

interface MetricSpec {
  metric: string;
  /** What is compared; null when there is no value (n = 0). */
  value(m: Metrics): number | null;
  level(m: Metrics): Level | null | undefined;
  sample(m: Metrics): string;
  format(value: number, unit: Unit): string;
  delta(change: number, unit: Unit): string;
  higherIsBetter: boolean;
  /** The display unit, chosen from the current value so both periods read alike. */
  unit(value: number | null): Unit;
}

type Unit = 'day' | 'week' | 'month' | 'time' | 'rate';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const signed = (text: string, change: number) => (change > 0 ? `+${text}` : change < 0 ? `-${text}` : '±0');
const trimmed = (value: number, digits: number) => String(Number(value.toFixed(digits)));

const PER_UNIT = { day: 1, week: 7, month: 30 } as const;
const frequencyUnit = (perDay: number | null): Unit =>
  perDay === null || perDay >= 1 ? 'day' : perDay * 7 >= 1 ? 'week' : 'month';
const frequency = (perDay: number, unit: Unit) =>
  `${trimmed(perDay * PER_UNIT[unit as keyof typeof PER_UNIT], 2)}/${unit}`;

/** 9900 → `2h 45m`, 93600 → `1d 2h`: the two largest units. */
function duration(exact: number): string {
  const seconds = Math.round(exact);
  const parts: [number, string][] = [
    [Math.floor(seconds / 86400), 'd'],
    [Math.floor((seconds % 86400) / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'm'],
    [seconds % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return '0s';
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join(' ');
}

const percent = (rate: number) => `${trimmed(rate * 100, 1)}%`;

const timeSpec = (
  metric: string,
  pick: (m: Metrics) => { n: number; median_seconds: number | null; level: Level | null },
  noun: string,
): MetricSpec => ({
  metric,
  value: (m) => pick(m).median_seconds,
  level: (m) => pick(m).level,
  sample: (m) => `median of ${plural(pick(m).n, noun)}`,
  format: (value) => duration(value),
  delta: (change) => signed(duration(Math.abs(change)), change),
  higherIsBetter: false,
  unit: () => 'time',
});

const rateSpec = (
  metric: string,
  pick: (m: Metrics) => { part: number; total: number; rate: number | null; level?: Level | null },
): MetricSpec => ({
  metric,
  value: (m) => pick(m).rate,
  level: (m) => pick(m).level,
  sample: (m) => `${pick(m).part} of ${plural(pick(m).total, 'deployment')}`,
  format: (value) => percent(value),
  delta: (change) => signed(`${trimmed(Math.abs(change) * 100, 1)} pp`, change),
  higherIsBetter: false,
  unit: () => 'rate',
});

const SPECS: MetricSpec[] = [
  {
    metric: 'Deployment frequency',
    value: (m) => m.deployment_frequency.per_day,
    level: (m) => m.deployment_frequency.level,
    sample: (m) =>
      `${plural(m.deployment_frequency.count, 'deployment')} on ${plural(m.deployment_frequency.deploy_days, 'day')}`,
    format: frequency,
    delta: (change, unit) => signed(frequency(Math.abs(change), unit), change),
    higherIsBetter: true,
    unit: frequencyUnit,
  },
  timeSpec('Lead time for changes', (m) => m.lead_time, 'change'),
  rateSpec('Change failure rate', (m) => ({ ...m.change_failure_rate, part: m.change_failure_rate.failed })),
  timeSpec('Failed deployment recovery time', (m) => m.failed_deployment_recovery_time, 'failed deployment'),
  timeSpec('Time to restore service', (m) => m.time_to_restore, 'incident'),
  rateSpec('Deployment rework rate', (m) => ({
    ...m.rework_rate,
    part: m.rework_rate.rework,
    level: undefined,
  })),
];

export function reportRows(current: Metrics, previous?: Metrics): ReportRow[] {
  return SPECS.map((spec) => {
    const value = spec.value(current);
    const unit = spec.unit(value);
    const row: ReportRow = {
      metric: spec.metric,
      value: value === null ? NONE : spec.format(value, unit),
      level: spec.level(current),
      sample: spec.sample(current),
    };
    if (!previous) return row;
    const before = spec.value(previous);
    const difference = value === null || before === null ? null : value - before;
    // Float noise (0.5 - 0.3 - 0.2) is no change.
    const change = difference !== null && Math.abs(difference) < 1e-9 ? 0 : difference;
    return {
      ...row,
      previous: before === null ? NONE : spec.format(before, unit),
      change: change === null ? NONE : spec.delta(change, unit),
      better: change === null || change === 0 ? null : change > 0 === spec.higherIsBetter,
    };
  });
}

export const levelText = (level: Level | null | undefined) => (level === undefined ? '' : (level ?? NONE));
