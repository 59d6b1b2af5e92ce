/**
 * `fivekeys import github --repo owner/name`: backfills a repository's pull requests, deployments,
 * releases and incident issues from the GitHub REST API as the webhook deliveries GitHub would
 * have sent (idempotent; a second run fetches only what changed since the first).
 */
import type { Command } from 'commander';
import { AppError } from '../errors.ts';
import { createAppServices, VERSION } from '../service/app.ts';
import { openMigratedDb } from '../service/database.ts';
import { createGitHubClient, toImportError } from '../service/imports/github-import-client.ts';
import { configuredIncidentLabels } from '../service/imports/github-import-sources.ts';
import {
  importGitHub,
  type GitHubImportSummary,
  type GitHubImportTarget,
  type GitHubResource,
  type ResourceSummary,
} from '../service/imports/github-import.ts';
import { createImportCursors } from '../service/imports/import-cursors.ts';
import { serverImportCursors, serverWebhookReceiver } from './server-webhooks.ts';
import { addServerTokenOption, resolveTarget, type Target } from './target.ts';
import { exitTwoOnUsageError } from './usage.ts';

interface GitHubFlags {
  repo: string;
  token?: string;
  since?: string;
  apiUrl: string;
  json?: boolean;
  fivekeysToken?: string;
}

/** `--token` is the GitHub token here. */
const SERVER_TOKEN_FLAG = '--fivekeys-token';

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export function importGitHubCommand(parent: Command, program: Command): void {
  const command = parent
    .command('github')
    .description('import merged pull requests, deployments, releases and incident issues of a repository')
    .requiredOption('--repo <owner/name>', 'the GitHub repository')
    .option('--token <token>', 'a GitHub token that can read the repository (default: GITHUB_TOKEN)')
    .option(
      '--since <date>',
      'import what was updated after this ISO 8601 date, instead of after the last run',
    )
    .option(
      '--api-url <url>',
      'the REST API root (GitHub Enterprise: https://HOST/api/v3)',
      'https://api.github.com',
    )
    .option('--json', 'print the summary as JSON')
    .exitOverride(exitTwoOnUsageError);
  addServerTokenOption(command, SERVER_TOKEN_FLAG).action(async (flags: GitHubFlags) => {
    const { owner, name, since, apiUrl } = parseFlags(flags);
    const target = await resolveTarget(program, { token: flags.fivekeysToken, tokenFlag: SERVER_TOKEN_FLAG });
    const { config } = target;
    const userAgent = `fivekeys/${VERSION} import github`;
    const client = createGitHubClient(
      {
        apiUrl,
        token: flags.token ?? config.githubToken,
        userAgent,
        backoff: {
          onWait: ({ status, waitMs }) =>
            process.stderr.write(`GitHub rate limit (${status}): waiting ${Math.ceil(waitMs / 1000)} s\n`),
        },
      },
      owner,
      name,
    );
    const options = {
      since,
      incidentLabels: configuredIncidentLabels(config.webhooks),
      userAgent,
      onProgress: (resource: GitHubResource, result: ResourceSummary) => {
        if (!flags.json) process.stderr.write(`${resource}: ${result.items} updated\n`);
      },
    };
    try {
      const summary = await withGitHubTarget(target, (sink) => importGitHub(sink, client, options));
      process.stdout.write(`${flags.json ? JSON.stringify(summary, null, 2) : describe(summary)}\n`);
    } catch (error) {
      throw toImportError(error, apiUrl, `${owner}/${name}`);
    }
  });
}

/** The webhooks service and cursors of the folder, or those of the server holding it. */
async function withGitHubTarget<T>(
  target: Target,
  work: (sink: GitHubImportTarget) => Promise<T>,
): Promise<T> {
  if (target.kind === 'server') {
    const receive = serverWebhookReceiver(target.server);
    return work({
      receive: (delivery) => receive('github', delivery),
      cursors: serverImportCursors(target.server),
    });
  }
  const { db } = await openMigratedDb(target.config, 'import github');
  const services = createAppServices(db, target.config);
  try {
    return await work({
      receive: (delivery) => services.webhooks.receive('github', delivery),
      cursors: createImportCursors(db),
    });
  } finally {
    await services.ingest.flush();
    await db.close();
  }
}

function parseFlags(flags: GitHubFlags) {
  const repo = flags.repo.trim();
  if (!REPOSITORY.test(repo)) {
    throw new AppError('invalid_config', `--repo: "${flags.repo}" is not owner/name (e.g. octo-org/shop)`);
  }
  const [owner = '', name = ''] = repo.split('/');
  let since: Date | undefined;
  if (flags.since !== undefined) {
    since = new Date(flags.since);
    if (!/^\d{4}-\d{2}-\d{2}/.test(flags.since) || Number.isNaN(since.getTime())) {
      throw new AppError('invalid_config', `--since: "${flags.since}" is not an ISO 8601 date (2026-03-01)`);
    }
  }
  let url: URL;
  try {
    url = new URL(flags.apiUrl);
  } catch {
    throw new AppError('invalid_config', `--api-url: "${flags.apiUrl}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('invalid_config', `--api-url: "${flags.apiUrl}" is not an http(s) URL`);
  }
  return { owner, name, since, apiUrl: url.toString().replace(/\/+$/, '') };
}

const RESOURCES: [GitHubResource, string][] = [
  ['pulls', 'merged pull requests'],
  ['deployments', 'deployments'],
  ['releases', 'published releases'],
  ['issues', 'incident issues'],
];

function describe(summary: GitHubImportSummary): string {
  const lines = [`${summary.repository}: updated items, deliveries stored / duplicates, rows`];
  for (const [resource, label] of RESOURCES) {
    const { items, stored, duplicates, rows } = summary[resource];
    lines.push(`  ${label.padEnd(22)} ${String(items).padStart(5)}   ${stored} / ${duplicates}   ${rows}`);
  }
  return lines.join('\n');
}
