/**
 * Change lead time (DESIGN.md §3.2): commit → first successful production deployment, over changes
 * whose first deployment finished in the window, plus the pull-request stages when they are known.
 */
import type { BenchmarkBand, ChangeFact, Level } from '../model/facts.ts';
import { levelFor } from './levels.ts';
import { meanOrNull, medianOrNull, percentileOrNull, toSpans } from './stats.ts';

export interface StageSummary {
  n: number;
  median_seconds: number | null;
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
  stages: LeadTimeStages;
  level: Level | null;
}

type Instant = 'committedAt' | 'prOpenedAt' | 'firstReviewAt' | 'approvedAt' | 'mergedAt' | 'deployedAt';

/** Each stage's [start, end]; the last two are the review / deployment split DevOpstic users know. */
const STAGES: Record<keyof LeadTimeStages, readonly [Instant, Instant]> = {
  coding: ['committedAt', 'prOpenedAt'],
  pickup: ['prOpenedAt', 'firstReviewAt'],
  review: ['firstReviewAt', 'mergedAt'],
  deploy: ['mergedAt', 'deployedAt'],
  review_lead_time: ['prOpenedAt', 'approvedAt'],
  deployment_lead_time: ['approvedAt', 'deployedAt'],
};

/** Spans where both ends are known; a stage with an unknown end says nothing about that stage. */
function knownPairs(facts: readonly ChangeFact[], start: Instant, end: Instant): [number, number][] {
  const pairs: [number, number][] = [];
  for (const fact of facts) {
    const from = fact[start];
    const to = fact[end];
    if (from !== null && to !== null) pairs.push([from, to]);
  }
  return pairs;
}

function summarizeStage(
  facts: readonly ChangeFact[],
  [start, end]: readonly [Instant, Instant],
): StageSummary {
  // Negative stage spans (clock skew) are dropped from that stage only; the change still counts elsewhere.
  const { seconds } = toSpans(knownPairs(facts, start, end));
  return { n: seconds.length, median_seconds: medianOrNull(seconds), mean_seconds: meanOrNull(seconds) };
}

function computeStages(facts: readonly ChangeFact[]): LeadTimeStages {
  return {
    coding: summarizeStage(facts, STAGES.coding),
    pickup: summarizeStage(facts, STAGES.pickup),
    review: summarizeStage(facts, STAGES.review),
    deploy: summarizeStage(facts, STAGES.deploy),
    review_lead_time: summarizeStage(facts, STAGES.review_lead_time),
    deployment_lead_time: summarizeStage(facts, STAGES.deployment_lead_time),
  };
}

/** One change's stage spans in seconds; null where an end is unknown (the evidence of the medians). */
export function changeStages(fact: ChangeFact): Record<keyof LeadTimeStages, number | null> {
  const span = ([start, end]: readonly [Instant, Instant]) => {
    const from = fact[start];
    const to = fact[end];
    return from === null || to === null ? null : (to - from) / 1000;
  };
  return {
    coding: span(STAGES.coding),
    pickup: span(STAGES.pickup),
    review: span(STAGES.review),
    deploy: span(STAGES.deploy),
    review_lead_time: span(STAGES.review_lead_time),
    deployment_lead_time: span(STAGES.deployment_lead_time),
  };
}

export function computeLeadTime(facts: ChangeFact[], bands: readonly BenchmarkBand[]): LeadTime {
  // A change with no known commit time has no lead time at all: neither measured nor excluded.
  const { seconds, excluded } = toSpans(knownPairs(facts, 'committedAt', 'deployedAt'));
  const median_seconds = medianOrNull(seconds);
  return {
    n: seconds.length,
    median_seconds,
    p75_seconds: percentileOrNull(seconds, 0.75),
    p90_seconds: percentileOrNull(seconds, 0.9),
    mean_seconds: meanOrNull(seconds),
    excluded,
    stages: computeStages(facts),
    level: levelFor('lead_time', median_seconds, bands),
  };
}
