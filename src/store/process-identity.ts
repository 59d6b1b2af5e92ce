/**
 * Who a process is, beyond its pid: pids are reused (a container restarted is pid 1 again), so a
 * lock names its holder by pid and by the kernel's record of when that process started.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** A process as a lock file records it; `bootId` and `startTicks` exist where /proc does (Linux). */
export interface ProcessIdentity {
  pid: number;
  host: string;
  startedAt: string;
  bootId?: string;
  startTicks?: number;
}

export type Liveness = 'alive' | 'gone' | 'elsewhere';

// USER_HZ, the unit of /proc/<pid>/stat's start time: fixed at 100 by the kernel's ABI on Linux.
const TICKS_PER_SECOND = 100;

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

const bootId = (): string | undefined => readText('/proc/sys/kernel/random/boot_id')?.trim();

/** Field 22 of /proc/<pid>/stat, counted after the command name, which may itself hold spaces. */
export function processStartTicks(pid: number): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]);
  return Number.isSafeInteger(ticks) ? ticks : undefined;
}

function bootTimeMs(): number | undefined {
  const line = readText('/proc/stat')
    ?.split('\n')
    .find((candidate) => candidate.startsWith('btime '));
  return line === undefined ? undefined : Number(line.slice(6)) * 1000;
}

/** This process, as a lock records it. */
export function currentProcess(): ProcessIdentity {
  const ticks = processStartTicks(process.pid);
  const boot = bootTimeMs();
  const startedMs =
    ticks !== undefined && boot !== undefined
      ? boot + (ticks * 1000) / TICKS_PER_SECOND
      : Date.now() - process.uptime() * 1000;
  const identity: ProcessIdentity = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date(startedMs).toISOString(),
  };
  const id = bootId();
  return ticks !== undefined && id !== undefined ? { ...identity, bootId: id, startTicks: ticks } : identity;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, it just belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the recorded process still runs. Another host's process cannot be checked from here
 * ('elsewhere'). Start times are compared in kernel ticks within one boot, never through the wall
 * clock, which NTP may step.
 */
export function liveness(recorded: ProcessIdentity): Liveness {
  if (recorded.host !== hostname()) return 'elsewhere';
  if (!Number.isSafeInteger(recorded.pid) || recorded.pid <= 0 || !pidExists(recorded.pid)) return 'gone';
  if (recorded.bootId === undefined || recorded.startTicks === undefined) return 'alive';
  const currentBoot = bootId();
  if (currentBoot === undefined) return 'alive';
  if (currentBoot !== recorded.bootId) return 'gone';
  const ticks = processStartTicks(recorded.pid);
  return ticks === undefined || ticks === recorded.startTicks ? 'alive' : 'gone';
}
