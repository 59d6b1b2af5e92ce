/**
 * Reads from the API with the stored token. The token lives in localStorage and travels only as
 * `Authorization: Bearer`, never in a URL the user could share or a proxy could log (the live
 * page's EventSource is the one exception; see pages/live.tsx).
 */
const TOKEN_KEY = 'fivekeys.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
  }
}

type Listener = () => void;
const listeners = new Set<Listener>();
let unauthorized = false;
let tokenVersion = 0;

export function readToken(): string | undefined {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveToken(token: string | undefined): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
  unauthorized = false;
  tokenVersion += 1;
  for (const listener of listeners) listener();
}

/** The auth state components re-render on: whether a 401 was seen, and a version bumped per token. */
export const authState = () => ({ unauthorized, tokenVersion });

export function onAuthChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = readToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(path, { headers, signal });
  if (response.ok) return (await response.json()) as T;
  const body = (await response.json().catch(() => undefined)) as
    { error?: { code?: string; message?: string } } | undefined;
  if (response.status === 401 && !unauthorized) {
    unauthorized = true;
    for (const listener of listeners) listener();
  }
  throw new ApiError(
    response.status,
    body?.error?.code ?? 'http_error',
    body?.error?.message ?? `${response.status} ${response.statusText}`,
    Number(response.headers.get('retry-after')) || 5,
  );
}
