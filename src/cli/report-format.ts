/**
 * The three outputs of `fivekeys report`: a terminal table (coloured only when asked, i.e. on a
 * TTY), a GitHub-flavoured Markdown table for a PR comment or a wiki, and the API's JSON.
 */
import type { Level } from '../model/facts.ts';
import { levelText, reportRows, type ReportRow } from './report-rows.ts';
import type { Metrics } from './report-source.ts';

export const FORMATS = ['table', 'markdown', 'json'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export interface ReportView {
  current: Metrics;
  previous?: Metrics | undefined;
  /** The filters asked for (service, team, ...), shown under the title. */
  filters: Record<string, string | undefined>;
}

export function renderReport(view: ReportView, format: ReportFormat, colour = false): string {
  if (format === 'json') {
    const { current, previous } = view;
    return JSON.stringify(previous ? { ...current, previous } : current, null, 2);
  }
  return format === 'markdown' ? renderMarkdown(view) : renderTable(view, colour);
}

const instant = (text: string) => text.replace(/\.000Z$/, 'Z');
const span = ({ from, to }: { from: string; to: string }) => {
  const days = Number(((Date.parse(to) - Date.parse(from)) / 86_400_000).toFixed(2));
  return `${instant(from)} → ${instant(to)} (${days} ${days === 1 ? 'day' : 'days'})`;
};

/** Title, filters, and the windows that differ from the main one. */
function headerLines({ current, previous, filters }: ReportView): string[] {
  const lines = [
    `DORA metrics · ${span(current.window)} · benchmark ${current.benchmark} · ${current.timezone}`,
  ];
  const asked = Object.entries(filters).filter(([, value]) => value !== undefined);
  if (asked.length > 0) lines.push(asked.map(([name, value]) => `${name} ${value}`).join(' · '));
  const sameWindow = (w: { from: string; to: string }) =>
    w.from === current.window.from && w.to === current.window.to;
  if (!sameWindow(current.deployment_frequency.window)) {
    lines.push(`deployment frequency over ${span(current.deployment_frequency.window)}`);
  }
  if (!sameWindow(current.change_failure_rate.window)) {
    lines.push(`change failure rate over ${span(current.change_failure_rate.window)}`);
  }
  if (previous) lines.push(`compared with ${span(previous.window)}, the period before`);
  return lines;
}

const columns = (comparing: boolean) =>
  comparing
    ? ['Metric', 'Value', 'Level', 'Sample', 'Previous', 'Change']
    : ['Metric', 'Value', 'Level', 'Sample'];

const cells = (row: ReportRow, comparing: boolean) => {
  const base = [row.metric, row.value, levelText(row.level), row.sample];
  return comparing ? [...base, row.previous ?? '', row.change ?? ''] : base;
};

/** Value, Previous and Change are numbers: right-aligned. */
const RIGHT = new Set([1, 4, 5]);

function renderMarkdown(view: ReportView): string {
  const comparing = view.previous !== undefined;
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const line = (values: string[]) => `| ${values.map(escape).join(' | ')} |`;
  const header = columns(comparing);
  return [
    ...headerLines(view).map((text, index) => (index === 0 ? `**${escape(text)}**  ` : `${escape(text)}  `)),
    '',
    line(header),
    `| ${header.map((_, index) => (RIGHT.has(index) ? '--:' : ':--')).join(' | ')} |`,
    ...reportRows(view.current, view.previous).map((row) => line(cells(row, comparing))),
    '',
    `**Overall level: ${levelText(view.current.level)}**` +
      (view.previous ? ` (previous period: ${levelText(view.previous.level)})` : ''),
  ].join('\n');
}

const ANSI = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, blue: 34 } as const;
const LEVEL_COLOUR: Record<Level, keyof typeof ANSI> = {
  elite: 'green',
  high: 'blue',
  medium: 'yellow',
  low: 'red',
};

function renderTable(view: ReportView, colour: boolean): string {
  const paint = (style: keyof typeof ANSI | undefined, text: string) =>
    colour && style && text.trim() ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
  const comparing = view.previous !== undefined;
  const rows = reportRows(view.current, view.previous);
  const header = columns(comparing);
  const grid = [header, ...rows.map((row) => cells(row, comparing))];
  const widths = header.map((_, column) => Math.max(...grid.map((line) => line[column]!.length)));
  const pad = (text: string, column: number) =>
    RIGHT.has(column) ? text.padStart(widths[column]!) : text.padEnd(widths[column]!);
  const styleOf = (row: ReportRow, column: number): keyof typeof ANSI | undefined => {
    if (column === 2 && row.level) return LEVEL_COLOUR[row.level];
    if (column === 5 && row.better !== undefined)
      return row.better === null ? 'dim' : row.better ? 'green' : 'red';
    return undefined;
  };
  const body = rows.map((row, index) =>
    grid[index + 1]!.map((text, column) => paint(styleOf(row, column), pad(text, column)))
      .join('  ')
      .trimEnd(),
  );
  const overall = view.current.level;
  return [
    ...headerLines(view).map((text, index) => (index === 0 ? paint('bold', text) : text)),
    '',
    paint('bold', header.map(pad).join('  ').trimEnd()),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...body,
    '',
    `Overall level: ${overall ? paint(LEVEL_COLOUR[overall], overall) : levelText(overall)}` +
      (view.previous ? ` (previous period: ${levelText(view.previous.level)})` : ''),
  ].join('\n');
}
