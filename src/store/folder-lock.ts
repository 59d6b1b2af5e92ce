/**
 * One process per embedded data folder: two PGlite instances writing one folder lose data silently
 * and can leave it unopenable. Every process that opens a folder holds `<dataDir>/fivekeys.lock`
 * (a FolderHolder as JSON) for as long as it has the folder open.
 *
 * Hand-made rather than proper-lockfile: its staleness is an mtime that the holder must keep
 * touching, so a live but busy holder loses its lock, and it cannot record the holder's pid and URL.
 */
import { unlinkSync } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.ts';
import {
  publishIfAbsent,
  readContent,
  readContentSync,
  replaceContent,
  withTakeoverMutex,
} from './folder-lock-file.ts';
import { folderLockedMessage } from './folder-locked-message.ts';
import { currentProcess, liveness, type ProcessIdentity } from './process-identity.ts';

export interface FolderHolder {
  pid: number;
  host: string;
  /** ISO time at which the holder process started. */
  startedAt: string;
  /** The HTTP address it serves, when serving. */
  url?: string;
  /** The fivekeys command holding it, e.g. "serve", "demo". */
  command: string;
}

export interface FolderLock {
  readonly holder: FolderHolder;
  setUrl(url: string): Promise<void>;
  release(): Promise<void>;
}

type LockRecord = FolderHolder & ProcessIdentity;

const LOCK_FILE = 'fivekeys.lock';

const isRecord = (value: unknown): value is LockRecord => {
  const candidate = value as Partial<LockRecord> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.pid === 'number' &&
    typeof candidate.host === 'string' &&
    typeof candidate.startedAt === 'string' &&
    typeof candidate.command === 'string'
  );
};

const toHolder = ({ pid, host, startedAt, url, command }: LockRecord): FolderHolder =>
  url === undefined ? { pid, host, startedAt, command } : { pid, host, startedAt, url, command };

const sameProcess = (a: ProcessIdentity, b: ProcessIdentity) =>
  a.pid === b.pid && a.host === b.host && a.startedAt === b.startedAt;

/** The live holder of the folder's lock, or undefined when nobody (or only a stale lock) holds it. */
export async function readFolderHolder(dataDir: string): Promise<FolderHolder | undefined> {
  const content = await readContent(join(dataDir, LOCK_FILE), isRecord);
  if (content?.record === undefined || liveness(content.record) === 'gone') return undefined;
  return toHolder(content.record);
}

/**
 * Takes the folder's lock, or throws AppError 'folder_locked' naming the live holder and what to do.
 * A lock whose process is gone is taken over, and `log` says so. A live lock is never broken, nor
 * one held on another host, which cannot be checked from here.
 */
export async function acquireFolderLock(
  dataDir: string,
  command: string,
  log: (message: string) => void = (message) => console.error(message),
): Promise<FolderLock> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const record: LockRecord = { ...currentProcess(), command };
  // Each round either takes the lock, refuses, or removes a stale one; a few suffice even when
  // other processes take and release it in between.
  for (let round = 0; round < 5; round++) {
    if (await publishIfAbsent(path, record)) return heldLock(path, record);
    const found = await readContent(path, isRecord);
    if (found === undefined) continue;
    const state = found.record === undefined ? 'gone' : liveness(found.record);
    if (found.record !== undefined && state !== 'gone') {
      throw new AppError(
        'folder_locked',
        folderLockedMessage(dataDir, toHolder(found.record), state, command),
      );
    }
    const removed = await withTakeoverMutex(path, async () => {
      // Still the very lock judged stale? Anything else was written since, by a live process.
      if ((await readContent(path, isRecord))?.raw !== found.raw) return false;
      await unlink(path);
      return true;
    });
    if (removed) log(takeoverLine(dataDir, found.record));
  }
  throw new AppError(
    'folder_locked',
    `Could not take the lock of ${dataDir}: it kept changing hands; try again.`,
  );
}

function takeoverLine(dataDir: string, stale: LockRecord | undefined): string {
  const who =
    stale === undefined
      ? 'an unreadable lock'
      : `the lock of pid ${stale.pid} (fivekeys ${stale.command}, started ${stale.startedAt})`;
  return `fivekeys: taking over ${who} on ${dataDir}: that process is no longer running`;
}

function heldLock(path: string, record: LockRecord): FolderLock {
  let current = record;
  let released = false;
  const ours = (found: LockRecord | undefined) => found !== undefined && sameProcess(found, current);
  // A process that exits without closing its database (process.exit on an error) still frees the folder.
  const onExit = () => {
    if (ours(readContentSync(path, isRecord)?.record)) unlinkSync(path);
  };
  process.on('exit', onExit);
  return {
    get holder() {
      return toHolder(current);
    },
    async setUrl(url) {
      if (released) throw new Error(`the lock of ${path} has been released`);
      current = { ...current, url };
      await replaceContent(path, current);
    },
    async release() {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      if (ours((await readContent(path, isRecord))?.record)) await unlink(path).catch(() => undefined);
    },
  };
}
