/**
 * The Prometheus text format (0.0.4) for families whose samples come from the database rather than
 * from prom-client's in-process state: HELP and TYPE once per family, then its samples; a histogram
 * as cumulative `_bucket{le}` lines ending at `+Inf`, `_sum` and `_count`.
 */

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  labels: Labels;
  value: number;
}

export interface HistogramSample {
  labels: Labels;
  /** Cumulative counts, one per bound. */
  buckets: readonly number[];
  count: number;
  sum: number;
}

const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  if (pairs.length === 0) return '';
  return `{${pairs.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(',')}}`;
}

const header = (name: string, type: string, help: string) =>
  `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;

export function formatScalarFamily(
  name: string,
  type: 'counter' | 'gauge',
  help: string,
  samples: readonly Sample[],
): string {
  let text = header(name, type, help);
  for (const { labels, value } of samples) text += `${name}${formatLabels(labels)} ${formatValue(value)}\n`;
  return text;
}

export function formatHistogramFamily(
  name: string,
  help: string,
  bounds: readonly number[],
  samples: readonly HistogramSample[],
): string {
  let text = header(name, 'histogram', help);
  for (const { labels, buckets, count, sum } of samples) {
    bounds.forEach((bound, k) => {
      text += `${name}_bucket${formatLabels(labels, ['le', formatValue(bound)])} ${buckets[k] ?? count}\n`;
    });
    text += `${name}_bucket${formatLabels(labels, ['le', '+Inf'])} ${count}\n`;
    text += `${name}_sum${formatLabels(labels)} ${formatValue(sum)}\n`;
    text += `${name}_count${formatLabels(labels)} ${count}\n`;
  }
  return text;
}
