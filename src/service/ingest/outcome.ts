/** What a raw request became, computed from the rows its adapter produced. */
import { createHash } from 'node:crypto';
import type { AppError } from '../../errors.ts';
import type { NormalizedEvents } from '../../model/events.ts';
import type { RawOutcome } from '../../store/raw-requests.ts';

export function outcomeOf(events: NormalizedEvents, reasons: readonly string[] = []): RawOutcome {
  const counts = {
    changes: events.changes.length,
    deployments: events.deployments.length,
    incidents: events.incidents.length,
    artifacts: events.artifacts.length,
  };
  const produced = counts.changes + counts.deployments + counts.incidents + counts.artifacts;
  return {
    status: produced > 0 ? 'mapped' : 'ignored',
    ...(reasons.length > 0 ? { reasons: [...reasons] } : {}),
    counts,
    keys: {
      deployments: events.deployments.map((d) => [d.source, d.external_id]),
      incidents: events.incidents.map((i) => [i.source, i.external_id]),
    },
    fingerprint: createHash('sha256').update(JSON.stringify(events)).digest('base64url'),
  };
}

/** A stored request its adapter now refuses: its rows are kept, the error is recorded. */
export function failedOutcome(error: AppError, previous: RawOutcome | null | undefined): RawOutcome {
  return {
    status: 'failed',
    error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) },
    counts: previous?.counts ?? { changes: 0, deployments: 0, incidents: 0, artifacts: 0 },
    keys: previous?.keys ?? { deployments: [], incidents: [] },
    fingerprint: previous?.fingerprint ?? '',
  };
}
