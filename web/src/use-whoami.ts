/**
 * What the dashboard's token may do (`GET /api/v1/auth/whoami`), so a page can say what is missing
 * instead of trying and failing: the live stream's refusal is invisible to EventSource.
 */
import { useApi } from './use-api.ts';

export const WHOAMI_PATH = '/api/v1/auth/whoami';

export interface Whoami {
  /** False when the service is open: no token is needed, and admin only answers on its own machine. */
  authentication: boolean;
  scopes: ('ingest' | 'read' | 'admin')[];
  token: { id: string; name: string } | null;
  user: string | null;
}

export const useWhoami = () => useApi<Whoami>(WHOAMI_PATH);

export const isAdmin = (who: Whoami) => who.scopes.includes('admin');

/** "read, ingest", or "no scope". */
export const scopesText = (who: Whoami) => (who.scopes.length > 0 ? who.scopes.join(', ') : 'no scope');
