/**
 * One API read as component state. A 503 (database unavailable) retries by itself after
 * `Retry-After`; a new token re-runs every read.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, authState, getJson, onAuthChange } from './api.ts';

export type Load<T> =
  { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; error: ApiError; retrying: boolean };

export function useAuth() {
  const [state, setState] = useState(authState);
  useEffect(() => onAuthChange(() => setState(authState())), []);
  return state;
}

export function useApi<T>(path: string | undefined): Load<T> {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const { tokenVersion } = useAuth();
  useEffect(() => {
    if (path === undefined) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setLoad((previous) =>
      previous.state === 'error' && previous.retrying ? previous : { state: 'loading' },
    );
    getJson<T>(path, controller.signal).then(
      (data) => setLoad({ state: 'ok', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError =
          error instanceof ApiError ? error : new ApiError(0, 'network', 'The service did not answer.');
        const retrying = apiError.status === 503 || apiError.status === 0;
        setLoad({ state: 'error', error: apiError, retrying });
        if (retrying) timer = setTimeout(() => setAttempt((n) => n + 1), apiError.retryAfterSeconds * 1000);
      },
    );
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [path, attempt, tokenVersion]);
  return load;
}
