/**
 * `helm template` for this chart, in the test only: there is no helm binary on this machine or in
 * npm. Loads Chart.yaml and values.yaml, overlays the given values as `--set`/`-f` would (maps
 * merged key by key, null deletes), renders every template whose name does not start with `_`,
 * and parses the YAML documents. The template subset is go-template-parse.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { parseTemplate, type Node } from './go-template-parse.ts';
import { execute, type Value } from './go-template-exec.ts';

export const CHART_DIR = new URL('../../deploy/helm/fivekeys/', import.meta.url).pathname;

type ValueMap = { [key: string]: Value };

export interface RenderedObject {
  /** The template file that produced it, e.g. templates/deployment.yaml. */
  file: string;
  object: Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string } };
}

export interface RenderOptions {
  values?: ValueMap;
  releaseName?: string;
  namespace?: string;
}

const isMap = (value: Value): value is ValueMap =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Helm's coalescing of user values over the chart's. */
export function mergeValues(base: ValueMap, overrides: ValueMap): ValueMap {
  const merged: ValueMap = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    if (value === null) delete merged[key];
    else merged[key] = isMap(current) && isMap(value) ? mergeValues(current, value) : value;
  }
  return merged;
}

export function chartValues(): ValueMap {
  return parse(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8')) as ValueMap;
}

/** Renders the chart to text per template file, as `helm template` prints it. */
export function renderChartText(options: RenderOptions = {}): Map<string, string> {
  const chart = parse(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8')) as ValueMap;
  const files = readdirSync(join(CHART_DIR, 'templates')).sort();
  const defines = new Map<string, Node[]>();
  const bodies = new Map<string, Node[]>();
  for (const file of files) {
    const template = parseTemplate(readFileSync(join(CHART_DIR, 'templates', file), 'utf8'), defines);
    if (!file.startsWith('_')) bodies.set(`templates/${file}`, template.body);
  }
  const root: ValueMap = {
    Values: mergeValues(chartValues(), options.values ?? {}),
    Release: {
      Name: options.releaseName ?? 'fivekeys',
      Namespace: options.namespace ?? 'fivekeys',
      Service: 'Helm',
      IsInstall: true,
      IsUpgrade: false,
      Revision: 1,
    },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
  };
  const rendered = new Map<string, string>();
  for (const [file, body] of bodies) rendered.set(file, execute(body, { dot: root, root, defines }));
  return rendered;
}

/** Renders and parses; empty documents (a template whose `if` was false) are dropped as helm does. */
export function renderChart(options: RenderOptions = {}): RenderedObject[] {
  const objects: RenderedObject[] = [];
  for (const [file, text] of renderChartText(options)) {
    for (const document of parseAllDocuments(text)) {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message}\n${text}`);
      const object = document.toJS() as RenderedObject['object'] | null;
      if (object !== null) objects.push({ file, object });
    }
  }
  return objects;
}
