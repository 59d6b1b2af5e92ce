import type { Queryable } from './db.ts';

export interface WebhookRejection {
  source: string;
  reason: string;
  count: number;
  last_at: Date;
  last_message: string;
}

export async function countWebhookRejection(
  db: Queryable,
  source: string,
  reason: string,
  message: string,
): Promise<void> {
  await db.query(
    `insert into webhook_rejections as w (source, reason, count, last_at, last_message)
     values ($1, $2, 1, now(), $3)
     on conflict (source, reason) do update
       set count = w.count + 1, last_at = now(), last_message = excluded.last_message`,
    [source, reason, message],
  );
}

export async function selectWebhookRejections(db: Queryable): Promise<WebhookRejection[]> {
  return db.query<WebhookRejection>(
    `select source, reason, count::float8 as count, last_at, last_message
       from webhook_rejections order by source, reason`,
  );
}
