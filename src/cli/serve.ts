import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { startKubernetesWatcher } from '../k8s/start.ts';
import { runServer } from '../main.ts';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('start the service (API, ingestion, metrics) on the embedded database or DATABASE_URL')
    .option('-p, --port <port>', 'port to listen on (FIVEKEYS_PORT, default 8080)')
    .option('--host <host>', 'address to bind (FIVEKEYS_HOST, default 0.0.0.0)')
    .option('--data-dir <dir>', 'embedded database folder (FIVEKEYS_DATA_DIR, default ./fivekeys-data)')
    .action(async (options: { port?: string; host?: string; dataDir?: string }) => {
      const config = loadConfig(undefined, {
        ...options,
        config: program.opts<{ config?: string }>().config,
      });
      const server = await runServer(config);
      const watcher = config.kubernetes.enabled
        ? await startKubernetesWatcher(config.kubernetes, server.services.ingest, server.app.log)
        : undefined;
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        server.app.log.info(`${signal}: finishing in-flight requests and batches`);
        Promise.resolve(watcher?.stop())
          .then(() => server.close())
          .then(
            () => process.exit(0),
            (error: unknown) => {
              server.app.log.error({ err: error }, 'shutdown failed');
              process.exit(1);
            },
          );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
}
