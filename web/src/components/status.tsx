/** Loading and error states shared by every page; a 503 says the page is retrying by itself. */
import type { ApiError } from '../api.ts';

export function Loading({ what }: { what: string }) {
  return (
    <p class="status" role="status" aria-busy="true">
      Loading {what}…
    </p>
  );
}

export function ErrorState({ error, retrying }: { error: ApiError; retrying: boolean }) {
  if (error.status === 401) return <p class="status">Enter a token above to see this.</p>;
  const text =
    error.status === 503
      ? `database unavailable, retrying in ${error.retryAfterSeconds} s`
      : error.status === 0
        ? `the service did not answer, retrying in ${error.retryAfterSeconds} s`
        : `${error.message} (${error.code})`;
  return (
    <p class="status status-error" role="alert">
      {retrying ? text : `Could not load: ${text}`}
    </p>
  );
}
