import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noCatalogFile, parseCatalogFile } from '../src/config-file.ts';
import { loadConfig } from '../src/config.ts';
import { AppError } from '../src/errors.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fivekeys-config-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function yamlFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Asserts an invalid_config AppError whose message contains every given fragment. */
function assertInvalidConfig(load: () => unknown, ...fragments: string[]): void {
  assert.throws(load, (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, 'invalid_config');
    for (const fragment of fragments)
      assert.ok(error.message.includes(fragment), `"${error.message}" names ${fragment}`);
    return true;
  });
}

describe('defaults', () => {
  test('an empty environment gives the defaults and the embedded database', () => {
    const { kubernetes, ...config } = loadConfig({}, {});
    assert.equal(kubernetes.enabled, false); // its own parser is tested in test/k8s
    assert.deepEqual(config, {
      port: 8080,
      host: '0.0.0.0',
      dataDir: './fivekeys-data',
      databaseUrl: undefined,
      databasePrepare: true,
      adminToken: undefined,
      adminUsername: undefined,
      adminPassword: undefined,
      auth: 'auto',
      bodyLimitBytes: 1048576,
      logLevel: 'info',
      metricsCacheSeconds: 30,
      metricsToken: undefined,
      corsOrigins: [],
      trustProxy: false,
      rateLimitPerMinute: 20000,
      requestTimeoutMs: 30000,
      githubToken: undefined,
      ingestQueueLimit: 1000,
      ingestQueueWaitMs: 5000,
      ingestMaxBatch: 500,
      shutdownTimeoutSeconds: 10,
      shutdownDrainSeconds: 0,
      settings: {},
      services: [],
      cloudevents: {},
      webhooks: {},
    });
  });

  test('no file gives what an empty file gives, without compiling the file schema', () => {
    assert.deepEqual(noCatalogFile(), parseCatalogFile({}));
  });

  test('the result is frozen', () => {
    const config = loadConfig({}, {});
    assert.equal(Object.isFrozen(config), true);
    assert.throws(() => {
      (config as { port: number }).port = 1;
    }, TypeError);
  });

  test('empty variables count as unset', () => {
    const config = loadConfig({ FIVEKEYS_PORT: '', FIVEKEYS_HOST: '', FIVEKEYS_DATABASE_URL: '' }, {});
    assert.equal(config.port, 8080);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.databaseUrl, undefined);
  });
});

