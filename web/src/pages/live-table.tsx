/** The live events table: one row per request, newest first; history rows marked "earlier". */
import type { LiveEvent } from '../types.ts';
import type { LiveRow } from './use-live-stream.ts';

const COLUMNS = ['Received (UTC)', 'Source', 'Type', 'Status', 'Became', 'HTTP', 'Delivery'];

/** Seconds matter here: today's requests by their UTC time, older ones with their date. */
function receivedText(iso: string, today: string): string {
  const [date, time] = iso.slice(0, 19).split('T') as [string, string];
  return date === today ? time : `${date} ${time}`;
}

function became(event: LiveEvent): string {
  if (event.error)
    return `${event.error.code}: ${event.error.message}${event.error.field ? ` (${event.error.field})` : ''}`;
  const rows = Object.entries(event.rows)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${count === 1 ? kind.replace(/s$/, '') : kind}`);
  const parts = [...rows, ...event.reasons];
  if (parts.length > 0) return parts.join('; ');
  return event.status === 'duplicate' ? 'already stored' : 'nothing';
}

export function LiveTable({ rows }: { rows: LiveRow[] }) {
  const today = new Date().toISOString().slice(0, 10);
  return (
    <div class="table-wrap" data-scrolls tabIndex={0} role="region" aria-label="Live events, scrollable">
      <table class="live">
        <caption class="visually-hidden">Ingest requests, newest first</caption>
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((event) => (
            <tr
              key={event.key}
              data-status={event.status}
              data-history={event.history ? 'true' : undefined}
              class={event.history ? 'live-history' : undefined}
            >
              <td>
                <time dateTime={event.received_at}>{receivedText(event.received_at, today)}</time>
                {event.history && (
                  <span class="tag live-earlier" title="Stored before this page opened (from the raw log)">
                    earlier
                  </span>
                )}
              </td>
              <td>{event.source}</td>
              <td>{event.type ?? '—'}</td>
              <td>
                <span class={`live-status live-${event.status}`}>{event.status}</span>
              </td>
              <td>
                {became(event)}
                {event.warnings.length > 0 && (
                  <ul class="live-warnings" aria-label="Will not count">
                    {event.warnings.map((warning) => (
                      <li key={`${warning.kind}:${warning.index}:${warning.code}`} data-code={warning.code}>
                        <strong>not counted:</strong> {warning.message}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>{event.http_status ?? '—'}</td>
              <td>
                <code>{event.delivery_id ?? '—'}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
