/**
 * Group commit: requests that arrive while a transaction is running wait and share the next one,
 * so many concurrent senders cost one commit (one fsync) instead of one each, and no request is
 * acknowledged before the transaction holding it has committed.
 *
 * Bounded (backpressure): when the database is slow or down, requests would otherwise pile up in
 * memory while their senders wait. Instead a request is refused at once when the requests not yet
 * answered (waiting or in the running batch) reach `maxPending` or `maxPendingBytes`, or when the
 * running batch has already taken longer than `maxWaitMs` (the database is stuck: a new request
 * would only wait in vain); and a request still waiting for its batch after `maxWaitMs` is dropped
 * from the queue. Each is a `QueueRejection` the caller turns into "retry later". A request in the
 * running batch is never abandoned: its answer says what the transaction did.
 */

export type RejectionReason = 'full' | 'stalled' | 'expired';

export class QueueRejection extends Error {
  constructor(
    readonly reason: RejectionReason,
    message: string,
  ) {
    super(message);
    this.name = 'QueueRejection';
  }
}

export interface QueueLimits {
  /** Requests submitted and not yet answered, waiting or in the running batch. */
  maxPending?: number;
  /** Their total weight (see `weigh`): the bodies held in memory. */
  maxPendingBytes?: number;
  /** How long a request may wait for its batch to start, and a batch may run before new ones are refused. */
  maxWaitMs?: number;
}

export interface GroupCommitOptions<In> extends QueueLimits {
  maxBatch?: number;
  /** A request's size in bytes, counted against `maxPendingBytes`. */
  weigh?: (item: In) => number;
  /** Runs after a batch is acknowledged and before the next one starts (maintenance). */
  afterBatch?: (items: In[]) => Promise<void>;
}

export interface QueueState {
  /** Requests waiting for a batch. */
  waiting: number;
  /** Requests in the running batch. */
  inBatch: number;
  bytes: number;
  maxPending: number;
  maxPendingBytes: number;
  /** How long the running batch (and its maintenance) has taken so far; 0 when idle. */
  batchMs: number;
  /** True when a new request would be refused. */
  saturated: boolean;
}

const DEFAULT_QUEUE_LIMITS: Required<QueueLimits> = {
  maxPending: 1000,
  maxPendingBytes: 64 << 20,
  maxWaitMs: 5000,
};

interface Entry<In, Out> {
  item: In;
  size: number;
  deadline: number;
  resolve: (out: Out) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitter<In, Out> {
  private queue: Entry<In, Out>[] = [];
  private inBatch = 0;
  private bytes = 0;
  private batchStartedAt: number | undefined;
  private running: Promise<void> | undefined;
  private expiry: NodeJS.Timeout | undefined;
  private readonly limits: Required<QueueLimits>;
  private readonly maxBatch: number;
  private readonly weigh: (item: In) => number;
  private readonly afterBatch: (items: In[]) => Promise<void>;

  constructor(
    private readonly runBatch: (items: In[]) => Promise<Out[]>,
    options: GroupCommitOptions<In> = {},
  ) {
    this.limits = {
      maxPending: options.maxPending ?? DEFAULT_QUEUE_LIMITS.maxPending,
      maxPendingBytes: options.maxPendingBytes ?? DEFAULT_QUEUE_LIMITS.maxPendingBytes,
      maxWaitMs: options.maxWaitMs ?? DEFAULT_QUEUE_LIMITS.maxWaitMs,
    };
    this.maxBatch = options.maxBatch ?? 500;
    this.weigh = options.weigh ?? (() => 0);
    this.afterBatch = options.afterBatch ?? (async () => undefined);
  }

  submit(item: In): Promise<Out> {
    const size = this.weigh(item);
    const refusal = this.refusal(size);
    if (refusal) return Promise.reject(refusal);
    return new Promise<Out>((resolve, reject) => {
      this.bytes += size;
      this.queue.push({ item, size, deadline: Date.now() + this.limits.maxWaitMs, resolve, reject });
      this.armExpiry();
      this.running ??= this.drain();
    });
  }

  state(): QueueState {
    return {
      waiting: this.queue.length,
      inBatch: this.inBatch,
      bytes: this.bytes,
      maxPending: this.limits.maxPending,
      maxPendingBytes: this.limits.maxPendingBytes,
      batchMs: this.batchStartedAt === undefined ? 0 : Date.now() - this.batchStartedAt,
      saturated: this.refusal(1) !== undefined,
    };
  }

  /** Resolves once everything submitted so far has been committed or rejected (graceful shutdown). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private refusal(size: number): QueueRejection | undefined {
    const { maxPending, maxPendingBytes, maxWaitMs } = this.limits;
    const pending = this.queue.length + this.inBatch;
    if (pending >= maxPending || (pending > 0 && this.bytes + size > maxPendingBytes)) {
      return new QueueRejection(
        'full',
        `${pending} requests (${this.bytes} bytes) are already waiting for the database, the limit is ${maxPending} (${maxPendingBytes} bytes); retry later.`,
      );
    }
    const batchMs = this.batchStartedAt === undefined ? 0 : Date.now() - this.batchStartedAt;
    if (batchMs > maxWaitMs) {
      return new QueueRejection(
        'stalled',
        `The database has been writing the current batch for ${(batchMs / 1000).toFixed(1)} s; retry later.`,
      );
    }
    return undefined;
  }

  private async drain(): Promise<void> {
    // Yield once so requests parsed in the same tick join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      if (this.queue.length === 0) this.disarmExpiry();
      const items = batch.map((entry) => entry.item);
      this.inBatch = batch.length;
      this.batchStartedAt = Date.now();
      try {
        const results = await this.runBatch(items);
        batch.forEach((entry, index) => entry.resolve(results[index] as Out));
      } catch (error) {
        batch.forEach((entry) => entry.reject(error));
      }
      this.inBatch = 0;
      this.bytes -= batch.reduce((sum, entry) => sum + entry.size, 0);
      await this.afterBatch(items).catch(() => undefined);
      this.batchStartedAt = undefined;
    }
    this.running = undefined;
  }

  /**
   * One timer for the oldest waiting request: every request waits the same `maxWaitMs` and the
   * queue is first in, first out, so the deadlines behind it are later.
   */
  private armExpiry(): void {
    const head = this.queue[0];
    if (this.expiry || !head) return;
    this.expiry = setTimeout(
      () => {
        this.expiry = undefined;
        this.expire();
        this.armExpiry();
      },
      Math.max(0, head.deadline - Date.now()),
    );
  }

  /** Nothing left to expire: a pending timer would only keep a finishing process (an import) alive. */
  private disarmExpiry(): void {
    clearTimeout(this.expiry);
    this.expiry = undefined;
  }

  private expire(): void {
    const now = Date.now();
    let count = 0;
    while (count < this.queue.length && this.queue[count]!.deadline <= now) count += 1;
    for (const entry of this.queue.splice(0, count)) {
      this.bytes -= entry.size;
      entry.reject(
        new QueueRejection(
          'expired',
          `Waited ${(this.limits.maxWaitMs / 1000).toFixed(1)} s for the database without a turn; retry later.`,
        ),
      );
    }
  }
}
