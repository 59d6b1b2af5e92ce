/**
 * Live events: every ingest request as it arrives (server-sent events), with its source, type and
 * what it became, so someone wiring up a new source sees at once whether it works. The stream needs
 * the admin scope: the page asks whoami first and says what is missing rather than retrying.
 */
import { ErrorState, Loading } from '../components/status.tsx';
import { firstEventCurl } from '../components/first-event.tsx';
import { readToken } from '../api.ts';
import '../styles/live.css';
import { isAdmin, scopesText, useWhoami, type Whoami } from '../use-whoami.ts';
import { LiveTable } from './live-table.tsx';
import { KEPT, RECENT, useLiveStream, type Connection } from './use-live-stream.ts';

const CONNECTION_TEXT: Record<Connection, string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  retrying: 'Disconnected: checking the token, then reconnecting in 5 s',
  refused: 'Not connected',
};

export function Live() {
  const who = useWhoami();
  const allowed = who.state === 'ok' && isAdmin(who.data);
  const stream = useLiveStream(allowed);
  const refusedBy = stream.refusedBy ?? (who.state === 'ok' && !allowed ? who.data : undefined);
  return (
    <main id="main" class="live-page">
      <div class="live-head">
        <h1 class="page-title">Live events</h1>
        {allowed && !refusedBy && (
          <>
            <p class={`connection connection-${stream.connection}`} role="status">
              {CONNECTION_TEXT[stream.connection]}
              {stream.connection === 'open' &&
                !stream.rows.some((row) => !row.history) &&
                ': waiting for new events'}
              {stream.paused && ` · paused, ${stream.buffered} new waiting`}
            </p>
            <button
              type="button"
              class="live-pause"
              aria-pressed={stream.paused}
              onClick={() => stream.setPaused(!stream.paused)}
            >
              {stream.paused ? `Resume (${stream.buffered} new)` : 'Pause'}
            </button>
          </>
        )}
      </div>
      <p class="muted live-intro">
        Every request to an ingest endpoint as it is answered, newest first ({KEPT} kept). The page opens with
        the latest {RECENT} requests stored, marked <span class="tag live-earlier">earlier</span>; refused and
        invalid requests are never stored, so they show only as they arrive.
      </p>
      {who.state === 'loading' && <Loading what="what this token may do" />}
      {who.state === 'error' &&
        (who.error.status === 401 ? (
          <Refusal text="Live events need a token with the admin scope: paste one above." />
        ) : (
          <ErrorState error={who.error} retrying={who.retrying} />
        ))}
      {refusedBy && <Refusal text={refusalText(refusedBy)} />}
      {allowed && !refusedBy && stream.connection === 'refused' && (
        <Refusal text="The token was refused: paste a token with the admin scope above." />
      )}
      {allowed && !refusedBy && stream.connection === 'open' && stream.rows.length === 0 && <NothingYet />}
      {stream.rows.length > 0 && <LiveTable rows={stream.rows} />}
    </main>
  );
}

function refusalText(who: Whoami): string {
  if (!who.authentication)
    return 'Authentication is off, so live events answer only to a browser on the service’s own machine. Set FIVEKEYS_ADMIN_TOKEN and paste an admin token here.';
  return `Live events need a token with the admin scope; this token has: ${scopesText(who)}.`;
}

function Refusal({ text }: { text: string }) {
  return (
    <div class="live-refusal" role="alert">
      <p>{text}</p>
      <p class="muted">
        The stream shows refused requests and error messages that quote payloads, so it is for administrators.
        Create such a token with <code>fivekeys token create --name live --scopes admin</code>.
      </p>
    </div>
  );
}

function NothingYet() {
  const curl = firstEventCurl(location.origin, new Date(), readToken() !== undefined);
  return (
    <section class="live-empty" aria-labelledby="live-empty-title">
      <h2 id="live-empty-title">Nothing received yet</h2>
      <p>Send a first event from a terminal (a token with the ingest scope); it appears here at once:</p>
      <pre>
        <code>{curl}</code>
      </pre>
      <p class="muted">Or point a webhook (GitHub, GitLab, Argo CD, CloudEvents…) at this service.</p>
    </section>
  );
}
