/** The dashboard files hold together: ids, data sources, the variables and metric names they rely on. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import {
  DASHBOARDS_DIR,
  loadDashboards,
  panelsOf,
  POSTGRES_UID,
  PROMETHEUS_UID,
  type DataSourceRef,
} from './dashboard-files.ts';

const TYPES: Record<string, string> = {
  [POSTGRES_UID]: 'grafana-postgresql-datasource',
  [PROMETHEUS_UID]: 'prometheus',
};

/** The dora_* families of GET /metrics, histograms with their series. */
const METRICS = new Set([
  'dora_deployment_frequency_total',
  'dora_change_failure_rate',
  'dora_rework_rate',
  'dora_deployments',
  'dora_lead_time_median_seconds',
  'dora_mttr_median_seconds',
  'dora_failed_deployment_recovery_median_seconds',
  ...['dora_lead_time_seconds', 'dora_mttr_seconds', 'dora_failed_deployment_recovery_seconds'].flatMap(
    (histogram) => ['bucket', 'sum', 'count'].map((series) => `${histogram}_${series}`),
  ),
]);

/** Every `datasource` value anywhere in the JSON. */
function dataSources(node: unknown, found: unknown[] = []): unknown[] {
  if (Array.isArray(node)) node.forEach((item) => dataSources(item, found));
  else if (node !== null && typeof node === 'object')
    for (const [key, value] of Object.entries(node)) {
      if (key === 'datasource') found.push(value);
      else dataSources(value, found);
    }
  return found;
}

const FILTERS = ['team', 'application', 'service', 'environment'];

for (const { file, dashboard } of loadDashboards()) {
  describe(file, () => {
    test('is named after its uid, on schema version 39, with no import placeholders', () => {
      assert.equal(file, `${dashboard.uid}.json`);
      assert.equal(dashboard.schemaVersion, 39);
      const text = readFileSync(new URL(file, DASHBOARDS_DIR), 'utf8');
      assert.doesNotMatch(text, /\$\{DS_|__inputs/);
    });

    test('panel ids are unique', () => {
      const ids = panelsOf(dashboard).map((panel) => panel.id);
      assert.deepEqual([...new Set(ids)], ids);
    });

    test('refers to the fivekeys data sources only, by uid', () => {
      const refs = dataSources(dashboard);
      assert.ok(refs.length > 0);
      for (const ref of refs as DataSourceRef[]) {
        assert.equal(typeof ref, 'object', JSON.stringify(ref));
        assert.ok(ref.uid !== undefined && ref.uid in TYPES, `unknown data source ${JSON.stringify(ref)}`);
        assert.equal(ref.type, TYPES[ref.uid]);
      }
    });

    test('filters by team, application, service and environment, several values or all', () => {
      const variables = dashboard.templating.list.filter((variable) => FILTERS.includes(variable.name));
      assert.deepEqual(
        variables.map((variable) => variable.name),
        FILTERS,
      );
      for (const variable of variables) assert.ok(variable.multi && variable.includeAll, variable.name);
    });

    test('Prometheus queries name only the dora_* families of GET /metrics', () => {
      const texts = [
        ...panelsOf(dashboard).flatMap((panel) => (panel.targets ?? []).map((target) => target.expr ?? '')),
        ...dashboard.templating.list.map((variable) => JSON.stringify(variable.query ?? '')),
      ];
      for (const name of texts.flatMap((text) => text.match(/\bdora_\w+/g) ?? []))
        assert.ok(METRICS.has(name), `${name} is not exported`);
    });

    test('Prometheus stats read the window gauges: increase() misses history older than the first scrape', () => {
      const stats = panelsOf(dashboard).filter(
        (panel) => panel.type === 'stat' && panel.datasource?.uid === PROMETHEUS_UID,
      );
      for (const panel of stats)
        for (const target of panel.targets ?? [])
          assert.doesNotMatch(target.expr ?? '', /increase\(/, `${panel.title} counts only what was scraped`);
    });
  });
}

describe('provisioning', () => {
  const read = (path: string) => parse(readFileSync(new URL(path, DASHBOARDS_DIR), 'utf8'));

  test('provides both data sources under the uids the dashboards use', () => {
    const { datasources } = read('provisioning/datasources/fivekeys.yaml') as {
      datasources: { uid: string; type: string }[];
    };
    assert.deepEqual(
      datasources.map(({ uid, type }) => [uid, type]),
      Object.entries(TYPES),
    );
  });

  test('loads the dashboards from files', () => {
    const { providers } = read('provisioning/dashboards/fivekeys.yaml') as {
      providers: { type: string; options: { path: string } }[];
    };
    assert.equal(providers[0]?.type, 'file');
    assert.ok(providers[0]?.options.path);
  });
});
