/**
 * The lock file's primitives: publish it only if absent, replace it, read it, and a mutex that
 * lets exactly one process at a time remove a stale one.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, mkdir, open, readFile, rename, rmdir, stat, unlink } from 'node:fs/promises';

/** What the file holds, as read: `record` is undefined when the text is not a lock record. */
export interface LockFileContent<T> {
  raw: string;
  record: T | undefined;
}

// A takeover removes one file and takes milliseconds: a mutex this old was left by a taker that died.
const ABANDONED_MUTEX_MS = 10_000;
const MUTEX_WAIT_MS = 15_000;

const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

async function writeNew(path: string, text: string, synced: boolean): Promise<void> {
  const file = await open(path, 'wx');
  try {
    await file.writeFile(text);
    if (synced) await file.sync();
  } finally {
    await file.close();
  }
}

const tempPath = (path: string) => `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;

/**
 * Writes `record` to `path` unless the file exists. The text is written and synced in a file of its
 * own first, then linked to the lock's name (link fails when the name exists): a reader never sees
 * a half-written lock, which an exclusive create followed by a write would show.
 */
export async function publishIfAbsent(path: string, record: object): Promise<boolean> {
  const temp = tempPath(path);
  await writeNew(temp, JSON.stringify(record), true);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if (errno(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Replaces the file's content at once (rename over it). Not synced: what it adds (a server's URL)
 * only matters while its holder lives, and serve writes it on its way to handling signals.
 */
export async function replaceContent(path: string, record: object): Promise<void> {
  const temp = tempPath(path);
  await writeNew(temp, JSON.stringify(record), false);
  await rename(temp, path).catch(async (error: unknown) => {
    await unlink(temp).catch(() => undefined);
    throw error;
  });
}

function parse<T>(raw: string, isRecord: (value: unknown) => value is T): LockFileContent<T> {
  try {
    const value: unknown = JSON.parse(raw);
    return { raw, record: isRecord(value) ? value : undefined };
  } catch {
    return { raw, record: undefined };
  }
}

export async function readContent<T>(
  path: string,
  isRecord: (value: unknown) => value is T,
): Promise<LockFileContent<T> | undefined> {
  try {
    return parse(await readFile(path, 'utf8'), isRecord);
  } catch (error) {
    if (errno(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** The synchronous read, for a process 'exit' listener, which cannot wait. */
export function readContentSync<T>(
  path: string,
  isRecord: (value: unknown) => value is T,
): LockFileContent<T> | undefined {
  try {
    return parse(readFileSync(path, 'utf8'), isRecord);
  } catch {
    return undefined;
  }
}

async function abandoned(mutex: string): Promise<boolean> {
  const info = await stat(mutex).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > ABANDONED_MUTEX_MS;
}

/**
 * Runs `work` while holding `<path>.takeover` (mkdir succeeds for one process only). Without it two
 * processes that both read the same stale lock could both remove "it", the second removing the
 * fresh lock the first had just written.
 */
export async function withTakeoverMutex<T>(path: string, work: () => Promise<T>): Promise<T> {
  const mutex = `${path}.takeover`;
  const deadline = Date.now() + MUTEX_WAIT_MS;
  for (;;) {
    try {
      await mkdir(mutex);
      break;
    } catch (error) {
      if (errno(error) !== 'EEXIST') throw error;
      if (await abandoned(mutex)) await rmdir(mutex).catch(() => undefined);
      else if (Date.now() > deadline) throw new Error(`${mutex} has been held for too long`);
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  try {
    return await work();
  } finally {
    await rmdir(mutex).catch(() => undefined);
  }
}