describe('environment', () => {
  test('DATABASE_URL selects PostgreSQL', () => {
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://db/plain' }, {}).databaseUrl, 'postgres://db/plain');
  });

  test('FIVEKEYS_DATABASE_URL wins over DATABASE_URL', () => {
    const env = { DATABASE_URL: 'postgres://db/plain', FIVEKEYS_DATABASE_URL: 'postgres://db/own' };
    assert.equal(loadConfig(env, {}).databaseUrl, 'postgres://db/own');
    assert.equal(
      loadConfig({ FIVEKEYS_DATABASE_URL: 'postgres://db/own' }, {}).databaseUrl,
      'postgres://db/own',
    );
  });

  test('every variable is read', () => {
    const config = loadConfig(
      {
        FIVEKEYS_PORT: '9090',
        FIVEKEYS_HOST: '127.0.0.1',
        FIVEKEYS_DATA_DIR: '/var/lib/fivekeys',
        FIVEKEYS_ADMIN_TOKEN: 'secret-token',
        FIVEKEYS_ADMIN_USERNAME: 'ops',
        FIVEKEYS_ADMIN_PASSWORD: 'hunter2',
        FIVEKEYS_AUTH: 'required',
        FIVEKEYS_BODY_LIMIT: '4096',
        FIVEKEYS_LOG_LEVEL: 'debug',
        FIVEKEYS_METRICS_CACHE_SECONDS: '5',
        FIVEKEYS_METRICS_TOKEN: 'scrape-token',
        FIVEKEYS_TIMEZONE: 'Europe/Berlin',
        FIVEKEYS_CORS_ORIGINS: 'https://a.example, https://b.example',
        FIVEKEYS_RATE_LIMIT: '0',
        FIVEKEYS_TRUST_PROXY: '10.0.0.0/8, 192.168.1.7',
        FIVEKEYS_REQUEST_TIMEOUT_MS: '5000',
        FIVEKEYS_INGEST_QUEUE_LIMIT: '50',
        GITHUB_TOKEN: 'ghp_example',
        FIVEKEYS_INGEST_QUEUE_WAIT_MS: '2000',
        FIVEKEYS_INGEST_MAX_BATCH: '1',
        FIVEKEYS_DATABASE_PREPARE: 'off',
        FIVEKEYS_SHUTDOWN_TIMEOUT: '25',
        FIVEKEYS_SHUTDOWN_DRAIN: '5',
      },
      {},
    );
    const { kubernetes, ...rest } = config;
    assert.equal(kubernetes.enabled, false);
    assert.deepEqual(rest, {
      port: 9090,
      host: '127.0.0.1',
      dataDir: '/var/lib/fivekeys',
      databaseUrl: undefined,
      databasePrepare: false,
      adminToken: 'secret-token',
      adminUsername: 'ops',
      adminPassword: 'hunter2',
      auth: 'required',
      bodyLimitBytes: 4096,
      logLevel: 'debug',
      metricsCacheSeconds: 5,
      metricsToken: 'scrape-token',
      corsOrigins: ['https://a.example', 'https://b.example'],
      trustProxy: ['10.0.0.0/8', '192.168.1.7'],
      rateLimitPerMinute: 0,
      requestTimeoutMs: 5000,
      githubToken: 'ghp_example',
      ingestQueueLimit: 50,
      ingestQueueWaitMs: 2000,
      ingestMaxBatch: 1,
      shutdownTimeoutSeconds: 25,
      shutdownDrainSeconds: 5,
      settings: { timezone: 'Europe/Berlin' },
      services: [],
      cloudevents: {},
      webhooks: {},
    });
  });

  const invalid: [string, string, string][] = [
    ['FIVEKEYS_PORT', 'eighty', 'a word'],
    ['FIVEKEYS_PORT', '80.5', 'a fraction'],
    ['FIVEKEYS_PORT', '-1', 'a negative number'],
    ['FIVEKEYS_PORT', '70000', 'a number above 65535'],
    ['FIVEKEYS_TIMEZONE', 'Mars/Olympus', 'an unknown zone'],
    ['FIVEKEYS_AUTH', 'sometimes', 'an unknown mode'],
    ['FIVEKEYS_DATABASE_PREPARE', 'maybe', 'neither on nor off'],
    ['FIVEKEYS_BODY_LIMIT', 'lots', 'a word'],
    ['FIVEKEYS_METRICS_CACHE_SECONDS', 'soon', 'a word'],
    ['FIVEKEYS_METRICS_CACHE_SECONDS', '86401', 'more than a day'],
    ['FIVEKEYS_SHUTDOWN_TIMEOUT', '0', 'zero (no time to finish anything)'],
    ['FIVEKEYS_SHUTDOWN_TIMEOUT', '2.5', 'a fraction'],
    ['FIVEKEYS_SHUTDOWN_DRAIN', '10', 'the whole default grace period'],
    ['FIVEKEYS_TRUST_PROXY', 'the load balancer', 'not an address'],
    ['FIVEKEYS_TRUST_PROXY', '10.0.0.0/33', 'a CIDR with a bad prefix'],
    ['FIVEKEYS_TRUST_PROXY', '0', 'zero hops'],
  ];
  for (const [name, value, what] of invalid) {
    test(`${name} set to ${what} is refused naming the variable`, () => {
      assertInvalidConfig(() => loadConfig({ [name]: value }, {}), name);
    });
  }
});

describe('FIVEKEYS_TRUST_PROXY', () => {
  test('on, off, a hop count or a list of addresses and CIDRs', () => {
    const trust = (value: string) => loadConfig({ FIVEKEYS_TRUST_PROXY: value }, {}).trustProxy;
    assert.equal(trust('on'), true);
    assert.equal(trust('true'), true);
    assert.equal(trust('off'), false);
    assert.equal(trust('2'), 2);
    assert.deepEqual(trust('127.0.0.1'), ['127.0.0.1']);
    assert.deepEqual(trust('::1, fd00::/8,10.1.2.3/32'), ['::1', 'fd00::/8', '10.1.2.3/32']);
  });
});

