// The webhook's request signature: X-Rollgate-Signature: v1=<hex HMAC-SHA256
// of "<timestamp>\n<METHOD>\n<path-with-query>\n<raw body>">, keyed by a
// shared secret; X-Rollgate-Timestamp is Unix seconds. Compared in constant
// time, against the current secret and, during a rotation, the previous one.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-rollgate-timestamp';
export const SIGNATURE_HEADER = 'x-rollgate-signature';
/** Requests signed further than this from the server's clock are refused. */
export const MAX_SKEW_SECONDS = 300;

export function signatureOf(
  secret: string,
  timestamp: string,
  method: string,
  pathWithQuery: string,
  body: Buffer | string,
): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}\n${method.toUpperCase()}\n${pathWithQuery}\n`);
  mac.update(body);
  return mac.digest('hex');
}

/** The headers a client sends (the CLI's tests and docs/webhook.md's curl do the same). */
export function signedHeaders(
  secret: string,
  timestamp: number,
  method: string,
  pathWithQuery: string,
  body: Buffer | string,
): Record<string, string> {
  const ts = String(Math.floor(timestamp));
  return {
    'X-Rollgate-Timestamp': ts,
    'X-Rollgate-Signature': `v1=${signatureOf(secret, ts, method, pathWithQuery, body)}`,
  };
}

export type AuthFailure = 'missing' | 'malformed' | 'expired' | 'mismatch';

export interface SignedRequest {
  method: string;
  pathWithQuery: string;
  body: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
}

/** The signature's hex digest when the request is authentic, else why not. */
export function verifySignature(
  request: SignedRequest,
  secrets: readonly string[],
  nowSeconds: number,
): { ok: true; digest: string } | { ok: false; why: AuthFailure } {
  const { timestamp, signature } = request;
  if (timestamp === undefined || signature === undefined || timestamp === '' || signature === '')
    return { ok: false, why: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, why: 'malformed' };
  const given = /^v1=([0-9a-f]{64})$/i.exec(signature.trim())?.[1]?.toLowerCase();
  if (given === undefined) return { ok: false, why: 'malformed' };
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_SKEW_SECONDS) return { ok: false, why: 'expired' };
  const givenBytes = Buffer.from(given, 'hex');
  // Every secret is tried (no early exit), so timing says nothing about which matched.
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(
      signatureOf(secret, timestamp, request.method, request.pathWithQuery, request.body),
      'hex',
    );
    if (timingSafeEqual(expected, givenBytes)) matched = true;
  }
  return matched ? { ok: true, digest: given } : { ok: false, why: 'mismatch' };
}
