/**
 * Doctor's check of what ingest warned about lately: events stored that will not count (an
 * environment that is not production, a commit lead time cannot match, an incident tied to nothing),
 * one verdict per kind of warning with how many and the newest one's words, which say what to change.
 */
import { ago, judge, ok, warn, type Check } from './doctor-check.ts';
import { WARNINGS_READ, type DoctorFacts, type RecentWarningFact } from './doctor-facts.ts';

const WHAT: Record<string, string> = {
  not_production: 'deployments to an environment that is not production',
  commit_abbreviated: 'deployments naming an abbreviated commit sha',
  commit_unknown: 'deployments naming a commit no change has',
  incident_unattributed: 'incidents with no service and no cause',
};

export function warningChecks(facts: DoctorFacts, now: number): Check[] {
  if (facts.recentWarnings === undefined) return [];
  if (!facts.recentWarnings.ok)
    return [judge('not counted', facts.recentWarnings, () => ok('not counted', ''))];
  const warnings = facts.recentWarnings.value;
  if (warnings.length === 0) return [ok('not counted', 'no event received in the last 7 days was left out')];
  const byCode = new Map<string, RecentWarningFact[]>();
  for (const warning of warnings) byCode.set(warning.code, [...(byCode.get(warning.code) ?? []), warning]);
  return [...byCode].map(([code, list]) => {
    const newest = list[0]!;
    const count = warnings.length >= WARNINGS_READ ? `${list.length}+` : String(list.length);
    return warn(
      'not counted',
      `${WHAT[code] ?? code} (${code}): ${count} in the last 7 days, newest ${ago(Date.parse(newest.received_at), now)}`,
      newest.message,
    );
  });
}
