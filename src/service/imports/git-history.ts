/**
 * Reading a local git repository with the `git` binary (the fast, reliable reader of its own
 * format): commits streamed line by line, so a repository of any size never sits in one string;
 * tags; the merge commits of a branch's first-parent line; the origin remote. Fields are separated
 * by 0x1f and records by newlines (a subject holds neither).
 */
import { spawn } from 'node:child_process';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { AppError } from '../../errors.ts';

export interface GitCommit {
  sha: string;
  parents: string[];
  /** Strict ISO 8601 with the committer's offset. */
  committedAt: string;
  authoredAt: string;
  author: string;
  subject: string;
}

export interface GitTag {
  name: string;
  /** The commit the tag points to, through an annotated tag object if there is one. */
  commit: string;
  /** The tagger date of an annotated tag, the commit's committer date of a lightweight one. */
  taggedAt: string;
  annotated: boolean;
}

export interface GitMerge {
  sha: string;
  committedAt: string;
}

const SEP = '\x1f';

/** The lines git prints, as they come; a failure of git is an AppError carrying its own message. */
async function* gitLines(dir: string, args: readonly string[]): AsyncGenerator<string> {
  const child = spawn('git', ['-C', dir, '-c', 'log.showSignature=false', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((done, fail) => {
    child.on('error', fail);
    child.on('close', done);
  });
  exited.catch(() => undefined);
  try {
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) yield line;
  } finally {
    if (child.exitCode === null) child.kill();
  }
  const code = await exited.catch((cause: NodeJS.ErrnoException) => {
    const message = cause.code === 'ENOENT' ? 'git is not installed (or not on PATH)' : cause.message;
    throw new AppError('invalid_config', message, { cause });
  });
  if (code !== 0) throw new AppError('internal', `git ${args[0]} failed: ${stderr.trim() || `exit ${code}`}`);
}

async function gitOutput(dir: string, args: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of gitLines(dir, args)) lines.push(line);
  return lines;
}

/** Throws a usage error (exit code 2) naming the path when it is not inside a git repository. */
export async function assertGitRepository(dir: string): Promise<void> {
  try {
    await gitOutput(dir, ['rev-parse', '--git-dir']);
  } catch (cause) {
    if (cause instanceof AppError && cause.code === 'invalid_config') throw cause;
    throw new AppError('invalid_config', `<path>: ${resolve(dir)} is not a git repository`, { cause });
  }
}

/** `owner/name` of the origin remote's URL (normalized by the caller), else the folder's name. */
export async function readRepositoryName(dir: string): Promise<{ origin?: string; folder: string }> {
  const [origin] = await gitOutput(dir, ['remote', 'get-url', 'origin']).catch(() => []);
  const [top] = await gitOutput(dir, ['rev-parse', '--show-toplevel']).catch(() => []);
  const folder = basename(resolve(top || dir)).replace(/\.git$/i, '');
  return origin ? { origin, folder } : { folder };
}

/** How many commits `readCommits` will yield (for a progress bar: git counts them in milliseconds). */
export async function countCommits(dir: string): Promise<number> {
  const [count] = await gitOutput(dir, ['rev-list', '--all', '--count']);
  return Number(count ?? 0);
}

/** Every commit reachable from any ref, newest first, one at a time. */
export async function* readCommits(dir: string): AsyncGenerator<GitCommit> {
  const format = ['%H', '%P', '%cI', '%aI', '%an', '%s'].join('%x1f');
  for await (const line of gitLines(dir, ['log', '--all', '--date-order', `--format=${format}`])) {
    const [sha = '', parents = '', committedAt = '', authoredAt = '', author = '', ...subject] =
      line.split(SEP);
    if (sha === '') continue;
    yield {
      sha,
      parents: parents === '' ? [] : parents.split(' '),
      committedAt,
      authoredAt,
      author,
      subject: subject.join(SEP),
    };
  }
}

/** Tags that lead to a commit (a tag of a tree or a blob is no release). */
export async function readTags(dir: string): Promise<GitTag[]> {
  const fields = [
    '%(refname:strip=2)',
    '%(objecttype)',
    '%(objectname)',
    '%(*objecttype)',
    '%(*objectname)',
    '%(taggerdate:iso-strict)',
    '%(committerdate:iso-strict)',
    '%(*committerdate:iso-strict)',
  ];
  const lines = await gitOutput(dir, ['for-each-ref', `--format=${fields.join('%1f')}`, 'refs/tags']);
  return lines.flatMap((line): GitTag[] => {
    const [
      name = '',
      type,
      object = '',
      targetType,
      target = '',
      taggerDate = '',
      committerDate = '',
      targetDate = '',
    ] = line.split(SEP);
    if (type === 'commit') return [{ name, commit: object, taggedAt: committerDate, annotated: false }];
    if (type === 'tag' && targetType === 'commit') {
      return [{ name, commit: target, taggedAt: taggerDate || targetDate, annotated: true }];
    }
    return [];
  });
}

/** Throws a usage error naming `--deployments` when the branch (or any commit-ish) is unknown. */
export async function assertBranch(dir: string, branch: string): Promise<void> {
  try {
    await gitOutput(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${branch}^{commit}`]);
  } catch (cause) {
    throw new AppError('invalid_config', `--deployments: no branch ${branch} in this repository`, { cause });
  }
}

/** The merge commits on the first-parent line of a branch, oldest first. */
export async function readFirstParentMerges(dir: string, branch: string): Promise<GitMerge[]> {
  await assertBranch(dir, branch);
  const lines = await gitOutput(dir, [
    ...['log', '--first-parent', '--merges', '--reverse', '--format=%H%x1f%cI', branch, '--'],
  ]);
  return lines.map((line) => {
    const [sha = '', committedAt = ''] = line.split(SEP);
    return { sha, committedAt };
  });
}
