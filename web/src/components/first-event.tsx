/** The empty database: how to send a first event, as a curl that targets this very service. */
import { readToken } from '../api.ts';

export function firstEventCurl(origin: string, now: Date, withToken: boolean): string {
  const body = {
    id: 'first-deploy',
    service: 'shop',
    environment: 'production',
    status: 'success',
    finished_at: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  const auth = withToken ? ` -H "Authorization: Bearer $FIVEKEYS_TOKEN"` : '';
  return `curl -s ${origin}/api/v1/deployments -H 'content-type: application/json'${auth} -d '${JSON.stringify(body)}'`;
}

export function FirstEvent() {
  const curl = firstEventCurl(location.origin, new Date(), readToken() !== undefined);
  return (
    <section class="empty" aria-labelledby="empty-title">
      <h2 id="empty-title">No events yet</h2>
      <p>
        fivekeys computes the metrics from the deployments, changes and incidents your tools send. Send a
        first deployment from a terminal:
      </p>
      <pre>
        <code>{curl}</code>
      </pre>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(curl)}>
        Copy command
      </button>
      <p>
        Then wire up a real source (GitHub, GitLab, Argo CD, CloudEvents…: see{' '}
        <a href="/docs">the API docs</a>) and watch what arrives on the <a href="/live">live events</a> page,
        or fill a sample history with <code>fivekeys demo</code>.
      </p>
    </section>
  );
}
