/**
 * The live events stream as component state: rows newest first (history, then live ones), a pause
 * that keeps buffering, and reconnection that stops for good when the token may no longer read it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getJson, readToken } from '../api.ts';
import type { LiveEvent } from '../types.ts';
import { useAuth } from '../use-api.ts';
import { isAdmin, WHOAMI_PATH, type Whoami } from '../use-whoami.ts';

/** Rows kept on screen (and in the pause buffer); the stream's history is at most as long. */
export const KEPT = 200;
/** Earlier requests the stream opens with. */
export const RECENT = 50;
const RECONNECT_MS = 5000;

export type Connection = 'connecting' | 'open' | 'retrying' | 'refused';
export type LiveRow = LiveEvent & { key: number };

export function useLiveStream(enabled: boolean) {
  const [rows, setRows] = useState<LiveRow[]>([]);
  // A ref, so a resume takes every row buffered up to the click, not those of the last render.
  const bufferRef = useRef<LiveRow[]>([]);
  const [buffered, setBuffered] = useState(0);
  const [paused, setPausedState] = useState(false);
  const pausedRef = useRef(false);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [refusedBy, setRefusedBy] = useState<Whoami | undefined>();
  const { tokenVersion } = useAuth();

  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let key = 0;
    const add = (row: LiveRow) => {
      if (!pausedRef.current) return setRows((previous) => [row, ...previous].slice(0, KEPT));
      bufferRef.current = [row, ...bufferRef.current].slice(0, KEPT);
      setBuffered(bufferRef.current.length);
    };
    // EventSource hides the status of a refused stream: whoami tells whether retrying can help.
    const checkThenRetry = () => {
      getJson<Whoami>(WHOAMI_PATH).then(
        (who) => {
          if (stopped) return;
          if (isAdmin(who)) timer = setTimeout(connect, RECONNECT_MS);
          else {
            setRefusedBy(who);
            setConnection('refused');
          }
        },
        (error: unknown) => {
          if (stopped) return;
          // A 401 brings the token prompt; a new token restarts this effect.
          if (error instanceof ApiError && error.status === 401) setConnection('refused');
          else timer = setTimeout(connect, RECONNECT_MS);
        },
      );
    };
    const connect = () => {
      setConnection('connecting');
      const token = readToken();
      // The one place the dashboard puts the token in a URL: EventSource cannot send a header. The
      // server redacts `access_token` from its logs.
      const query = `recent=${RECENT}${token ? `&access_token=${encodeURIComponent(token)}` : ''}`;
      source = new EventSource(`/api/v1/events/live?${query}`);
      source.onopen = () => {
        // Each (re)connection opens with history again: start over rather than show rows twice.
        setRows([]);
        bufferRef.current = [];
        setBuffered(0);
        setConnection('open');
      };
      source.addEventListener('ingest', (message: MessageEvent<string>) => {
        key += 1;
        add({ ...(JSON.parse(message.data) as LiveEvent), key });
      });
      source.onerror = () => {
        // Not closed: the browser reconnects by itself (the server said `retry: 3000`).
        if (source?.readyState !== EventSource.CLOSED) return setConnection('connecting');
        setConnection('retrying');
        checkThenRetry();
      };
    };
    connect();
    return () => {
      stopped = true;
      source?.close();
      clearTimeout(timer);
    };
  }, [enabled, tokenVersion]);

  const setPaused = (pause: boolean) => {
    pausedRef.current = pause;
    setPausedState(pause);
    if (pause) return;
    const waiting = bufferRef.current;
    bufferRef.current = [];
    setBuffered(0);
    setRows((previous) => [...waiting, ...previous].slice(0, KEPT));
  };
  return { rows, buffered, paused, setPaused, connection, refusedBy };
}