describe('precedence', () => {
  const fileText = [
    'server:',
    '  port: 7000',
    '  host: file-host',
    '  data_dir: /file/data',
    '  database_url: postgres://file/db',
    '',
  ].join('\n');
  const env = {
    FIVEKEYS_PORT: '7100',
    FIVEKEYS_HOST: 'env-host',
    FIVEKEYS_DATA_DIR: '/env/data',
    FIVEKEYS_DATABASE_URL: 'postgres://env/db',
  };
  const flags = { port: '7200', host: 'flag-host', dataDir: '/flag/data', databaseUrl: 'postgres://flag/db' };
  const pickOf = ({ port, host, dataDir, databaseUrl }: ReturnType<typeof loadConfig>) => ({
    port,
    host,
    dataDir,
    databaseUrl,
  });

  test('the file overrides the defaults', () => {
    const config = yamlFile('precedence.yaml', fileText);
    assert.deepEqual(pickOf(loadConfig({}, { config })), {
      port: 7000,
      host: 'file-host',
      dataDir: '/file/data',
      databaseUrl: 'postgres://file/db',
    });
  });

  test('the environment overrides the file', () => {
    const config = yamlFile('precedence.yaml', fileText);
    assert.deepEqual(pickOf(loadConfig(env, { config })), {
      port: 7100,
      host: 'env-host',
      dataDir: '/env/data',
      databaseUrl: 'postgres://env/db',
    });
  });

  test('flags override the environment and the file', () => {
    const config = yamlFile('precedence.yaml', fileText);
    assert.deepEqual(pickOf(loadConfig(env, { ...flags, config })), {
      port: 7200,
      host: 'flag-host',
      dataDir: '/flag/data',
      databaseUrl: 'postgres://flag/db',
    });
  });

  test('the metrics cache interval and token come from the file, the environment overriding them', () => {
    const config = yamlFile(
      'metrics.yaml',
      'server: { metrics_cache_seconds: 5, metrics_token: from-file }\n',
    );
    const fromFile = loadConfig({}, { config });
    assert.deepEqual([fromFile.metricsCacheSeconds, fromFile.metricsToken], [5, 'from-file']);
    const env = { FIVEKEYS_METRICS_CACHE_SECONDS: '0', FIVEKEYS_METRICS_TOKEN: 'from-env' };
    const fromEnv = loadConfig(env, { config });
    assert.deepEqual([fromEnv.metricsCacheSeconds, fromEnv.metricsToken], [0, 'from-env']);
  });

  test('DATABASE_URL overrides the file too', () => {
    const config = yamlFile('precedence.yaml', fileText);
    assert.equal(
      loadConfig({ DATABASE_URL: 'postgres://plain/db' }, { config }).databaseUrl,
      'postgres://plain/db',
    );
  });

  test('FIVEKEYS_CONFIG names the file when no flag does', () => {
    const fromEnv = yamlFile('from-env.yaml', 'server:\n  port: 7001\n');
    const fromFlag = yamlFile('from-flag.yaml', 'server:\n  port: 7002\n');
    assert.equal(loadConfig({ FIVEKEYS_CONFIG: fromEnv }, {}).port, 7001);
    assert.equal(loadConfig({ FIVEKEYS_CONFIG: fromEnv }, { config: fromFlag }).port, 7002);
  });

  test('the file sets settings and services, and FIVEKEYS_TIMEZONE overrides its time zone', () => {
    const config = yamlFile(
      'catalog.yaml',
      [
        'server:',
        '  auth: required',
        '  body_limit: 2048',
        '  log_level: warn',
        'settings:',
        '  timezone: Europe/Paris',
        '  production_pattern: ^live',
        'services:',
        '  - name: checkout',
        '    team: payments',
        '    application: shop',
        '    production_environments: [live-eu]',
        '  - name: blog',
        '',
      ].join('\n'),
    );
    const fromFile = loadConfig({}, { config });
    assert.equal(fromFile.auth, 'required');
    assert.equal(fromFile.bodyLimitBytes, 2048);
    assert.equal(fromFile.logLevel, 'warn');
    assert.deepEqual(fromFile.settings, { timezone: 'Europe/Paris', production_pattern: '^live' });
    assert.deepEqual(fromFile.services, [
      {
        name: 'checkout',
        application: 'shop',
        team: 'payments',
        repositories: [],
        production_environments: ['live-eu'],
        settings: {},
      },
      {
        name: 'blog',
        application: undefined,
        team: undefined,
        repositories: [],
        production_environments: [],
        settings: {},
      },
    ]);
    const overridden = loadConfig({ FIVEKEYS_TIMEZONE: 'Asia/Tokyo', FIVEKEYS_AUTH: 'off' }, { config });
    assert.deepEqual(overridden.settings, { timezone: 'Asia/Tokyo', production_pattern: '^live' });
    assert.equal(overridden.auth, 'off');
  });
});

