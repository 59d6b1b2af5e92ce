/** Signed GitHub `deployment_status` deliveries, as GitHub sends them, for the webhook ingest rate. */
import { sign } from '@octokit/webhooks-methods';

export const GITHUB_BENCH_SECRET = 'bench-secret';

export async function postGitHubDeployment(url: string, i: number, finishedAt: string): Promise<boolean> {
  const body = JSON.stringify({
    action: 'created',
    deployment_status: { id: i, state: 'success', created_at: finishedAt, environment: 'production' },
    deployment: {
      id: 1_000_000 + i,
      sha: (0x100000 + i).toString(16).padStart(40, '0'),
      ref: 'main',
      environment: 'production',
      created_at: finishedAt,
    },
    repository: { full_name: `acme/hook-${i % 20}`, name: `hook-${i % 20}` },
  });
  const response = await fetch(`${url}/api/v1/webhooks/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'deployment_status',
      'x-github-delivery': `bench-${i}`,
      'x-hub-signature-256': await sign(GITHUB_BENCH_SECRET, body),
    },
    body,
  });
  await response.arrayBuffer();
  return response.status === 200;
}
