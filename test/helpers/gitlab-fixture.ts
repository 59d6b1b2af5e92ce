/** The GitLab adapter over a fixture of test/fixtures/webhooks/gitlab, edited for the case at hand. */
import { createGitLabAdapter, type GitLabOptions } from '../../src/ingest/webhooks/gitlab.ts';
import { readWebhookFixture, withFields, type Json } from './webhook-delivery.ts';

export const GITLAB_RECEIVED = '2026-03-02T10:40:13.512Z';
const adapter = createGitLabAdapter();
const context = { serviceForRepository: (repository: string) => `${repository.split('/').pop()}-api` };

/** The fixture's delivery with `patches` applied: dot paths → value (undefined deletes). */
export function mapGitLabFixture(name: string, patches: Json = {}, options: GitLabOptions = {}) {
  const { headers, body } = readWebhookFixture('gitlab', name);
  const delivery = {
    headers,
    body: JSON.stringify(withFields(body, patches)),
    params: {},
    receivedAt: GITLAB_RECEIVED,
  };
  return adapter.map(delivery, options, context);
}
