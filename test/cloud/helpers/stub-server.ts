// A scripted HTTP server on 127.0.0.1 for the client's own logic (retry,
// paging, error mapping). It records every request so tests can count calls
// and read exactly what went on the wire.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudConfig } from '../../../shared/cloud/config';

export interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** `x-acs-action` (RPC) or the query's Action. */
  action: string;
}

export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  body?: unknown;
  /** Close the socket without answering (a network failure). */
  destroy?: boolean;
  /** Answer only after this many real milliseconds (to trip a read timeout). */
  delayMs?: number;
}

export interface StubServer {
  endpoint: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

export async function startStubServer(reply: (req: StubRequest, index: number) => StubReply): Promise<StubServer> {
  const requests: StubRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const action = String(req.headers['x-acs-action'] ?? url.searchParams.get('Action') ?? '');
      const recorded: StubRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
        action,
      };
      requests.push(recorded);
      const out = reply(recorded, requests.length - 1);
      if (out.destroy === true) {
        req.socket.destroy();
        return;
      }
      const isText = typeof out.body === 'string' || Buffer.isBuffer(out.body);
      const payload = out.body === undefined ? '' : isText ? (out.body as string | Buffer) : JSON.stringify(out.body);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(out.status ?? 200, {
          'content-type': isText ? 'text/plain' : 'application/json;charset=utf-8',
          ...out.headers,
        });
        res.end(payload);
      };
      if (out.delayMs === undefined) send();
      else setTimeout(send, out.delayMs).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A configuration pointing every product at `endpoint`, with short fake-clock-friendly bounds. */
export function stubConfig(endpoint: string, overrides: Partial<CloudConfig> = {}): CloudConfig {
  return {
    regionId: 'cn-hangzhou',
    accountId: '1234567890',
    credentials: { accessKeyId: 'test-key', accessKeySecret: 'test-secret' },
    endpoint,
    retry: { maxAttempts: 5, maxTotalMs: 20_000, baseDelayMs: 200, maxDelayMs: 5_000 },
    connectTimeoutMs: 2_000,
    readTimeoutMs: 5_000,
    ...overrides,
  };
}

/** Retry deps that never wait: sleeps are recorded, the clock advances by each sleep. */
export function fakeTime() {
  let nowMs = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    options: {
      sleep: async (ms: number) => {
        sleeps.push(ms);
        nowMs += ms;
      },
      random: () => 0.5,
      now: () => nowMs,
    },
  };
}
