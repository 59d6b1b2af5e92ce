/**
 * Window gauges beside the all-history counters and histograms: the values of `/api/v1/metrics`
 * for the last 30 days per label set. `increase()` over a counter only sees what changed while
 * Prometheus was scraping, so history loaded before its first scrape (an import, the demo) read as
 * "0 deployments, lead time NaN"; these gauges carry it from the first scrape.
 *
 * All label sets come from one grouped pass per kind of fact (a `/api/v1/metrics` computation per
 * label set took 11 s at 200 services), through the functions of metrics/ the report uses, so each
 * gauge equals the API's answer with the label set's service and environment as filters.
 */
import { countedFinishes } from '../../metrics/deployment-frequency.ts';
import { computeFailedDeploymentRecovery, computeTimeToRestore } from '../../metrics/recovery.ts';
import type { DeploymentFact, IncidentFact, Window } from '../../model/facts.ts';
import type { Queryable } from '../../store/db.ts';
import { selectLabelledDeploymentFacts, type LabelSet } from '../../store/prometheus-facts.ts';
import {
  selectLeadTimeMedians,
  selectStreamIncidentFacts,
  type StreamKey,
} from '../../store/prometheus-window-facts.ts';
import { formatScalarFamily, type Sample } from './prometheus-exposition.ts';

const DAY_MS = 86_400_000;
const WINDOW = { name: '30d', days: 30 } as const;

interface StreamFacts {
  deployments: DeploymentFact[];
  incidents: IncidentFact[];
  leadTimeMedian: number | null;
}

type Values = Record<(typeof GAUGES)[number]['name'], number | null>;

const GAUGES = [
  {
    name: 'dora_deployments',
    help: 'Successful production deployments in the window (a count), history loaded before the first scrape included.',
  },
  {
    name: 'dora_lead_time_median_seconds',
    help: 'Median change lead time in seconds, commit to first successful production deployment, over the window.',
  },
  {
    name: 'dora_mttr_median_seconds',
    help: 'Median time to restore service in seconds, counted incidents resolved in the window.',
  },
  {
    name: 'dora_failed_deployment_recovery_median_seconds',
    help: 'Median failed deployment recovery time in seconds, failed deployments of the window.',
  },
] as const;

const keyOf = ({ service, environment }: StreamKey) => JSON.stringify([service, environment]);

/** The window's facts of every stream, selected once and grouped by (service, environment). */
async function selectStreams(db: Queryable, window: Window): Promise<Map<string, StreamFacts>> {
  const from = new Date(window.from);
  const to = new Date(window.to);
  const [deployments, medians, incidents] = await Promise.all([
    selectLabelledDeploymentFacts(db, from, to),
    selectLeadTimeMedians(db, from, to),
    selectStreamIncidentFacts(db, from, to),
  ]);
  const streams = new Map<string, StreamFacts>();
  const streamOf = (key: StreamKey) => {
    let stream = streams.get(keyOf(key));
    if (stream === undefined) {
      stream = { deployments: [], incidents: [], leadTimeMedian: null };
      streams.set(keyOf(key), stream);
    }
    return stream;
  };
  for (const fact of deployments) streamOf(fact).deployments.push(fact);
  for (const fact of incidents) streamOf(fact).incidents.push(fact);
  for (const row of medians) streamOf(row).leadTimeMedian = row.median;
  return streams;
}

/** What `/api/v1/metrics` answers for one stream's facts; no benchmark bands, as no level is shown. */
const valuesOf = (stream: StreamFacts | undefined, window: Window): Values => ({
  dora_deployments: countedFinishes(stream?.deployments ?? [], window).length,
  dora_lead_time_median_seconds: stream?.leadTimeMedian ?? null,
  dora_mttr_median_seconds: computeTimeToRestore(stream?.incidents ?? [], []).median_seconds,
  dora_failed_deployment_recovery_median_seconds: computeFailedDeploymentRecovery(
    stream?.deployments ?? [],
    [],
  ).median_seconds,
});

/** The gauges of every label set; no sample where the API answers null (nothing to take a median of). */
export async function renderWindowFamilies(
  db: Queryable,
  labelSets: readonly LabelSet[],
  now: number,
): Promise<string> {
  const window: Window = { from: now - WINDOW.days * DAY_MS, to: now };
  const streams = await selectStreams(db, window);
  const rows = labelSets.map((set) => ({
    labels: { window: WINDOW.name, ...set },
    values: valuesOf(streams.get(keyOf(set)), window),
  }));
  return GAUGES.map(({ name, help }) => {
    const samples: Sample[] = rows.flatMap(({ labels, values }) => {
      const value = values[name];
      return value === null ? [] : [{ labels, value }];
    });
    return formatScalarFamily(name, 'gauge', `${help} Labelled window="${WINDOW.name}".`, samples);
  }).join('');
}
