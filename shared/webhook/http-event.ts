// The FC 3.0 HTTP trigger event (research §1c) as the webhook reads it. The
// event carries the query as a map, not as sent; the signed path-with-query is
// rebuilt from it in the order it arrived (docs/decisions.md).
import { HttpTriggerEventSchema } from '../schemas/fc-events';

export interface WebhookRequest {
  method: string;
  /** The URL path as the client sent it (still percent-encoded), prefix included. */
  rawPath: string;
  /** rawPath plus `?` and the query string rebuilt from the parameters ('' when none). */
  pathWithQuery: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Buffer;
  sourceIp: string;
}

/** `k=v&k2=v2`, each part percent-encoded as encodeURIComponent does (RFC 3986 unreserved left alone). */
export function queryString(query: Readonly<Record<string, string>>): string {
  return Object.entries(query)
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .join('&');
}

/** encodeURIComponent, with a lone surrogate (which it refuses) taken as U+FFFD, as a URL parser does. */
function encode(text: string): string {
  return encodeURIComponent(
    text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );
}

function eventText(event: unknown): unknown {
  if (Buffer.isBuffer(event)) return JSON.parse(event.toString('utf8'));
  if (event instanceof Uint8Array) return JSON.parse(Buffer.from(event).toString('utf8'));
  if (typeof event === 'string') return JSON.parse(event);
  return event;
}

/** The request, or undefined when the event is not an HTTP trigger event at all. */
export function parseHttpEvent(event: unknown): WebhookRequest | undefined {
  let raw: unknown;
  try {
    raw = eventText(event);
  } catch {
    return undefined;
  }
  const parsed = HttpTriggerEventSchema.safeParse(raw);
  const method = parsed.success ? parsed.data.requestContext?.http?.method : undefined;
  if (!parsed.success || method === undefined) return undefined;
  const e = parsed.data;
  const headers = Object.fromEntries(Object.entries(e.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const query = queryString(e.queryParameters);
  return {
    method: method.toUpperCase(),
    rawPath: e.rawPath,
    pathWithQuery: query === '' ? e.rawPath : `${e.rawPath}?${query}`,
    query: e.queryParameters,
    headers,
    body: e.isBase64Encoded ? Buffer.from(e.body, 'base64') : Buffer.from(e.body, 'utf8'),
    sourceIp: e.requestContext?.http?.sourceIp ?? '',
  };
}
