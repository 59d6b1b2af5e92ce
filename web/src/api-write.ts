/**
 * Writes to the API with the stored token (the settings page). A refusal keeps the API's `field`, so
 * the form can show the message next to the input it names.
 */
import { ApiError, readToken } from './api.ts';

export class FieldError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly field: string | undefined,
  ) {
    super(status, code, message);
  }
}

export async function putJson<T>(path: string, body: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
  const token = readToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(path, { method: 'PUT', headers, body: JSON.stringify(body) }).catch(() => {
    throw new FieldError(0, 'network', 'The service did not answer; nothing was saved.', undefined);
  });
  if (response.ok) return (await response.json()) as T;
  const answer = (await response.json().catch(() => undefined)) as
    { error?: { code?: string; message?: string; field?: string } } | undefined;
  throw new FieldError(
    response.status,
    answer?.error?.code ?? 'http_error',
    answer?.error?.message ?? `${response.status} ${response.statusText}`,
    answer?.error?.field,
  );
}