describe('invalid files', () => {
  test('an unknown key is refused naming the file and the key', () => {
    const path = yamlFile('unknown-key.yaml', 'server:\n  prot: 8080\n');
    assertInvalidConfig(() => loadConfig({}, { config: path }), path, 'server.prot');
  });

  test('an unknown top-level key is refused naming it', () => {
    const path = yamlFile('unknown-top.yaml', 'servers:\n  port: 8080\n');
    assertInvalidConfig(() => loadConfig({}, { config: path }), path, 'servers');
  });

  test('a service without a name is refused naming its entry', () => {
    const path = yamlFile('no-name.yaml', 'services:\n  - name: web\n  - team: payments\n');
    assertInvalidConfig(() => loadConfig({}, { config: path }), path, 'services[1].name');
  });

  test('a service entry with a wrong type is refused naming the field', () => {
    const path = yamlFile('bad-type.yaml', 'services:\n  - name: web\n    production_environments: 5\n');
    assertInvalidConfig(() => loadConfig({}, { config: path }), path, 'services[0].production_environments');
  });

  test('a service entry with an unknown key is refused naming it', () => {
    const path = yamlFile('service-typo.yaml', 'services:\n  - name: web\n    teem: payments\n');
    assertInvalidConfig(() => loadConfig({}, { config: path }), path, 'services[0].teem');
  });

  test('a production_pattern is kept verbatim: PostgreSQL judges it when it is applied', () => {
    const path = yamlFile(
      'service-regex.yaml',
      'services:\n  - name: web\n    settings:\n      production_pattern: "^(prod|live)"\n',
    );
    assert.equal(loadConfig({}, { config: path }).services[0]?.settings.production_pattern, '^(prod|live)');
  });

  test('an unknown time zone in the file is refused naming the file and the field', () => {
    const path = yamlFile('bad-zone.yaml', 'settings:\n  timezone: Mars/Olympus\n');
    assertInvalidConfig(() => loadConfig({}, { config: path }), path, 'settings.timezone');
  });

  test('a file that is not YAML is refused naming it', () => {
    const path = yamlFile('broken.yaml', 'server: [\n');
    assertInvalidConfig(() => loadConfig({}, { config: path }), path);
  });

  test('a missing file is refused naming it', () => {
    const path = join(dir, 'does-not-exist.yaml');
    assertInvalidConfig(() => loadConfig({}, { config: path }), path);
  });

  test('an empty file gives the defaults', () => {
    const path = yamlFile('empty.yaml', '');
    assert.equal(loadConfig({}, { config: path }).port, 8080);
  });

  test('a CloudEvents route to an unknown transformer stops the start naming the route', () => {
    const path = yamlFile(
      'bad-route.yaml',
      'cloudevents:\n  routes:\n    - { type: "com.acme.*", transformers: [acme] }\n',
    );
    assertInvalidConfig(
      () => loadConfig({}, { config: path }),
      'cloudevents.routes[0].transformers[0]',
      'acme',
    );
  });

  test('a mapping rule with a broken expression stops the start naming the rule and the field', () => {
    const path = yamlFile(
      'bad-mapping.yaml',
      [
        'cloudevents:',
        '  mappings:',
        '    - name: acme-deploys',
        '      deployment:',
        '        service: "data.app("',
        '        environment: "\'production\'"',
        '        status: "\'success\'"',
        '        finished_at: time',
        '',
      ].join('\n'),
    );
    assertInvalidConfig(
      () => loadConfig({}, { config: path }),
      'cloudevents.mappings[0].deployment.service',
      'acme-deploys',
    );
  });

  test('a valid CloudEvents section is kept for the router', () => {
    const path = yamlFile('routes.yaml', 'cloudevents:\n  cdevents:\n    deploy_pipelines: ["deploy-*"]\n');
    assert.deepEqual(loadConfig({}, { config: path }).cloudevents, {
      cdevents: { deploy_pipelines: ['deploy-*'] },
    });
  });
});

describe('webhooks', () => {
  test('secrets come from the file and the environment (comma-separated), the environment winning', () => {
    const path = yamlFile(
      'webhooks.yaml',
      [
        'webhooks:',
        '  github: { secrets: [from-file], options: { deploymentWorkflows: [Deploy*] } }',
        '  gitlab: { secrets: [gl-file] }',
        '  alertmanager: { options: { match: { page: "true" } } }',
      ].join('\n'),
    );
    const config = loadConfig(
      {
        FIVEKEYS_GITHUB_WEBHOOK_SECRET: 'new, old',
        FIVEKEYS_GITLAB_SIGNING_TOKEN: 'whsec_a2V5',
        FIVEKEYS_PAGERDUTY_WEBHOOK_SECRET: 'pd',
        FIVEKEYS_FLUX_WEBHOOK_SECRET: 'flux',
      },
      { config: path },
    );
    assert.deepEqual(config.webhooks, {
      github: { secrets: ['new', 'old'], options: { deploymentWorkflows: ['Deploy*'] } },
      gitlab: { secrets: ['gl-file'], signing_keys: ['whsec_a2V5'] },
      alertmanager: { options: { match: { page: 'true' } } },
      pagerduty: { secrets: ['pd'] },
      flux: { secrets: ['flux'] },
    });
  });

  test('a misspelt adapter option is refused naming it', () => {
    const path = yamlFile(
      'webhook-typo.yaml',
      'webhooks:\n  github:\n    options: { deploymentWorkflow: [x] }\n',
    );
    assertInvalidConfig(
      () => loadConfig({}, { config: path }),
      path,
      'webhooks.github.options.deploymentWorkflow',
    );
  });

  test('token sources take no secret', () => {
    const path = yamlFile('webhook-secret.yaml', 'webhooks:\n  alertmanager: { secrets: [x] }\n');
    assertInvalidConfig(() => loadConfig({}, { config: path }), path, 'webhooks.alertmanager.secrets');
  });
});
