/**
 * A fivekeys client typed by its OpenAPI document, with nothing but `fetch`. Generate the types,
 * then import them:
 *
 *   curl -s http://localhost:8080/openapi.json > openapi.json
 *   npx openapi-typescript openapi.json -o examples/openapi-types.ts
 *
 * The test suite does the same with the document of the code it tests and type-checks this file
 * (test/contracts/openapi-tools.test.ts), so the example keeps up with the API.
 */
import type { paths } from './openapi-types.ts';

type Json<Answer> = Answer extends { content: { 'application/json': infer Body } } ? Body : never;

export type Metrics = Json<paths['/api/v1/metrics']['get']['responses'][200]>;
export type MetricsQuery = NonNullable<paths['/api/v1/metrics']['get']['parameters']['query']>;
export type DeploymentPage = Json<paths['/api/v1/deployments']['get']['responses'][200]>;
export type DeploymentQuery = NonNullable<paths['/api/v1/deployments']['get']['parameters']['query']>;
export type NewDeployments = Json<NonNullable<paths['/api/v1/deployments']['post']['requestBody']>>;
export type Accepted = Json<paths['/api/v1/deployments']['post']['responses'][202]>;
type ErrorAnswer = Json<paths['/api/v1/metrics']['get']['responses'][400]>;

export function createClient(baseUrl: string, token: string) {
  async function call<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const response = await fetch(new URL(path, baseUrl), {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!response.ok) {
      const { error } = (await response.json()) as ErrorAnswer;
      throw new Error(
        `${response.status} ${error.code}: ${error.message}${error.field ? ` (${error.field})` : ''}`,
      );
    }
    return (await response.json()) as T;
  }
  const query = (values: Record<string, string | undefined>) =>
    new URLSearchParams(
      Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );

  return {
    getMetrics: (filters: MetricsQuery = {}) => call<Metrics>(`/api/v1/metrics?${query(filters)}`),
    listDeployments: (filters: DeploymentQuery = {}) =>
      call<DeploymentPage>(`/api/v1/deployments?${query(filters)}`),
    ingestDeployments: (deployments: NewDeployments) =>
      call<Accepted>('/api/v1/deployments', { method: 'POST', body: deployments }),
  };
}

/** What a caller writes with the typed answers; each `@ts-expect-error` shows a mistake caught. */
export async function weeklyReport(baseUrl: string, token: string): Promise<string> {
  const client = createClient(baseUrl, token);
  await client.ingestDeployments({
    service: 'shop',
    environment: 'production',
    status: 'success',
    finished_at: new Date().toISOString(),
  });
  const deployment = { service: 'shop', environment: 'production', finished_at: new Date().toISOString() };
  // @ts-expect-error: a deployment's status is success or failure
  await client.ingestDeployments({ ...deployment, status: 'ok' });

  const metrics = await client.getMetrics({ team: 'payments', benchmark: '2024' });
  const median: number | null = metrics.lead_time.median_seconds;
  const level: 'elite' | 'high' | 'medium' | 'low' | null = metrics.level;
  // @ts-expect-error: lead time is given in seconds only
  void metrics.lead_time.median_minutes;

  const failures = await client.listDeployments({ status: 'failure', limit: '50' });
  const restored = failures.items.filter((deployment) => deployment.recovery_seconds !== null);
  // @ts-expect-error: the filter takes success or failure
  await client.listDeployments({ status: 'failed' });

  return `level ${level ?? 'n/a'}, median lead time ${median ?? 'n/a'} s, ${restored.length} failures restored`;
}
