/**
 * `fivekeys watch --url … --token …`: the Kubernetes watcher alone, posting the deployments it
 * detects to a remote fivekeys (`POST /api/v1/deployments`, retried). Without --url it writes into
 * the configured database directly, like `fivekeys serve` with FIVEKEYS_KUBERNETES=true.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { parseNamespaceSelector } from '../k8s/namespace-selector.ts';
import { createIngestSink, createRemoteSink } from '../k8s/sinks.ts';
import { startWatcher } from '../k8s/start.ts';
import type { WatcherConfig } from '../k8s/watcher-config.ts';
import type { Watcher } from '../k8s/watcher.ts';
import { createAppServices } from '../service/app.ts';
import { openMigratedDb } from '../service/database.ts';
import { exitTwoOnUsageError } from './usage.ts';

interface WatchOptions {
  url?: string;
  token?: string;
  kubeconfig?: string;
  namespace?: string[];
  namespaceSelector?: string;
  environment?: string;
  clusterName?: string;
  commitAnnotation?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',')];

export function watchCommand(program: Command): void {
  program
    .command('watch')
    .description(
      'watch Kubernetes rollouts (Deployments, StatefulSets, DaemonSets) and record them as deployments',
    )
    .option('--url <url>', 'post to this fivekeys instead of the local database')
    .option('--token <token>', 'a token with the ingest scope, for --url')
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('-n, --namespace <name>', 'watch this namespace (repeatable; default: all)', collect)
    .option(
      '--namespace-selector <selector>',
      'watch namespaces whose labels or annotations match, e.g. keptn.sh/lifecycle-toolkit=enabled',
    )
    .option(
      '--environment <template>',
      'environment of each deployment: {cluster} and {namespace} are replaced',
    )
    .option('--cluster-name <name>', 'the {cluster} of --environment')
    .option('--commit-annotation <key>', 'label or annotation holding the deployed commit sha')
    .exitOverride(exitTwoOnUsageError)
    .action(async (options: WatchOptions) => {
      const config = loadConfig(undefined, { config: program.opts<{ config?: string }>().config });
      const base = config.kubernetes;
      const settings = withFlags(base, options);
      const log = {
        info: (text: string) => console.error(text),
        warn: (text: string) => console.error(text),
      };
      let watcher: Watcher;
      let close = async () => {};
      if (options.url) {
        watcher = await startWatcher(settings, createRemoteSink(options.url, options.token), log);
      } else {
        const { db } = await openMigratedDb(config, 'watch');
        const services = createAppServices(db, config);
        watcher = await startWatcher(settings, createIngestSink(services.ingest), log);
        close = async () => {
          await services.ingest.flush();
          await db.close();
        };
      }
      const stop = () => {
        void watcher
          .stop()
          .then(close)
          .then(
            () => process.exit(0),
            () => process.exit(1),
          );
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}

function withFlags(base: WatcherConfig, options: WatchOptions): WatcherConfig {
  const namespaces = options.namespace?.map((name) => name.trim()).filter((name) => name !== '');
  return Object.freeze({
    ...base,
    enabled: true,
    kubeconfig: options.kubeconfig ?? base.kubeconfig,
    namespaces: namespaces ?? base.namespaces,
    namespaceSelector:
      options.namespaceSelector === undefined
        ? base.namespaceSelector
        : parseNamespaceSelector(options.namespaceSelector, '--namespace-selector'),
    environment: options.environment ?? base.environment,
    clusterName: options.clusterName ?? base.clusterName,
    commitKeys: options.commitAnnotation
      ? [options.commitAnnotation, ...base.commitKeys.slice(1)]
      : base.commitKeys,
  });
}
