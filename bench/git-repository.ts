/**
 * A git repository of any size in seconds, through `git fast-import` (100k commits in a few
 * seconds, where one `git commit` per commit would take minutes): a main branch whose history
 * alternates direct commits and feature branches merged with merge commits, tagged every
 * `tagEvery` main-line steps (every other tag annotated, an hour after its commit). Commit times
 * are ten minutes apart from `start`, so expectations can be computed from the numbers alone.
 * Used by bench/git-import.ts and test/cli/import-git.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';

export interface GitRepositoryShape {
  /** Total number of commits (merge commits included). */
  commits: number;
  /** One main-line step in `tagEvery` is tagged `v0.0.<n>`. */
  tagEvery: number;
  /** One step in `mergeEvery` is a feature branch of `featureLength` commits merged into main. */
  mergeEvery?: number;
  featureLength?: number;
  /** Seconds since the epoch of the first commit. */
  start?: number;
}

export interface GitRepositoryFacts {
  commits: number;
  merges: number;
  tags: number;
  annotatedTags: number;
}

const STEP = 600;

/** The fast-import stream, chunk by chunk, and what it creates. */
function* fastImportStream(shape: GitRepositoryShape, facts: GitRepositoryFacts): Generator<string> {
  const { commits, tagEvery, mergeEvery = 4, featureLength = 3, start = 1_767_225_600 } = shape;
  let mark = 0;
  let mainHead = 0;
  let step = 0;
  const commit = (ref: string, from: number, merge?: number) => {
    mark += 1;
    const when = start + mark * STEP;
    const who = `Dev ${mark % 7} <dev${mark % 7}@example.com> ${when} +0000`;
    const message = `${merge ? 'Merge feature' : 'Change'} ${mark}\n`;
    return [
      `commit ${ref}\nmark :${mark}\nauthor ${who}\ncommitter ${who}\n`,
      `data ${Buffer.byteLength(message)}\n${message}`,
      from ? `from :${from}\n` : '',
      merge ? `merge :${merge}\n` : '',
      `M 644 inline file.txt\ndata ${String(mark).length}\n${mark}\n\n`,
    ].join('');
  };
  while (mark < commits) {
    step += 1;
    if (step % mergeEvery === 0 && mark + featureLength + 1 <= commits) {
      let featureHead = mainHead;
      for (let i = 0; i < featureLength; i++) {
        yield commit('refs/heads/feature', featureHead);
        featureHead = mark;
      }
      yield commit('refs/heads/main', mainHead, featureHead);
      facts.merges += 1;
    } else {
      yield commit('refs/heads/main', mainHead);
    }
    mainHead = mark;
    facts.commits = mark;
    if (step % tagEvery === 0) yield tag(`v0.0.${step / tagEvery}`, mainHead, start + mark * STEP, facts);
  }
}

function tag(name: string, target: number, committed: number, facts: GitRepositoryFacts): string {
  facts.tags += 1;
  if (facts.tags % 2 === 1) return `reset refs/tags/${name}\nfrom :${target}\n\n`;
  facts.annotatedTags += 1;
  const message = `Release ${name}\n`;
  const tagger = `Release Bot <release@example.com> ${committed + 3600} +0000`;
  return `tag ${name}\nfrom :${target}\ntagger ${tagger}\ndata ${Buffer.byteLength(message)}\n${message}\n`;
}

/** Creates the repository in `dir` (an empty or missing folder), `main` checked out. */
export async function createGitRepository(
  dir: string,
  shape: GitRepositoryShape,
): Promise<GitRepositoryFacts> {
  const init = spawnSync('git', ['init', '--quiet', '--initial-branch=main', dir], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`git init: ${init.stderr}`);
  const facts: GitRepositoryFacts = { commits: 0, merges: 0, tags: 0, annotatedTags: 0 };
  const child = spawn('git', ['-C', dir, 'fast-import', '--quiet', '--done'], {
    stdio: ['pipe', 'ignore', 'inherit'],
    // glibc otherwise gives memory back after every commit: 45 s of brk calls for 5,000 commits, 1.7 s with.
    env: { ...process.env, MALLOC_TOP_PAD_: String(64 << 20) },
  });
  const exited = once(child, 'close');
  // Written in chunks of about 64 KiB: one pipe write per commit costs more than fast-import itself.
  let pending = '';
  for (const chunk of fastImportStream(shape, facts)) {
    pending += chunk;
    if (pending.length < 1 << 16) continue;
    if (!child.stdin.write(pending)) await once(child.stdin, 'drain');
    pending = '';
  }
  child.stdin.end(`${pending}done\n`);
  const [status] = (await exited) as [number | null];
  if (status !== 0) throw new Error(`git fast-import exited with ${status}`);
  spawnSync('git', ['-C', dir, 'checkout', '--quiet', 'main']);
  return facts;
}
