import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../local/cloud/core/contracts';

// FC 3.0 HTTP trigger for built-in runtimes (research §1c): the request
// becomes a JSON event; the handler's `{statusCode, headers, isBase64Encoded,
// body}` becomes the response.

export interface HttpTriggerTarget {
  functionName: string;
  triggerName: string;
  methods: readonly string[];
  accountId: string;
  regionId: string;
  clock: Clock;
  /** A request id from the local FC, so the event and the invocation share it. */
  newRequestId(): string;
  /** Sync invocation through the local FC; `functionError` is FC's x-fc-error-type. */
  invoke(event: Buffer, requestId: string): Promise<{ body: Buffer; functionError?: string }>;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript)|[^;]*\+(json|xml))/i;

function joinValues(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/** The event FC hands the handler for one HTTP request. */
export function httpTriggerEvent(
  req: { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer; sourceIp: string },
  target: HttpTriggerTarget,
  requestId: string,
): Record<string, unknown> {
  const url = new URL(req.url, 'http://local');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = joinValues(value);
  const queryParameters: Record<string, string> = {};
  for (const key of new Set(url.searchParams.keys())) queryParameters[key] = url.searchParams.getAll(key).join(',');
  const contentType = headers['content-type'] ?? '';
  const text = req.body.length === 0 || TEXT_TYPES.test(contentType);
  let path = url.pathname;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    // keep the raw path when it does not decode
  }
  const domainPrefix = `${target.functionName}-${target.triggerName}`.toLowerCase();
  const now = target.clock.now();
  return {
    version: 'v1',
    rawPath: url.pathname,
    body: text ? req.body.toString('utf8') : req.body.toString('base64'),
    isBase64Encoded: !text,
    headers,
    queryParameters,
    requestContext: {
      accountId: target.accountId,
      domainName: `${domainPrefix}.${target.regionId}.fcapp.run`,
      domainPrefix,
      http: {
        method: req.method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: req.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      time: target.clock.iso(now),
      timeEpoch: String(now),
    },
  };
}

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * The handler's return value → HTTP response. A `{statusCode, …}` object is
 * the documented shape; anything else is sent as a 200 with the bytes as they
 * came back (the doc's rule for other values was not retrieved; docs/decisions.md).
 */
export function httpReplyFrom(result: Buffer): HttpReply {
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    typeof parsed === 'object' &&
    parsed !== null &&
    typeof (parsed as { statusCode?: unknown }).statusCode === 'number'
  ) {
    const r = parsed as { statusCode: number; headers?: unknown; body?: unknown; isBase64Encoded?: unknown };
    const headers: Record<string, string> = {};
    if (typeof r.headers === 'object' && r.headers !== null) {
      for (const [k, v] of Object.entries(r.headers)) headers[k.toLowerCase()] = String(v);
    }
    const bodyText =
      typeof r.body === 'string' ? r.body : r.body === undefined || r.body === null ? '' : JSON.stringify(r.body);
    return {
      status: r.statusCode,
      headers,
      body: r.isBase64Encoded === true ? Buffer.from(bodyText, 'base64') : Buffer.from(bodyText, 'utf8'),
    };
  }
  return { status: 200, headers: {}, body: result };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function serve(req: IncomingMessage, res: ServerResponse, target: HttpTriggerTarget): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (!target.methods.includes(method)) {
    res.writeHead(405, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        Code: 'MethodNotAllowed',
        Message: `method ${method} is not allowed by trigger ${target.triggerName}`,
      }),
    );
    return;
  }
  const body = await readBody(req);
  const requestId = target.newRequestId();
  const event = httpTriggerEvent(
    { method, url: req.url ?? '/', headers: req.headers, body, sourceIp: req.socket.remoteAddress ?? '127.0.0.1' },
    target,
    requestId,
  );
  const outcome = await target.invoke(Buffer.from(JSON.stringify(event)), requestId);
  if (outcome.functionError) {
    // The function failed: FC answers 502 with the error body (docs/decisions.md).
    res.writeHead(502, {
      'content-type': 'application/json',
      'x-fc-request-id': requestId,
      'x-fc-error-type': outcome.functionError,
    });
    res.end(outcome.body);
    return;
  }
  const reply = httpReplyFrom(outcome.body);
  res.writeHead(reply.status, { ...reply.headers, 'x-fc-request-id': requestId });
  res.end(method === 'HEAD' ? undefined : reply.body);
}

export interface RunningHttpTrigger {
  url: string;
  close(): Promise<void>;
}

export async function startHttpTrigger(target: HttpTriggerTarget, port = 0): Promise<RunningHttpTrigger> {
  const server: Server = createServer((req, res) => {
    serve(req, res, target).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ Code: 'InternalError', Message: error instanceof Error ? error.message : String(error) }),
      );
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
