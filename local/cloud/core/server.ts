// One HTTP server on 127.0.0.1 for the whole local cloud: REST products
// (admin, MNS, FC) first, in order, then RPC products by Version.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawHttpRequest, RawHttpResponse, RestProduct } from './contracts';
import type { LocalCloud } from './cloud';
import { handleRpc, type RpcProduct } from './rpc';

export interface LocalCloudServerOptions {
  cloud: LocalCloud;
  restProducts: readonly RestProduct[];
  rpcProducts: readonly RpcProduct[];
  host?: string;
  /** 0 = ephemeral. */
  port?: number;
}

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: LocalCloudServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    void serve(req, res, options);
  });
  // SDK clients keep connections alive, and close() ends idle ones itself. At a keep-alive timeout of 1 s,
  // Node 20 closed each connection right after its response, so every call paid a new TCP connection (three
  // sequential calls, three connections). 65 s keeps them open across the gate's longest sleep (60 s), so a
  // client rarely reuses a socket the server is closing; the SDK's network errors are retried anyway.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, options: LocalCloudServerOptions): Promise<void> {
  let response: RawHttpResponse;
  options.cloud.activity.beginRequest();
  try {
    const raw = await readRequest(req);
    const rest = options.restProducts.find((p) => p.matches(raw));
    const action = rest?.actionOf?.(raw);
    if (rest !== undefined && action !== undefined) options.cloud.requests.count(rest.name, action);
    response = rest ? await rest.handle(raw, options.cloud) : await handleRpc(raw, options.cloud, options.rpcProducts);
  } catch (error) {
    console.error('local cloud: request failed:', error);
    response = { status: 500, headers: { 'content-type': 'text/plain' }, body: 'local cloud internal error' };
  } finally {
    options.cloud.activity.endRequest();
  }
  res.writeHead(response.status, response.headers ?? {});
  res.end(response.body ?? '');
}

async function readRequest(req: IncomingMessage): Promise<RawHttpRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: q < 0 ? url : url.slice(0, q),
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers,
    body: Buffer.concat(chunks),
  };
}
