/**
 * Reading Argo CD's Application list (`GET /api/v1/applications`) with a bearer token, filtered by
 * name and project as the API filters (`?name=`, `?projects=`). Argo CD answers errors as
 * `{"error", "code", "message"}` (gRPC gateway); the message is what the user needs to see.
 */
import { AppError } from '../../errors.ts';
import { isRecord, textAt } from '../../ingest/transformers/fields.ts';

export interface ArgoCdQuery {
  url: string;
  token: string;
  /** Only these applications (one request each: the API takes one name). */
  apps: readonly string[];
  projects: readonly string[];
  userAgent: string;
}

export async function fetchArgoCdApplications(query: ArgoCdQuery): Promise<unknown[]> {
  const names = query.apps.length > 0 ? query.apps : [undefined];
  const lists = await Promise.all(names.map((name) => fetchList(query, name)));
  return lists.flat();
}

async function fetchList(query: ArgoCdQuery, name: string | undefined): Promise<unknown[]> {
  const base = query.url.endsWith('/') ? query.url : `${query.url}/`;
  const url = new URL('api/v1/applications', base);
  if (name !== undefined) url.searchParams.set('name', name);
  for (const project of query.projects) url.searchParams.append('projects', project);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${query.token}`,
        'user-agent': query.userAgent,
      },
    });
  } catch (cause) {
    const reason = (cause as { cause?: { message?: string } }).cause?.message ?? (cause as Error).message;
    throw new Error(`Argo CD at ${url.origin} did not answer: ${reason}`, { cause });
  }
  const text = await response.text();
  if (response.status === 401 || response.status === 403) {
    throw new AppError(
      response.status === 401 ? 'unauthorized' : 'forbidden',
      `Argo CD at ${url.origin} refused the token (${response.status}: ${messageOf(text)}). Use an API token of an account allowed to get the applications: argocd account generate-token --account <account>.`,
    );
  }
  if (!response.ok) {
    throw new Error(`Argo CD at ${url.origin} answered ${response.status}: ${messageOf(text)}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new Error(
      `Argo CD at ${url.origin} answered with something that is not JSON: ${text.slice(0, 100)}`,
      {
        cause,
      },
    );
  }
  // An empty list may come back with `items` null or absent.
  const items = isRecord(body) ? body.items : undefined;
  return Array.isArray(items) ? items : [];
}

function messageOf(text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    const message = textAt(body, ['message']) ?? textAt(body, ['error']);
    if (message !== undefined) return message;
  } catch {
    // Not Argo CD's error shape (a proxy's page): show what came back.
  }
  return text.slice(0, 200) || 'no message';
}
