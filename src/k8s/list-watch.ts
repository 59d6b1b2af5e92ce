/**
 * The list-then-watch loop of one resource path, the way the API server wants it used: LIST gives
 * the objects and a resourceVersion; WATCH from it streams changes (bookmarks included, so a quiet
 * stream still moves the resourceVersion forward); a closed or broken stream resumes from the last
 * resourceVersion seen; 410 Gone (an ERROR event or the HTTP status) means that version was
 * compacted away, so everything is listed again. Errors back off exponentially, reset by any event.
 */
import { isRecord, textAt, type JsonRecord } from '../ingest/transformers/fields.ts';
import { KubeError, type KubeTransport, type WatchEvent } from './transport.ts';

export interface ListWatchHandlers {
  /** Every object of a (re-)list, in order, before any later watch event. */
  listed(items: readonly JsonRecord[]): Promise<void> | void;
  event(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: JsonRecord): Promise<void> | void;
  error?(error: Error): void;
}

export interface ListWatchOptions {
  /** First backoff after an error (ms); doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export class ListWatch {
  private resourceVersion = '';
  private stopped = false;
  private handle: { abort(): void } | undefined;
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private firstList: Promise<void>;
  private listedOnce!: () => void;

  constructor(
    private readonly transport: KubeTransport,
    readonly path: string,
    private readonly handlers: ListWatchHandlers,
    private readonly options: ListWatchOptions = {},
  ) {
    this.firstList = new Promise((resolve) => (this.listedOnce = resolve));
  }

  /** Resolves once the first list has been handled; the loop goes on until stop(). */
  start(): Promise<void> {
    this.running ??= this.loop();
    return this.firstList;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.handle?.abort();
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    let backoff = 0;
    while (!this.stopped) {
      let failure: Error | undefined;
      try {
        if (this.resourceVersion === '') await this.relist();
        const result = await this.watchOnce();
        if (result.progressed) backoff = 0;
        failure = result.error;
        // A stream the server closed at once, with nothing in it: do not reconnect in a tight loop.
        if (!failure && !result.progressed && this.resourceVersion !== '') {
          await this.sleep(this.options.backoffMs ?? 1000);
        }
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
      if (failure === undefined || this.stopped) continue;
      if (failure instanceof KubeError && failure.statusCode === 410) {
        this.resourceVersion = '';
        continue;
      }
      this.handlers.error?.(failure);
      backoff = Math.min(
        backoff === 0 ? (this.options.backoffMs ?? 1000) : backoff * 2,
        this.options.maxBackoffMs ?? 30_000,
      );
      await this.sleep(backoff);
    }
  }

  private async relist(): Promise<void> {
    const list = await this.transport.list(this.path);
    await this.handlers.listed(list.items);
    this.resourceVersion = list.resourceVersion;
    this.listedOnce();
  }

  /** One WATCH request, until it ends: whether it delivered anything, and what broke it. */
  private watchOnce(): Promise<{ progressed: boolean; error?: Error | undefined }> {
    return new Promise((resolve) => {
      let progressed = false;
      let queue = Promise.resolve();
      const query = { resourceVersion: this.resourceVersion, allowWatchBookmarks: 'true' };
      const onEvent = (event: WatchEvent) => {
        queue = queue.then(async () => {
          progressed = (await this.apply(event)) || progressed;
        });
      };
      const done = (error?: Error) => {
        this.handle = undefined;
        // After a 410 ERROR event or stop(), the abort that ended the stream is no failure.
        const ended = (failure?: Error) =>
          resolve({ progressed, error: this.resourceVersion === '' || this.stopped ? undefined : failure });
        void queue.then(() => ended(error), ended);
      };
      this.transport.watch(this.path, query, onEvent, done).then(
        (handle) => {
          this.handle = handle;
          if (this.stopped) handle.abort();
        },
        (error: unknown) =>
          resolve({ progressed, error: error instanceof Error ? error : new Error(String(error)) }),
      );
    });
  }

  private async apply(event: WatchEvent): Promise<boolean> {
    if (this.stopped || this.resourceVersion === '') return false;
    if (event.type === 'ERROR') {
      const code = isRecord(event.object) ? event.object.code : undefined;
      if (code === 410) this.resourceVersion = '';
      else {
        const message = textAt(event.object, ['message']) ?? 'unknown';
        this.handlers.error?.(new KubeError(`watch error: ${message}`, Number(code)));
      }
      // The server ends the stream after an ERROR; the loop then lists again or resumes.
      this.handle?.abort();
      return false;
    }
    if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') {
      await this.handlers.event(event.type, event.object);
    }
    const version = textAt(event.object, ['metadata', 'resourceVersion']);
    if (version !== undefined) this.resourceVersion = version;
    return true;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
