/** The Grafana dashboards of dashboards/ and every query in them: panel targets, annotations, variables. */
import { readdirSync, readFileSync } from 'node:fs';

export interface DataSourceRef {
  type?: string;
  uid?: string;
}

export interface Target {
  refId: string;
  datasource?: DataSourceRef;
  rawSql?: string;
  format?: string;
  expr?: string;
}

export interface Panel {
  id: number;
  title: string;
  type: string;
  datasource?: DataSourceRef;
  targets?: Target[];
  /** A collapsed row holds its panels. */
  panels?: Panel[];
}

export interface TemplateVariable {
  name: string;
  type: string;
  datasource?: DataSourceRef;
  query?: string | { query?: string; rawSql?: string };
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  current?: { value?: string | string[] };
}

export interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: TemplateVariable[] };
  annotations: { list: { name: string; datasource?: DataSourceRef; target?: Target }[] };
}

export interface DashboardFile {
  file: string;
  dashboard: Dashboard;
}

export const POSTGRES_UID = 'fivekeys-postgres';
export const PROMETHEUS_UID = 'fivekeys-prometheus';

export const DASHBOARDS_DIR = new URL('../../dashboards/', import.meta.url);

export function loadDashboards(): DashboardFile[] {
  return readdirSync(DASHBOARDS_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      dashboard: JSON.parse(readFileSync(new URL(file, DASHBOARDS_DIR), 'utf8')) as Dashboard,
    }));
}

export function panelsOf(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

export interface PanelQuery {
  /** Where the query is, for messages: `panel 3 "Lead time" A`, `annotation "Deployments"`. */
  where: string;
  sql: string;
  panel?: Panel;
}

/** Every SQL of the panels and annotations (variables are resolved apart, in their order). */
export function sqlQueriesOf(dashboard: Dashboard): PanelQuery[] {
  const queries: PanelQuery[] = [];
  for (const panel of panelsOf(dashboard)) {
    for (const target of panel.targets ?? []) {
      if (target.rawSql !== undefined)
        queries.push({
          where: `panel ${panel.id} "${panel.title}" ${target.refId}`,
          sql: target.rawSql,
          panel,
        });
    }
  }
  for (const annotation of dashboard.annotations.list) {
    if (annotation.target?.rawSql !== undefined)
      queries.push({ where: `annotation "${annotation.name}"`, sql: annotation.target.rawSql });
  }
  return queries;
}

/** A query variable's text: a string (metricFindQuery) or an editor object. */
export function variableQuery(variable: TemplateVariable): string {
  const { query } = variable;
  const text = typeof query === 'string' ? query : (query?.rawSql ?? query?.query);
  if (text === undefined) throw new Error(`variable ${variable.name} has no query`);
  return text;
}

export const isPostgres = (ref: DataSourceRef | undefined) => ref?.uid === POSTGRES_UID;
