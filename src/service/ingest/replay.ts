/**
 * Replay: re-runs today's adapters over the raw log, oldest first, and applies the difference. A
 * request whose rows hash the same as last time is skipped, so a second replay changes nothing and
 * an interrupted one resumes where it stopped (every page commits on its own). A request whose rows
 * changed has the deployments and incidents it produced before removed and its new rows stored;
 * commits are facts shared between sources and are only ever updated.
 */
import { AppError } from '../../errors.ts';
import type { RawParser } from '../../ingest/raw-parser.ts';
import type { Db } from '../../store/db.ts';
import { deleteDeployments } from '../../store/deployments.ts';
import { deleteIncidents } from '../../store/incidents.ts';
import {
  countRawRequests,
  selectRawRequestsAfter,
  updateRawOutcomes,
  type RawOutcome,
  type RawRequestFilter,
  type StoredRawRequest,
} from '../../store/raw-requests.ts';
import { lockSettingsShared } from '../../store/settings.ts';
import type { NormalizedEvents } from '../../model/events.ts';
import { failedOutcome, outcomeOf } from './outcome.ts';
import { storeEvents } from './store-events.ts';

export interface ReplaySummary {
  seen: number;
  /** Requests whose rows were unchanged: nothing written. */
  unchanged: number;
  /** Requests whose rows changed and were written again. */
  remapped: number;
  /** Of all seen requests, by outcome now. */
  mapped: number;
  ignored: number;
  failed: number;
  /** How often each reason for producing nothing, and each error, occurred. */
  reasons: Record<string, number>;
  errors: Record<string, number>;
}

export interface ReplayOptions extends RawRequestFilter {
  pageSize?: number;
  /** Re-apply every request, changed or not (rebuilds rows a partial re-map left behind). */
  force?: boolean;
  /** Called after every page with the number of requests seen so far and the total. */
  onProgress?: (seen: number, total: number) => void;
}

interface Remap {
  raw: StoredRawRequest;
  events: NormalizedEvents;
  outcome: RawOutcome;
}

export async function replay(db: Db, parse: RawParser, options: ReplayOptions = {}): Promise<ReplaySummary> {
  const filter = { since: options.since, source: options.source };
  const total = await countRawRequests(db, filter);
  const summary: ReplaySummary = {
    seen: 0,
    unchanged: 0,
    remapped: 0,
    mapped: 0,
    ignored: 0,
    failed: 0,
    reasons: {},
    errors: {},
  };
  let cursor = 0;
  for (;;) {
    const page = await selectRawRequestsAfter(db, cursor, filter, options.pageSize ?? 500);
    if (page.length === 0) break;
    cursor = page.at(-1)!.id;
    const remaps: Remap[] = [];
    const failures: { id: number; outcome: RawOutcome }[] = [];
    for (const raw of page) {
      const { outcome, events, unchanged } = await remapOne(parse, raw, options.force ?? false);
      tally(summary, outcome);
      if (unchanged) summary.unchanged += 1;
      else if (events) remaps.push({ raw, events, outcome });
      else failures.push({ id: raw.id, outcome });
    }
    summary.remapped += remaps.length;
    await db.transaction(async (tx) => {
      await lockSettingsShared(tx);
      await updateRawOutcomes(tx, failures);
      if (remaps.length === 0) return;
      const removedDeployments = await deleteDeployments(
        tx,
        remaps.flatMap(({ raw, outcome }) => [
          ...(raw.outcome?.keys.deployments ?? []),
          ...outcome.keys.deployments,
        ]),
      );
      const removedIncidentServices = await deleteIncidents(
        tx,
        remaps.flatMap(({ raw, outcome }) => {
          const kept = new Set(outcome.keys.incidents.map((key) => key.join('\n')));
          return (raw.outcome?.keys.incidents ?? []).filter((key) => !kept.has(key.join('\n')));
        }),
      );
      await storeEvents(
        tx,
        remaps.map((remap) => remap.events),
        { deployments: removedDeployments, incidentServices: removedIncidentServices },
      );
      await updateRawOutcomes(
        tx,
        remaps.map(({ raw, outcome }) => ({ id: raw.id, outcome })),
      );
    });
    options.onProgress?.(summary.seen, total);
  }
  return summary;
}

function tally(summary: ReplaySummary, outcome: RawOutcome): void {
  summary.seen += 1;
  summary[outcome.status] += 1;
  for (const reason of outcome.reasons ?? []) summary.reasons[reason] = (summary.reasons[reason] ?? 0) + 1;
  if (outcome.error) {
    const key = `${outcome.error.field ? `${outcome.error.field}: ` : ''}${outcome.error.message}`;
    summary.errors[key] = (summary.errors[key] ?? 0) + 1;
  }
}

/** Today's rows for a stored request; `events` is absent when its adapter now refuses it. */
async function remapOne(
  parse: RawParser,
  raw: StoredRawRequest,
  force: boolean,
): Promise<{ outcome: RawOutcome; events?: NormalizedEvents; unchanged: boolean }> {
  const before = raw.outcome;
  try {
    const routed = await parse(raw);
    const outcome = outcomeOf(routed.events, routed.reasons);
    const unchanged = !force && before?.status !== 'failed' && before?.fingerprint === outcome.fingerprint;
    return { outcome, events: routed.events, unchanged };
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    const outcome = failedOutcome(error, before);
    return { outcome, unchanged: before?.status === 'failed' && before.error?.message === error.message };
  }
}
