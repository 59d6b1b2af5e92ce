import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { startKubernetesWatcher } from '../k8s/start.ts';
import { ignoreStdioErrors } from '../log-destination.ts';
import { runServer } from '../main.ts';
import { holdSignalsWhileStarting, stopOnSignals } from './graceful-stop.ts';

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
      ignoreStdioErrors();
      const starting = holdSignalsWhileStarting((code) => process.exit(code));
      const server = await runServer(config);
      const watcher = config.kubernetes.enabled
        ? await startKubernetesWatcher(config.kubernetes, server.services.ingest, server.app.log)
        : undefined;
      const stop = stopOnSignals({
        drainMs: config.shutdownDrainSeconds * 1000,
        timeoutMs: config.shutdownTimeoutSeconds * 1000,
        beginStop: () => server.services.lifecycle.beginStop(),
        close: async () => {
          await watcher?.stop();
          await server.close();
        },
        pending: async () => {
          const queue = server.services.ingest.queue();
          const connections = await new Promise<number>((resolve, reject) =>
            server.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
          );
          return {
            ingest_waiting: queue.waiting,
            ingest_in_batch: queue.inBatch,
            open_connections: connections,
          };
        },
        log: server.app.log,
        flushLogs: (ms) => server.logs.flush(ms),
        exit: (code) => process.exit(code),
      });
      const early = starting.release();
      if (early) stop(early);
    });
}
