/**
 * `fivekeys report` as a user runs it, over the scenario of test/helpers/scenario.ts posted through
 * the HTTP ingest path: every format is checked against what `GET /api/v1/metrics` answers for the
 * same window (whose values arrival-order.test.ts computes by hand), locally and with `--url`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SCENARIO } from '../helpers/scenario.ts';
import { startServer } from '../helpers/server.ts';
import { cliBackends, createCliDatabase, runCli, type CliDatabase } from './cli-database.ts';

const WEEK = ['--from', '2026-03-02T00:00:00Z', '--to', '2026-03-09T00:00:00Z'];
const TOKEN = 'admin-token-for-the-report-test';

/** The rows of the Markdown table: cells of every line that starts with a pipe. */
function markdownTable(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => {
      assert.match(line, /^\|.*\|$/, `a table line ends with a pipe: ${line}`);
      return line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim());
    });
}

const METRIC_ROWS = [
  'Deployment frequency',
  'Lead time for changes',
  'Change failure rate',
  'Failed deployment recovery time',
  'Time to restore service',
  'Deployment rework rate',
];

for (const backend of cliBackends()) {
  describe(`fivekeys report (${backend})`, () => {
    let database: CliDatabase;
    // The API's answers, as tests compare arbitrary JSON.
    const api: Record<string, any> = {}; // eslint-disable-line @typescript-eslint/no-explicit-any
    const report = (...args: string[]) => runCli(database.env, ['report', ...args]);

    before(async () => {
      database = await createCliDatabase(backend);
      await database.withDb(async (db) => {
        const server = await startServer(db);
        try {
          for (const event of SCENARIO) assert.equal((await server.post(event.path, event.body)).status, 202);
          const metrics = async (from: string, to: string) =>
            (await server.get(`/api/v1/metrics?from=${from}&to=${to}`)).body;
          api.week = await metrics('2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z');
          api.later = await metrics('2026-03-04T00:00:00Z', '2026-03-06T00:00:00Z');
          api.earlier = await metrics('2026-03-02T00:00:00Z', '2026-03-04T00:00:00Z');
        } finally {
          await server.close();
        }
      });
    });
    after(() => database.drop());

    test('--format json prints what /api/v1/metrics answers for the same window', async () => {
      const result = await report(...WEEK, '--format', 'json');
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), api.week);
      assert.equal(api.week.lead_time.median_seconds, 10800);
      const dates = await report('--from', '2026-03-02', '--to', '2026-03-09', '--format', 'json');
      assert.deepEqual(JSON.parse(dates.stdout), api.week, 'a date alone is midnight UTC');
    });

    test('--format markdown is a GitHub table: header, separator, one row per metric', async () => {
      const result = await report(...WEEK, '--format', 'markdown');
      assert.equal(result.status, 0, result.stderr);
      const [header, separator, ...rows] = markdownTable(result.stdout);
      assert.deepEqual(header, ['Metric', 'Value', 'Level', 'Sample']);
      assert.ok(
        separator!.every((cell) => /^:?-{2,}:?$/.test(cell)),
        `separator: ${separator}`,
      );
      assert.deepEqual(
        rows.map((row) => row.slice(0, 3)),
        [
          ['Deployment frequency', `${api.week.deployment_frequency.per_week}/week`, 'high'],
          ['Lead time for changes', `${api.week.lead_time.median_seconds / 3600}h`, 'elite'],
          ['Change failure rate', `${api.week.change_failure_rate.rate * 100}%`, 'low'],
          [
            'Failed deployment recovery time',
            `${api.week.failed_deployment_recovery_time.median_seconds / 3600}h`,
            'high',
          ],
          ['Time to restore service', '2h 45m', 'high'],
          ['Deployment rework rate', `${api.week.rework_rate.rate * 100}%`, ''],
        ],
      );
      assert.equal(api.week.time_to_restore.median_seconds, 2 * 3600 + 45 * 60);
      assert.equal(rows[0]![3], '6 deployments on 4 days');
      assert.equal(rows[2]![3], '3 of 6 deployments');
      assert.match(result.stdout, /\*\*Overall level: low\*\*/);
    });

    test('the table holds the numbers and levels, without colour codes when stdout is not a terminal', async () => {
      const result = await report(...WEEK, '--service', 'shop');
      assert.equal(result.status, 0, result.stderr);
      assert.ok(!result.stdout.includes('\u001b['), 'no ANSI escape');
      assert.match(result.stdout, /2026-03-02T00:00:00Z → 2026-03-09T00:00:00Z \(7 days\)/);
      assert.match(result.stdout, /^service shop$/m);
      for (const [metric, value, level] of [
        ['Deployment frequency', '6/week', 'high'],
        ['Lead time for changes', '3h', 'elite'],
        ['Change failure rate', '50%', 'low'],
        ['Failed deployment recovery time', '4h', 'high'],
        ['Time to restore service', '2h 45m', 'high'],
        ['Deployment rework rate', '50%', ''],
      ]) {
        assert.match(result.stdout, new RegExp(`^${metric} +${value} +${level}`, 'm'), metric);
      }
      assert.match(result.stdout, /^Overall level: low$/m);
    });

    test('--compare previous shows the previous period of the same length and the change', async () => {
      const later = [
        '--from',
        '2026-03-04T00:00:00Z',
        '--to',
        '2026-03-06T00:00:00Z',
        '--compare',
        'previous',
      ];
      const json = await report(...later, '--format', 'json');
      assert.equal(json.status, 0, json.stderr);
      const { previous, ...current } = JSON.parse(json.stdout);
      assert.deepEqual(current, api.later);
      assert.deepEqual(previous, api.earlier);

      const markdown = await report(...later, '--format', 'markdown');
      const [header, , ...rows] = markdownTable(markdown.stdout);
      assert.deepEqual(header, ['Metric', 'Value', 'Level', 'Sample', 'Previous', 'Change']);
      const byMetric = new Map(rows.map((row) => [row[0], row.slice(1)]));
      assert.deepEqual([...byMetric.keys()], METRIC_ROWS);
      // Lead time: c5 3h and c6 26h (median 14h 30m) against c1..c4 3h 2h 3h 2h (median 2h 30m).
      assert.equal(api.later.lead_time.median_seconds - api.earlier.lead_time.median_seconds, 12 * 3600);
      assert.deepEqual(byMetric.get('Lead time for changes'), [
        '14h 30m',
        'elite',
        'median of 2 changes',
        '2h 30m',
        '+12h',
      ]);
      // Failed: d5 of d5 d6 d8, against d3 and d4 of d1 d3 d4.
      assert.deepEqual(
        byMetric
          .get('Change failure rate')!
          .slice(0, 1)
          .concat(byMetric.get('Change failure rate')!.slice(3)),
        ['33.3%', '66.7%', '-33.3 pp'],
      );
      assert.deepEqual(byMetric.get('Deployment frequency')!.slice(3), ['1.5/day', '±0']);
      assert.deepEqual(byMetric.get('Time to restore service')!.slice(3), ['2h', '+1h 30m']);
      assert.match(markdown.stdout, /compared with 2026-03-02T00:00:00Z → 2026-03-04T00:00:00Z \(2 days\)/);
    });

    test('--url asks a remote fivekeys with the same query and prints the same report', async () => {
      await database.withDb(async (db) => {
        const server = await startServer(db, { adminToken: TOKEN });
        try {
          const remote = await report(...WEEK, '--format', 'json', '--url', server.url, '--token', TOKEN);
          assert.equal(remote.status, 0, remote.stderr);
          assert.deepEqual(JSON.parse(remote.stdout), api.week);
          const nothing = await report(
            ...WEEK,
            '--team',
            'nosuchteam',
            '--url',
            server.url,
            '--token',
            TOKEN,
          );
          assert.equal(nothing.status, 3);
          assert.match(nothing.stderr, /No team is named "nosuchteam"/);
          const compared = await report(
            ...['--from', '2026-03-04T00:00:00Z', '--to', '2026-03-06T00:00:00Z', '--compare', 'previous'],
            ...['--format', 'json', '--url', `${server.url}/`, '--token', TOKEN],
          );
          assert.deepEqual(JSON.parse(compared.stdout).previous, api.earlier);
          const anonymous = await report(...WEEK, '--url', server.url);
          assert.equal(anonymous.status, 1);
          assert.match(anonymous.stderr, /answered 401/);
        } finally {
          await server.close();
        }
      });
    });

    test('a --team or --service naming nothing prints the empty report, says so on stderr, exits 3', async () => {
      const result = await report(...WEEK, '--team', 'nosuchteam');
      assert.equal(result.status, 3, result.stderr);
      assert.match(result.stderr, /^warning: No team is named "nosuchteam"/m);
      assert.match(result.stdout, /Deployment frequency/);
      const both = await report(...WEEK, '--service', 'nosuchservice', '--format', 'json');
      assert.equal(both.status, 3);
      assert.match(both.stderr, /No service is named "nosuchservice"/);
      assert.deepEqual(
        JSON.parse(both.stdout).warnings.map((w: { field: string }) => w.field),
        ['service'],
      );
      const known = await report(...WEEK, '--service', 'shop');
      assert.equal(known.stderr, '');
      assert.equal(known.status, 0);
    });

    test('--last 90d is the 90 days ending now', async () => {
      const started = Date.now();
      const result = await report('--last', '90d', '--format', 'json');
      assert.equal(result.status, 0, result.stderr);
      const { window } = JSON.parse(result.stdout);
      const to = Date.parse(window.to);
      assert.ok(to >= started - 1000 && to <= Date.now(), window.to);
      assert.equal(to - Date.parse(window.from), 90 * 86_400_000);
    });

    test('a bad flag exits with code 2 and a message naming it', async () => {
      const cases = [
        [['--last', '9x'], '--last'],
        [['--last', '90d', '--from', '2026-01-01'], '--last'],
        [['--from', 'yesterday'], '--from'],
        [['--from', '2026-03-09', '--to', '2026-03-02'], '--from'],
        [['--format', 'xml'], '--format'],
        [['--compare', 'last-year'], '--compare'],
        [['--benchmark', '2022'], '--benchmark'],
        [['--token', 'secret'], '--token'],
        [['--url', 'not a url'], '--url'],
        [['--colour'], '--colour'],
      ] as const;
      // None of them reaches the database, so they may run side by side.
      const results = await Promise.all(cases.map(([args]) => report(...args)));
      results.forEach((result, index) => {
        const [args, flag] = cases[index]!;
        assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
        assert.ok(result.stderr.includes(flag), `${args.join(' ')}: ${result.stderr}`);
      });
    });
  });
}
