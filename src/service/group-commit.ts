/**
 * Group commit: requests that arrive while a transaction is running wait and share the next one,
 * so many concurrent senders cost one commit (one fsync) instead of one each, and no request is
 * acknowledged before the transaction holding it has committed.
 */
export class GroupCommitter<In, Out> {
  private queue: { item: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly runBatch: (items: In[]) => Promise<Out[]>,
    private readonly maxBatch = 500,
    /** Runs after a batch is acknowledged and before the next one starts (maintenance). */
    private readonly afterBatch: (items: In[]) => Promise<void> = async () => undefined,
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Resolves once everything submitted so far has been committed or rejected (graceful shutdown). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Yield once so requests parsed in the same tick join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.runBatch(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.resolve(results[index] as Out));
      } catch (error) {
        batch.forEach((entry) => entry.reject(error));
      }
      await this.afterBatch(batch.map((entry) => entry.item)).catch(() => undefined);
    }
    this.running = undefined;
  }
}
