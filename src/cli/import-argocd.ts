/**
 * `fivekeys import argocd --url --token`: backfills deployments from the sync history Argo CD keeps
 * per application, mapped by the Argo CD webhook adapter as live notifications are. Idempotent.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { fetchArgoCdApplications } from '../service/argocd-import-client.ts';
import { parseEnvironmentFrom, type EnvironmentFrom } from '../service/argocd-import-payloads.ts';
import { importArgoCdApplications, type ArgoCdImportSummary } from '../service/argocd-import.ts';
import { createAppServices, VERSION } from '../service/app.ts';
import { openMigratedDb } from '../service/database.ts';
import { exitTwoOnUsageError } from './usage.ts';

interface ArgoCdFlags {
  url: string;
  token: string;
  app: string[];
  project: string[];
  environmentFrom: EnvironmentFrom;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function environmentFrom(text: string): EnvironmentFrom {
  const parsed = parseEnvironmentFrom(text);
  if (parsed === undefined) throw new InvalidArgumentError('expected namespace, cluster or label:<key>');
  return parsed;
}

export function importArgoCdCommand(parent: Command, program: Command): void {
  parent
    .command('argocd')
    .description('import deployments from the sync history of Argo CD applications; idempotent')
    .requiredOption('--url <url>', 'the Argo CD server (https://argocd.example.com)')
    .requiredOption('--token <token>', 'an Argo CD API token (argocd account generate-token)')
    .option('--app <name>', 'only this application (repeatable)', collect, [])
    .option('--project <name>', "only this project's applications (repeatable)", collect, [])
    .option(
      '--environment-from <source>',
      'the environment: namespace, cluster or label:<key> (default: the fivekeys/environment annotation, else webhooks.argocd.options.environment, else the namespace)',
      environmentFrom,
      { kind: 'annotation' },
    )
    .option('--json', 'print the summary, with every sync, as JSON')
    .exitOverride(exitTwoOnUsageError)
    .action(async (flags: ArgoCdFlags) => {
      if (!URL.canParse(flags.url)) {
        throw new AppError(
          'invalid_config',
          `--url: "${flags.url}" is not a URL (https://argocd.example.com)`,
        );
      }
      const userAgent = `fivekeys/${VERSION} import argocd`;
      // Argo CD first: a refused token must not create or touch the database.
      const applications = await fetchArgoCdApplications({
        url: flags.url,
        token: flags.token,
        apps: flags.app,
        projects: flags.project,
        userAgent,
      });
      const config = loadConfig(undefined, { config: program.opts<{ config?: string }>().config });
      const { db } = await openMigratedDb(config, 'import argocd');
      const services = createAppServices(db, config);
      try {
        const summary = await importArgoCdApplications(services.webhooks.receive, applications, {
          environmentFrom: flags.environmentFrom,
          userAgent,
        });
        process.stdout.write(`${flags.json ? JSON.stringify(summary, null, 2) : describe(summary)}\n`);
        if (summary.failed > 0) process.exitCode = 1;
      } finally {
        await services.ingest.flush();
        await db.close();
      }
    });
}

function describe(summary: ArgoCdImportSummary): string {
  const lines = [
    `applications: ${summary.applications}`,
    `syncs read:   ${summary.syncs}`,
    `  imported:   ${summary.imported}`,
    `  duplicates: ${summary.duplicates}`,
    `  failed:     ${summary.failed}`,
  ];
  for (const result of summary.results.filter((r) => r.result === 'failed')) {
    lines.push(`${result.app} ${result.entry}: ${result.error ?? 'failed'}`);
  }
  for (const reason of summary.skipped) lines.push(`skipped: ${reason}`);
  return lines.join('\n');
}
