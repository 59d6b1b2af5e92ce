/**
 * Which catalog service a repository belongs to, for webhook sources that only name a repository:
 * the service listing it among its `repositories`, else the service named like the repository.
 * Read from the database (so every replica agrees) and kept for a few seconds.
 */
import type { WebhookContext } from '../../ingest/webhooks/webhook.ts';
import { normalizeRepository } from '../../ingest/repository.ts';
import type { Queryable } from '../../store/db.ts';
import { selectServices } from '../../store/services.ts';

const TTL_MS = 5000;

const keyOf = (repository: string) => normalizeRepository(repository).toLowerCase();

export function createRepositoryServices(db: Queryable): () => Promise<WebhookContext> {
  let cached: { at: number; context: Promise<WebhookContext> } | undefined;
  const load = async (): Promise<WebhookContext> => {
    const index = new Map<string, string>();
    for (const service of await selectServices(db)) {
      for (const repository of service.repositories) index.set(keyOf(repository), service.name);
    }
    return {
      serviceForRepository: (repository) =>
        index.get(keyOf(repository)) ?? normalizeRepository(repository).split('/').pop() ?? repository,
    };
  };
  return () => {
    if (!cached || performance.now() - cached.at > TTL_MS) {
      const context = load();
      cached = { at: performance.now(), context };
      context.catch(() => (cached = undefined));
    }
    return cached.context;
  };
}
