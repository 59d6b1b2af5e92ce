/**
 * `fivekeys doctor`'s judgement: facts → checks, each passed (✓), failed (✗) or a warning (!), with
 * what to do about it. Pure (the caller passes `now`), so every verdict is unit-tested; gathering
 * the facts is doctor-local.ts and doctor-remote.ts.
 */
import { ago, fail, judge, ok, tokenFix, warn, type Check } from './doctor-check.ts';
import type { DoctorFacts, LatestDeployment } from './doctor-facts.ts';
import { sourceChecks } from './doctor-source-checks.ts';
import { warningChecks } from './doctor-warning-checks.ts';

const pad = (version: number) => String(version).padStart(4, '0');

export type { Check } from './doctor-check.ts';

export function evaluateDoctor(facts: DoctorFacts, now: number): Check[] {
  const checks = [
    databaseCheck(facts),
    ...(facts.database.ok ? migrationChecks(facts) : []),
    ...endpointChecks(facts),
  ];
  // Without the database, or its tables, every other check would repeat the same failure.
  if (checks.some((check) => check.status === 'fail' && ['database', 'migrations'].includes(check.name))) {
    return checks;
  }
  return [
    ...checks,
    ...sourceChecks(facts, now),
    ...deploymentChecks(facts, now),
    ...warningChecks(facts, now),
  ];
}

function databaseCheck({ database, mode, target }: DoctorFacts): Check {
  if (database.ok) {
    const kind = { postgres: 'PostgreSQL', pglite: 'embedded PGlite', unknown: 'the database' }[
      database.value.kind
    ];
    return ok(
      'database',
      mode === 'remote' ? `${kind}, reachable from ${target}` : `${kind} reachable (${target})`,
    );
  }
  if (mode === 'remote') {
    return fail(
      'database',
      `${target}/readyz: ${database.error}`,
      'the server cannot reach its database: check its DATABASE_URL and that PostgreSQL accepts connections (the server log says why)',
    );
  }
  return fail(
    'database',
    `cannot open ${target}: ${database.error}`,
    target.startsWith('postgres')
      ? 'check DATABASE_URL (host, port, user, database name) and that PostgreSQL accepts connections'
      : 'set FIVEKEYS_DATA_DIR to the data folder of fivekeys serve (or DATABASE_URL), and stop any other fivekeys process holding it',
  );
}

function migrationChecks({ migrations }: DoctorFacts): Check[] {
  if (migrations === undefined) return [];
  if (!migrations.ok) return [fail('migrations', `cannot read schema_migrations: ${migrations.error}`)];
  const { applied, known } = migrations.value;
  const done = new Set(applied);
  const missing = known.filter((migration) => !done.has(migration.version));
  const unknown = applied.filter((version) => !known.some((migration) => migration.version === version));
  const fix = 'run fivekeys migrate (fivekeys serve also applies them when it starts)';
  if (missing.length === known.length)
    return [fail('migrations', 'none applied: the database is empty', fix)];
  if (missing.length > 0) {
    const names = missing.map((m) => `${pad(m.version)}_${m.name}`).join(', ');
    return [
      fail(
        'migrations',
        `${known.length - missing.length} of ${known.length} applied; missing ${names}`,
        fix,
      ),
    ];
  }
  const last = known.at(-1)!;
  const checks = [
    ok('migrations', `${known.length} of ${known.length} applied (latest ${pad(last.version)}_${last.name})`),
  ];
  if (unknown.length > 0) {
    checks.push(
      warn(
        'migrations',
        `the database also has ${unknown.map(pad).join(', ')}, unknown to this fivekeys: a newer version migrated it`,
        'upgrade this fivekeys to the version the server runs',
      ),
    );
  }
  return checks;
}

function endpointChecks({ endpoints, prometheus }: DoctorFacts): Check[] {
  const checks = (endpoints ?? []).map(({ path, answer }) =>
    answer.ok
      ? ok(path, `answers ${answer.value.status}`)
      : fail(path, answer.error, answer.status === 401 || answer.status === 403 ? tokenFix : undefined),
  );
  if (prometheus === undefined) return checks;
  if (!prometheus.ok) {
    const auth = prometheus.status === 401 || prometheus.status === 403;
    return [
      ...checks,
      fail(
        '/metrics',
        prometheus.error,
        auth
          ? 'pass --metrics-token with FIVEKEYS_METRICS_TOKEN when it is set, else a --token with the read scope'
          : undefined,
      ),
    ];
  }
  const own = prometheus.value.families.filter((name) => name.startsWith('fivekeys_')).length;
  const dora = prometheus.value.families.filter((name) => name.startsWith('dora_'));
  if (own === 0) return [...checks, fail('/metrics', 'no fivekeys_ families: is this a fivekeys?')];
  if (dora.length === 0) {
    return [
      ...checks,
      fail(
        '/metrics',
        `${own} fivekeys_ families but no dora_ DORA families: the scrape could not read the database`,
        'see fivekeys_dora_refresh_failures_total and the server log',
      ),
    ];
  }
  return [...checks, ok('/metrics', `${own} fivekeys_ families and the DORA families ${dora.join(', ')}`)];
}

function deploymentChecks(facts: DoctorFacts, now: number): Check[] {
  const checks: Check[] = [];
  const recent = facts.recentDeployment;
  const production = facts.productionDeployment;
  if (recent !== undefined) {
    checks.push(
      judge('deployments', recent, (latest) =>
        latest === null
          ? fail(
              'deployments',
              'none in the last 30 days',
              'send deployments: POST /api/v1/deployments, a source webhook (GitHub, GitLab, Argo CD, Flux…), or fivekeys import',
            )
          : ok('deployments', `latest in the last 30 days: ${describe(latest, now)}`),
      ),
    );
  }
  if (production !== undefined) {
    checks.push(
      judge('production', production, (latest) =>
        latest === null
          ? fail(
              'production',
              'no production deployments: metrics will be empty',
              sendOne(facts.baseUrl, now),
            )
          : ok('production', `latest production deployment: ${describe(latest, now)}`),
      ),
    );
  }
  return checks;
}

function sendOne(baseUrl: string, now: number): string {
  const body = JSON.stringify({
    service: 'shop',
    environment: 'production',
    status: 'success',
    finished_at: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  });
  return `send one with curl -X POST ${baseUrl}/api/v1/deployments -H 'content-type: application/json' -d '${body}' (with -H 'authorization: Bearer <ingest token>' when authentication is on); if production has another name, set settings.production_pattern or the service's production_environments`;
}

const describe = (latest: LatestDeployment, now: number) =>
  `${latest.service} to ${latest.environment} ${ago(Date.parse(latest.finished_at), now)}`;
