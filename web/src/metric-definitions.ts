/**
 * What each number means, in the words of docs/metrics.md: a test checks every sentence here
 * appears there verbatim, so the dashboard's "?" and the documentation cannot drift apart.
 * Pure and free of DOM types, so Node tests import it.
 */
import type { Metrics, Window } from './types.ts';

export interface MetricDefinition {
  /** Sentences quoted from docs/metrics.md (Markdown emphasis and code marks removed). */
  sentences: readonly string[];
  /** The metric's name in `GET /api/v1/benchmarks`; null when DORA publishes no bands for it. */
  bands: string | null;
  /** The window the value was computed over (deployment frequency and CFR carry their own). */
  window(m: Metrics): Window;
}

const whole = (m: Metrics) => m.window;

export const DEFINITIONS: Readonly<Record<string, MetricDefinition>> = {
  deployment_frequency: {
    sentences: [
      'Successful production deployments that finished in the window.',
      'The level uses the median number of deploy-days per calendar week, over the weeks that lie wholly inside the window (weeks without a deployment count as 0).',
    ],
    bands: 'deployment_frequency',
    window: (m) => m.deployment_frequency.window ?? m.window,
  },
  lead_time: {
    sentences: [
      'For each change, the time from its commit to the finish of the first successful production deployment that contains it.',
      'The commit time is committed_at, else authored_at.',
    ],
    bands: 'lead_time',
    window: whole,
  },
  change_failure_rate: {
    sentences: [
      'Of the successful production deployments that finished in the window, the share that failed.',
      'A deployment failed when a counted incident is attributed to it, or when the next successful deployment of the same service and environment is a rollback or a hotfix (it remediated this one).',
    ],
    bands: 'change_failure_rate',
    window: (m) => m.change_failure_rate.window ?? m.window,
  },
  failed_deployment_recovery_time: {
    sentences: [
      'For each failed deployment, the time from its finish to its recovery (DORA 2023 onwards).',
      "Recovery is the earlier of the remediating deployment's finish and the resolution of the last of its attributed incidents (once all of them are resolved).",
    ],
    bands: 'failed_deployment_recovery_time',
    window: whole,
  },
  time_to_restore: {
    sentences: [
      'Time to restore service is the 2021 metric, still reported.',
      'For each counted incident resolved in the window, the time from its start to its resolution (resolved_at − started_at).',
    ],
    bands: 'time_to_restore',
    window: whole,
  },
  rework_rate: {
    sentences: [
      'The share of successful production deployments in the window that were unplanned remediation (DORA 2024).',
      'A deployment is rework when it is a rollback or a hotfix, or is linked as fixing an incident (fixes_incidents).',
      'DORA publishes no bands for it, so it has no level.',
    ],
    bands: null,
    window: whole,
  },
};

export const OVERALL_DEFINITION =
  'The overall level is the lowest of deployment frequency, lead time, change failure rate and recovery (failed deployment recovery time for 2023 and 2024, time to restore for 2021), ignoring metrics without data; null when none has data.';

/** The lead-time stages the breakdown shows, in the order a change lives through them. */
export const STAGES = [
  { key: 'coding', title: 'Coding', span: 'commit → pull request opened' },
  { key: 'pickup', title: 'Pickup', span: 'opened → first review (not by the author)' },
  { key: 'review', title: 'Review', span: 'first review → merged' },
  { key: 'deploy', title: 'Deploy', span: 'merged → first production deployment' },
] as const;

export const STAGE_NOTES = [
  'Each stage is a median over its own changes, so the stage medians do not add up to the lead-time median.',
  'A stage whose ends are unknown, or whose span is negative, is left out of that stage only.',
] as const;
