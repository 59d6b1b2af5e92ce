/**
 * `fivekeys import argocd --url --token`: backfills deployments from the sync history Argo CD keeps
 * per application, mapped by the Argo CD webhook adapter as live notifications are. Idempotent.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { AppError } from '../errors.ts';
import { fetchArgoCdApplications } from '../service/imports/argocd-import-client.ts';
import { parseEnvironmentFrom, type EnvironmentFrom } from '../service/imports/argocd-import-payloads.ts';
import { importArgoCdApplications, type ArgoCdImportSummary } from '../service/imports/argocd-import.ts';
import { createAppServices, VERSION } from '../service/app.ts';
import { openMigratedDb } from '../service/database.ts';
import { serverWebhookReceiver } from './server-webhooks.ts';
import { addServerTokenOption, resolveTarget, type Target } from './target.ts';
import { exitTwoOnUsageError } from './usage.ts';

interface ArgoCdFlags {
  url: string;
  token: string;
  app: string[];
  project: string[];
  environmentFrom: EnvironmentFrom;
  json?: boolean;
  fivekeysToken?: string;
}

/** `--token` is the Argo CD token here. */
const SERVER_TOKEN_FLAG = '--fivekeys-token';

const collect = (value: string, previous: string[]) => [...previous, value];

function environmentFrom(text: string): EnvironmentFrom {
  const parsed = parseEnvironmentFrom(text);
  if (parsed === undefined) throw new InvalidArgumentError('expected namespace, cluster or label:<key>');
  return parsed;
}

export function importArgoCdCommand(parent: Command, program: Command): void {
  const command = parent
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
    .exitOverride(exitTwoOnUsageError);
  addServerTokenOption(command, SERVER_TOKEN_FLAG).action(async (flags: ArgoCdFlags) => {
    if (!URL.canParse(flags.url)) {
      throw new AppError('invalid_config', `--url: "${flags.url}" is not a URL (https://argocd.example.com)`);
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
    const target = await resolveTarget(program, { token: flags.fivekeysToken, tokenFlag: SERVER_TOKEN_FLAG });
    const options = { environmentFrom: flags.environmentFrom, userAgent };
    const summary = await withReceiver(target, (receive) =>
      importArgoCdApplications(receive, applications, options),
    );
    process.stdout.write(`${flags.json ? JSON.stringify(summary, null, 2) : describe(summary)}\n`);
    if (summary.failed > 0) process.exitCode = 1;
  });
}

type Receive = Parameters<typeof importArgoCdApplications>[0];

/** The folder's webhooks service, or the server holding the folder. */
async function withReceiver<T>(target: Target, work: (receive: Receive) => Promise<T>): Promise<T> {
  if (target.kind === 'server') return work(serverWebhookReceiver(target.server));
  const { db } = await openMigratedDb(target.config, 'import argocd');
  const services = createAppServices(db, target.config);
  try {
    return await work(services.webhooks.receive);
  } finally {
    await services.ingest.flush();
    await db.close();
  }
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
