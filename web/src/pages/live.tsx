/**
 * Live events: every ingest request as it arrives (server-sent events), with its source, type and
 * what it became, so someone wiring up a new source sees at once whether it works.
 */
import { useEffect, useState } from 'preact/hooks';
import { getJson, readToken } from '../api.ts';
import { formatInstant } from '../format.ts';
import type { LiveEvent } from '../types.ts';
import { useAuth } from '../use-api.ts';

const CAP = 200;
const RECONNECT_MS = 5000;

type Connection = 'connecting' | 'open' | 'closed';

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

function useLiveEvents() {
  const [events, setEvents] = useState<(LiveEvent & { key: number })[]>([]);
  const [connection, setConnection] = useState<Connection>('connecting');
  const { tokenVersion } = useAuth();
  useEffect(() => {
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let key = 0;
    const connect = () => {
      setConnection('connecting');
      const token = readToken();
      // EventSource cannot send an Authorization header, so the token goes in the query here, the
      // one place the dashboard puts it in a URL; the server redacts `access_token` from its logs.
      source = new EventSource(
        `/api/v1/events/live${token ? `?access_token=${encodeURIComponent(token)}` : ''}`,
      );
      source.onopen = () => setConnection('open');
      source.addEventListener('ingest', (message: MessageEvent<string>) => {
        const event = JSON.parse(message.data) as LiveEvent;
        key += 1;
        const row = { ...event, key };
        setEvents((previous) => [row, ...previous].slice(0, CAP));
      });
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED) return setConnection('connecting');
        setConnection('closed');
        // EventSource hides the status code: a read asks the API, and a 401 brings the token prompt.
        getJson('/api/v1/settings').catch(() => undefined);
        timer = setTimeout(connect, RECONNECT_MS);
      };
    };
    connect();
    return () => {
      source?.close();
      clearTimeout(timer);
    };
  }, [tokenVersion]);
  return { events, connection };
}

const CONNECTION_TEXT: Record<Connection, string> = {
  connecting: 'connecting…',
  open: 'connected: waiting for events',
  closed: 'disconnected (is the token allowed to read?): retrying in 5 s',
};

export function Live() {
  const { events, connection } = useLiveEvents();
  return (
    <main id="main">
      <h1 class="page-title">Live events</h1>
      <p class={`connection connection-${connection}`} role="status">
        {CONNECTION_TEXT[connection]} · newest first, last {CAP} kept
      </p>
      <div class="table-wrap">
        <table class="live">
          <caption class="visually-hidden">Ingest requests as they arrive</caption>
          <thead>
            <tr>
              {['Received (UTC)', 'Source', 'Type', 'Status', 'Became', 'HTTP', 'Delivery'].map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {events.length === 0 && (
              <tr>
                <td colSpan={7} class="muted">
                  Nothing yet. Send an event (a deployment, a webhook, a CloudEvent) and it shows here.
                </td>
              </tr>
            )}
            {events.map((event) => (
              <tr key={event.key} data-status={event.status}>
                <td>{formatInstant(event.received_at)}</td>
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
                <td>{event.http_status}</td>
                <td>
                  <code>{event.delivery_id ?? '—'}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
