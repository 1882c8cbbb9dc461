// Test helper: FC HTTP trigger events for the webhook handler, signed like a
// client signs them (shared/webhook/signature), with knobs to break them.
import { signedHeaders } from '../../shared/webhook/signature';
import { queryString } from '../../shared/webhook/http-event';

export const SECRET = 'test-secret-0123456789abcdef';
export const PREVIOUS_SECRET = 'previous-secret-0123456789';

export interface CallOptions {
  body?: unknown;
  /** Raw body bytes (overrides `body`). */
  raw?: string;
  query?: Record<string, string>;
  sign?: boolean;
  secret?: string;
  /** Unix seconds the request is signed at (default now). */
  at?: number;
  /** Changes the body after signing. */
  tamper?: boolean;
  headers?: Record<string, string>;
  sourceIp?: string;
}

let last = 0;

/** A distinct signing second for every call (later than the one before, within the 300 s window), so a repeated request is not a replay. */
function distinctNow(): number {
  last = Math.max(last + 1, Math.floor(Date.now() / 1000) - 250);
  return last;
}

export function httpEvent(method: string, path: string, options: CallOptions = {}): Record<string, unknown> {
  const body = options.raw ?? (options.body === undefined ? '' : JSON.stringify(options.body));
  const query = options.query ?? {};
  const qs = queryString(query);
  const signed =
    options.sign === false
      ? {}
      : signedHeaders(
          options.secret ?? SECRET,
          options.at ?? distinctNow(),
          method,
          qs === '' ? path : `${path}?${qs}`,
          body,
        );
  const headers = { 'content-type': 'application/json', ...signed, ...options.headers };
  return {
    version: 'v1',
    rawPath: path,
    body: options.tamper === true ? body.replace(/.$/, ' ') + ' ' : body,
    isBase64Encoded: false,
    headers,
    queryParameters: query,
    requestContext: {
      accountId: '1',
      domainName: 'x',
      domainPrefix: 'x',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: options.sourceIp ?? '127.0.0.1', userAgent: 'test' },
      requestId: 'r',
      time: '',
      timeEpoch: '0',
    },
  };
}
