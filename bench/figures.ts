/**
 * The bench's output: rows of (section, label, value, unit, note) collected while it runs, printed
 * as one table at the end and written with the run's context to bench/results/<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';

export interface Figure {
  backend: string;
  section: string;
  label: string;
  value: number;
  unit: string;
  /** Target or ratio text, shown beside the value. */
  note?: string;
  /** 1-minute load average when the figure was taken (the machine is shared). */
  load: number;
}

export class Figures {
  readonly rows: Figure[] = [];
  readonly extra: Record<string, unknown> = {};

  add(row: Omit<Figure, 'load'>): void {
    const figure = { ...row, load: loadavg()[0]! };
    this.rows.push(figure);
    console.log(
      `  ${figure.backend} · ${figure.label}: ${format(figure.value, figure.unit)}${figure.note ? ` (${figure.note})` : ''} [load ${figure.load.toFixed(2)}]`,
    );
  }

  table(): string {
    const lines = [
      '| Backend | Section | Measure | Value | Target / ratio | Load (1 min) |',
      '|---|---|---|---:|---|---:|',
    ];
    for (const r of this.rows)
      lines.push(
        `| ${r.backend} | ${r.section} | ${r.label} | ${format(r.value, r.unit)} | ${r.note ?? ''} | ${r.load.toFixed(2)} |`,
      );
    return lines.join('\n');
  }

  write(context: Record<string, unknown>): string {
    mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    writeFileSync(file, JSON.stringify({ ...context, figures: this.rows, ...this.extra }, null, 2));
    return file;
  }
}

export function format(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'ms') return `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;
  if (unit === '×') return `${value.toFixed(2)}×`;
  if (unit === '%') return `${(value * 100).toFixed(0)}%`;
  return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
}
