// An independent check of ACS3-HMAC-SHA256 signatures (written from the
// published algorithm, not from the SDK), so stub tests prove the client
// really signs what it sends.
import { createHash, createHmac } from 'node:crypto';
import type { StubRequest } from './stub-server';

function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function acs3SignatureValid(req: StubRequest, secret: string): boolean {
  const auth = String(req.headers['authorization'] ?? '');
  const match = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/.exec(auth);
  if (match === null) return false;
  const signedHeaders = (match[2] ?? '').split(';');
  const query = [...req.query.keys()]
    .sort()
    .map((k) => `${encode(k)}=${encode(req.query.get(k) ?? '')}`)
    .join('&');
  const headers = signedHeaders.map((h) => `${h}:${String(req.headers[h] ?? '').trim()}\n`).join('');
  const payloadHash = createHash('sha256').update(req.body).digest('hex');
  const canonical = [req.method, req.path, query, headers, signedHeaders.join(';'), payloadHash].join('\n');
  const toSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
  return createHmac('sha256', secret).update(toSign).digest('hex') === match[3];
}
