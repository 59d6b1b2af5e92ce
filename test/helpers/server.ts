/** A real listening server on 127.0.0.1:0 over a test database, driven with real fetch. */
import type { Config } from '../../src/config.ts';
import { buildServer, type ServerOptions } from '../../src/http/server.ts';
import { createAppServices, type AppServices } from '../../src/service/app.ts';
import type { AuditLimits } from '../../src/service/auth/audit.ts';
import type { LoginLimits } from '../../src/service/auth/login-guard.ts';
import type { Db } from '../../src/store/db.ts';
import type { Answer } from '../../src/http/answer-check.ts';
import { createAnswerChecker, type OpenApiDocument } from './openapi-answers.ts';

export interface TestServer {
  url: string;
  services: AppServices;
  close(): Promise<void>;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  post(path: string, body: unknown, token?: string): Promise<TestResponse>;
  get(path: string, token?: string): Promise<TestResponse>;
}

export interface RequestOptions {
  body?: string;
  json?: unknown;
  token?: string;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  // Tests inspect arbitrary JSON; a looser type here keeps assertions short.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

type AuthConfig = Partial<
  Pick<
    Config,
    | 'auth'
    | 'adminToken'
    | 'adminUsername'
    | 'adminPassword'
    | 'bodyLimitBytes'
    | 'cloudevents'
    | 'webhooks'
    | 'metricsCacheSeconds'
    | 'metricsToken'
  >
> & {
  dashboardDir?: string;
  server?: Partial<ServerOptions>;
  loginLimits?: LoginLimits;
  auditLimits?: AuditLimits;
};

export async function startServer(db: Db, config: AuthConfig = {}): Promise<TestServer> {
  const services = createAppServices(db, {
    auth: config.auth ?? 'auto',
    adminToken: config.adminToken,
    adminUsername: config.adminUsername,
    adminPassword: config.adminPassword,
    cloudevents: config.cloudevents,
    webhooks: config.webhooks,
    metricsCacheSeconds: config.metricsCacheSeconds,
    metricsToken: config.metricsToken,
    ...(config.loginLimits ? { loginLimits: config.loginLimits } : {}),
    ...(config.auditLimits ? { auditLimits: config.auditLimits } : {}),
  });
  // Every answer is compared with /openapi.json; a mismatch fails the request that got it.
  const mismatches: string[] = [];
  let mismatchOf: ((answer: Answer) => string | undefined) | undefined;
  const app = await buildServer(services, {
    bodyLimitBytes: config.bodyLimitBytes ?? 1 << 20,
    logLevel: 'silent',
    ...(config.dashboardDir === undefined ? {} : { dashboardDir: config.dashboardDir }),
    checkAnswer: (answer) => {
      // Built at the first answer: the document exists once every route is registered.
      mismatchOf ??= createAnswerChecker(app.swagger() as unknown as OpenApiDocument);
      const mismatch = mismatchOf(answer);
      if (mismatch) mismatches.push(mismatch);
    },
    ...config.server,
  });
  const reportMismatches = () => {
    if (mismatches.length > 0)
      throw new Error(`Answers unlike /openapi.json:\n${mismatches.splice(0).join('\n')}`);
  };
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const request = async (
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<TestResponse> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(url + path, { method, headers, body });
    const text = await response.text();
    reportMismatches();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    url,
    services,
    request,
    post: (path, json, token) => request('POST', path, { json, token }),
    get: (path, token) => request('GET', path, { token }),
    async close() {
      await app.close();
      await services.ingest.flush();
      reportMismatches();
    },
  };
}
