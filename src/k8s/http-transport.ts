/**
 * The built-in client: node:http(s) straight to the API server with a bearer token or a client
 * certificate, which is all a pod's service account or a plain kubeconfig needs. Watch streams are
 * newline-delimited JSON over a chunked response; each line is one event.
 */
import http from 'node:http';
import https from 'node:https';
import { isRecord, textAt, type JsonRecord } from '../ingest/transformers/fields.ts';
import { KubeError, type KubeTransport, type ListResult, type WatchEvent } from './transport.ts';

export interface KubeConnection {
  server: string;
  /** A function is called at every request (rotating service-account tokens). */
  token?: string | (() => string) | undefined;
  ca?: string | Buffer | undefined;
  cert?: string | Buffer | undefined;
  key?: string | Buffer | undefined;
  skipTLSVerify?: boolean | undefined;
}

export interface HttpTransportOptions {
  /** A watch that sends nothing (not even a bookmark) for this long is reconnected. */
  idleTimeoutMs?: number;
  /** Asks the server to end each watch after this long (it then resumes): `timeoutSeconds`. */
  watchSeconds?: number;
}

export function createHttpTransport(
  connection: KubeConnection,
  options: HttpTransportOptions = {},
): KubeTransport {
  const base = new URL(connection.server);
  const client = base.protocol === 'https:' ? https : http;
  const request = (path: string, query: Record<string, string> = {}) => {
    const url = new URL(base.pathname.replace(/\/$/, '') + path, base);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const token = typeof connection.token === 'function' ? connection.token() : connection.token;
    return client.request(url, {
      method: 'GET',
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ca: connection.ca,
      cert: connection.cert,
      key: connection.key,
      rejectUnauthorized: connection.skipTLSVerify !== true,
    });
  };
  return {
    name: 'built-in',
    list: (path) => listWith(request(path), path),
    async watch(path, query, onEvent, done) {
      const req = request(path, {
        ...query,
        watch: 'true',
        timeoutSeconds: String(options.watchSeconds ?? 300),
      });
      let finished = false;
      const finish = (error?: Error) => {
        if (finished) return;
        finished = true;
        req.destroy();
        done(error);
      };
      req.setTimeout(options.idleTimeoutMs ?? 60_000, () => finish(new Error(`WATCH ${path}: idle`)));
      req.on('error', (error) => finish(error));
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          finish(new KubeError(`WATCH ${path}: HTTP ${res.statusCode}`, res.statusCode));
          return;
        }
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let newline = buffered.indexOf('\n');
          while (newline >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            if (line !== '') parseEvent(line, onEvent);
            newline = buffered.indexOf('\n');
          }
        });
        res.on('aborted', () => finish(new Error(`WATCH ${path}: connection lost`)));
        res.on('error', (error) => finish(error));
        res.on('end', () => finish(res.complete ? undefined : new Error(`WATCH ${path}: cut short`)));
      });
      req.end();
      return { abort: () => finish() };
    },
  };
}

/** Sends a LIST request and reads its answer (also used with @kubernetes/client-node's options). */
export function listWith(req: http.ClientRequest, path: string): Promise<ListResult> {
  return new Promise<ListResult>((resolve, reject) => {
    req.setTimeout(60_000, () => req.destroy(new Error(`LIST ${path}: no answer in 60 s`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        try {
          resolve(listResult(path, res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
        } catch (error) {
          reject(error);
        }
      });
    });
    req.end();
  });
}

function listResult(path: string, status: number, text: string): ListResult {
  if (status !== 200) {
    throw new KubeError(`LIST ${path}: HTTP ${status} ${text.slice(0, 200)}`, status);
  }
  const body: unknown = JSON.parse(text);
  const items = isRecord(body) && Array.isArray(body.items) ? body.items.filter(isRecord) : [];
  return { resourceVersion: textAt(body, ['metadata', 'resourceVersion']) ?? '', items };
}

function parseEvent(line: string, onEvent: (event: WatchEvent) => void): void {
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    return;
  }
  if (isRecord(event) && typeof event.type === 'string' && isRecord(event.object)) {
    onEvent({ type: event.type, object: event.object as JsonRecord });
  }
}
