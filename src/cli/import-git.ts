/**
 * `fivekeys import git <path> --service NAME`: a local repository's history through the ingest
 * path (service/git-import.ts), or the server holding the data folder, with a progress bar on a
 * terminal and a summary. Running it again stores nothing new; the exit code is 1 when a commit or
 * tag could not be stored.
 */
import { Presets, SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { VERSION } from '../service/app.ts';
import { assertBranch, assertGitRepository, countCommits } from '../service/imports/git-history.ts';
import { importGit, type GitImportOptions, type GitImportSummary } from '../service/imports/git-import.ts';
import {
  describeSource,
  parseDeploymentSource,
  type DeploymentSource,
} from '../service/imports/git-mapping.ts';
import type { NativeSink } from '../service/imports/ndjson-import.ts';
import { withNativeSink } from './native-sink.ts';
import { addServerTokenOption, resolveTarget } from './target.ts';
import { exitTwoOnUsageError } from './usage.ts';

const BAR_FORMAT = ' {bar} {percentage}% | ETA: {eta}s | {value}/{total} commits and deployments';

interface Flags {
  service: string;
  repository?: string;
  deployments: DeploymentSource;
  environment: string;
  json?: boolean;
  token?: string;
}

function deploymentSource(value: string): DeploymentSource {
  try {
    return parseDeploymentSource(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function importGitCommand(parent: Command, program: Command): void {
  const command = parent
    .command('git')
    .description(
      'import a local git repository: commits as changes, tags or merges as deployments; idempotent',
    )
    .argument('<path>', 'the repository (a working tree or a bare clone)')
    .requiredOption('--service <name>', 'the service the deployments belong to')
    .option(
      '--repository <id>',
      'repository name of the changes (default: origin as owner/name, else the folder)',
    )
    .option(
      '--deployments <source>',
      'tags:<glob> (tag time) or merges:<branch> (merge commits on its first-parent line)',
      deploymentSource,
      parseDeploymentSource('tags:*'),
    )
    .option('--environment <name>', 'the environment of the deployments', 'production')
    .option('--json', 'print the summary as JSON')
    .exitOverride(exitTwoOnUsageError);
  addServerTokenOption(command).action(async (path: string, flags: Flags) => {
    await assertGitRepository(path);
    if (flags.deployments.kind === 'merges') await assertBranch(path, flags.deployments.branch);
    const target = await resolveTarget(program, flags);
    const started = performance.now();
    const options: GitImportOptions = {
      service: flags.service,
      environment: flags.environment,
      deployments: flags.deployments,
      repository: flags.repository,
      userAgent: `fivekeys/${VERSION} import git`,
    };
    const showBar = process.stderr.isTTY && !flags.json;
    const summary = await withNativeSink(target, 'import git', (sink) =>
      importWithProgress(sink, path, options, showBar),
    );
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const report = { ...summary, source: describeSource(flags.deployments), seconds };
    process.stdout.write(`${flags.json ? JSON.stringify(report, null, 2) : describe(report)}\n`);
    if (summary.deployments.found === 0 && summary.commits > 0) {
      process.stderr.write(`hint: ${noDeploymentsHint(flags.deployments)}\n`);
    }
    if (summary.changes.failed + summary.deployments.failed > 0) process.exitCode = 1;
  });
}

async function importWithProgress(
  ingest: NativeSink,
  path: string,
  options: GitImportOptions,
  showBar: boolean,
): Promise<GitImportSummary> {
  if (!showBar) return importGit(ingest, path, options);
  const commits = await countCommits(path);
  const bar = new SingleBar({ format: BAR_FORMAT }, Presets.shades_classic);
  const done = ({ imported, duplicates, failed }: GitImportSummary['changes']) =>
    imported + duplicates + failed;
  bar.start(commits, 0);
  try {
    return await importGit(ingest, path, {
      ...options,
      onProgress: (sofar) => {
        bar.setTotal(commits + sofar.deployments.found);
        bar.update(done(sofar.changes) + done(sofar.deployments));
      },
    });
  } finally {
    bar.stop();
  }
}

/** Commits without deployments give no lead time: say how to find the deployments in this history. */
function noDeploymentsHint(source: DeploymentSource): string {
  return source.kind === 'tags'
    ? `no tag matches ${describeSource(source)}, so no deployment was imported and lead time stays empty: tag your releases (git tag v1.0.0 <commit>), choose other tags (--deployments 'tags:release-*'), or count merge commits as deployments (--deployments merges:main)`
    : `no merge commit is on ${source.branch}'s first-parent line, so no deployment was imported and lead time stays empty: count tags as deployments (--deployments 'tags:v*'), or name the branch pull requests merge into`;
}

function describe(report: GitImportSummary & { source: string; seconds: number }): string {
  const lines = [
    `repository:     ${report.repository}`,
    `commits read:   ${report.commits}`,
    `  imported:     ${report.changes.imported}`,
    `  duplicates:   ${report.changes.duplicates}`,
    `deployments:    ${report.deployments.found} (${report.source})`,
    `  imported:     ${report.deployments.imported}`,
    `  duplicates:   ${report.deployments.duplicates}`,
  ];
  const failed = report.changes.failed + report.deployments.failed;
  if (failed > 0)
    lines.push(`failed:         ${failed}`, ...report.errors.map((e) => `  ${e.item}: ${e.message}`));
  lines.push(`seconds:        ${report.seconds}`);
  return lines.join('\n');
}
