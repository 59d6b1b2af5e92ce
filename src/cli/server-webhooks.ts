/**
 * `import github|argocd` through the server holding the data folder: the deliveries they rebuild
 * go to its admin import route (mapped there by the same adapter, stored raw for replay), and the
 * GitHub importer's resume points are the server's, so a run there continues where the last
 * one stopped whichever way it ran.
 */
import type { WebhookDelivery } from '../ingest/webhooks/webhook.ts';
import type { ImportCursors } from '../service/imports/import-cursors.ts';
import type { WebhookReceipt } from '../service/ingest/webhooks.ts';
import type { ServerClient } from './server-client.ts';

export const serverWebhookReceiver =
  (server: ServerClient) =>
  (source: string, delivery: WebhookDelivery): Promise<WebhookReceipt> =>
    server.json('POST', `/api/v1/imports/webhooks/${encodeURIComponent(source)}`, {
      headers: delivery.headers,
      body: delivery.body,
      received_at: delivery.receivedAt,
    });

export const serverImportCursors = (server: ServerClient): ImportCursors => ({
  async read(key) {
    const query = new URLSearchParams({ ...key }).toString();
    const { position } = await server.json<{ position: string | null }>(
      'GET',
      `/api/v1/imports/cursor?${query}`,
    );
    return position === null ? undefined : new Date(position);
  },
  advance: (key, position) => server.json('PUT', '/api/v1/imports/cursor', { ...key, position }),
});
