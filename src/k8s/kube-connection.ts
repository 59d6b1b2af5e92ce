/**
 * Where the built-in client connects and how it authenticates, the way kubectl finds it: an
 * explicit kubeconfig, else ~/.kube/config, else the pod's service account. Kubeconfig users that
 * need an exec plugin or an auth provider (EKS, GKE, OIDC) need @kubernetes/client-node.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../errors.ts';
import { isRecord, textAt, valueAt } from '../ingest/transformers/fields.ts';
import type { KubeConnection } from './http-transport.ts';

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

export function loadConnection(
  kubeconfig: string | undefined,
  inClusterServer: string | undefined,
): KubeConnection {
  const path = kubeconfig ?? join(homedir(), '.kube', 'config');
  if (kubeconfig !== undefined || inClusterServer === undefined) {
    if (!existsSync(path)) {
      throw new AppError(
        'invalid_config',
        `kubeconfig: ${path} does not exist and this is not a pod; pass --kubeconfig or set KUBECONFIG`,
      );
    }
    return fromKubeconfig(path);
  }
  return {
    server: inClusterServer,
    ca: readFileSync(join(SERVICE_ACCOUNT, 'ca.crt')),
    // Bound service-account tokens rotate: read the file again at every connection.
    token: () => readFileSync(join(SERVICE_ACCOUNT, 'token'), 'utf8').trim(),
  };
}

function fromKubeconfig(path: string): KubeConnection {
  const fail = (message: string) => new AppError('invalid_config', `kubeconfig ${path}: ${message}`);
  const doc: unknown = parseYaml(readFileSync(path, 'utf8'));
  const named = (list: string, name: string | undefined, key: string) => {
    const items = valueAt(doc, [list]);
    const found = (Array.isArray(items) ? items : []).find((item) => isRecord(item) && item.name === name);
    if (!isRecord(found) || !isRecord(found[key])) throw fail(`no ${key} named "${name}"`);
    return found[key];
  };
  const context = named('contexts', textAt(doc, ['current-context']), 'context');
  const cluster = named('clusters', textAt(context, ['cluster']), 'cluster');
  const user = named('users', textAt(context, ['user']), 'user');
  if (user.exec !== undefined || user['auth-provider'] !== undefined) {
    throw fail(
      'this user authenticates with an exec plugin or auth provider, which needs @kubernetes/client-node',
    );
  }
  const base = dirname(resolve(path));
  const file = (data: string, name: string, record: unknown) => {
    const inline = textAt(record, [data]);
    if (inline !== undefined) return Buffer.from(inline, 'base64');
    const at = textAt(record, [name]);
    return at === undefined ? undefined : readFileSync(resolve(base, at));
  };
  const server = textAt(cluster, ['server']);
  if (server === undefined) throw fail('the cluster has no server');
  const tokenFile = textAt(user, ['tokenFile']);
  return {
    server,
    ca: file('certificate-authority-data', 'certificate-authority', cluster),
    skipTLSVerify: valueAt(cluster, ['insecure-skip-tls-verify']) === true,
    cert: file('client-certificate-data', 'client-certificate', user),
    key: file('client-key-data', 'client-key', user),
    token:
      textAt(user, ['token']) ??
      (tokenFile === undefined ? undefined : () => readFileSync(resolve(base, tokenFile), 'utf8').trim()),
  };
}
