/**
 * Change lead time (DESIGN.md §3.2): commit → first successful production deployment, over changes
 * whose first deployment finished in the window, plus the pull-request stages when they are known.
 */
import {
  LEAD_TIME_SPANS,
  type BenchmarkBand,
  type ChangeFact,
  type LeadTimeFact,
  type LeadTimeStats,
  type Level,
  type SpanStats,
} from '../model/facts.ts';
import { levelFor } from './levels.ts';
import { spanStats, spansOf } from './stats.ts';

export interface StageSummary {
  n: number;
  median_seconds: number | null;
  p75_seconds: number | null;
  mean_seconds: number | null;
}

export interface LeadTimeStages {
  coding: StageSummary;
  pickup: StageSummary;
  review: StageSummary;
  deploy: StageSummary;
  review_lead_time: StageSummary;
  deployment_lead_time: StageSummary;
}

export interface LeadTime {
  n: number;
  median_seconds: number | null;
  p75_seconds: number | null;
  p90_seconds: number | null;
  mean_seconds: number | null;
  excluded: number;
  /** Of the n changes measured, those that came through a pull request (its opening or merge known). */
  with_pull_request: number;
  stages: LeadTimeStages;
  level: Level | null;
}

type Stage = keyof LeadTimeStages;
const STAGES: readonly Stage[] = [
  'coding',
  'pickup',
  'review',
  'deploy',
  'review_lead_time',
  'deployment_lead_time',
];

/** One change's stage spans in seconds; null where an end is unknown (the evidence of the medians). */
export function changeStages(fact: ChangeFact): Record<Stage, number | null> {
  const span = (stage: Stage) => {
    const [start, end] = LEAD_TIME_SPANS[stage];
    const from = fact[start];
    const to = fact[end];
    return from === null || to === null ? null : (to - from) / 1000;
  };
  return Object.fromEntries(STAGES.map((stage) => [stage, span(stage)])) as Record<Stage, number | null>;
}

/**
 * The statistics of every span over these changes: what the store computes in SQL for a whole
 * window (store/lead-time-stats.ts), computed here for hand-written facts and per series bucket.
 * A change with no known commit time has no lead time at all: neither measured nor excluded.
 */
function leadTimeStatsOf(facts: readonly ChangeFact[]): LeadTimeStats {
  const stats = (span: Stage) => {
    const [start, end] = LEAD_TIME_SPANS[span];
    return spanStats(
      spansOf(
        facts,
        (fact) => fact[start],
        (fact) => fact[end],
      ),
    );
  };
  const lead = leadSpanStats(facts);
  return {
    lead,
    withPullRequest: facts.filter((fact) => isMeasured(fact) && hasPullRequest(fact)).length,
    ...(Object.fromEntries(STAGES.map((stage) => [stage, stats(stage)])) as Record<Stage, SpanStats>),
  };
}

export function leadTimeFromStats(stats: LeadTimeStats, bands: readonly BenchmarkBand[]): LeadTime {
  const { lead } = stats;
  // Negative stage spans (clock skew) are dropped from that stage only; the change still counts elsewhere.
  const stage = ({ n, median, p75, mean }: SpanStats): StageSummary => ({
    n,
    median_seconds: median,
    p75_seconds: p75,
    mean_seconds: mean,
  });
  return {
    n: lead.n,
    median_seconds: lead.median,
    p75_seconds: lead.p75,
    p90_seconds: lead.p90,
    mean_seconds: lead.mean,
    excluded: lead.excluded,
    with_pull_request: stats.withPullRequest,
    stages: {
      coding: stage(stats.coding),
      pickup: stage(stats.pickup),
      review: stage(stats.review),
      deploy: stage(stats.deploy),
      review_lead_time: stage(stats.review_lead_time),
      deployment_lead_time: stage(stats.deployment_lead_time),
    },
    level: levelFor('lead_time', lead.median, bands),
  };
}

/** A change lead time measures: commit time known, deployed after it. */
const isMeasured = (fact: LeadTimeFact) => fact.committedAt !== null && fact.deployedAt >= fact.committedAt;
const hasPullRequest = (fact: ChangeFact) => fact.prOpenedAt !== null || fact.mergedAt !== null;

/** The lead span alone (commit → deployed, LEAD_TIME_SPANS.lead): what a series point reports. */
export function leadSpanStats(facts: readonly LeadTimeFact[]): SpanStats {
  return spanStats(
    spansOf(
      facts,
      (fact) => fact.committedAt,
      (fact) => fact.deployedAt,
    ),
  );
}

export function computeLeadTime(facts: readonly ChangeFact[], bands: readonly BenchmarkBand[]): LeadTime {
  return leadTimeFromStats(leadTimeStatsOf(facts), bands);
}
