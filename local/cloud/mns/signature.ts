import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { LocalCloudContext, RawHttpRequest } from '../core/contracts';
import { mnsErrors } from './errors';

// MNS request signing (research §5d): Authorization: MNS <AK>:<base64 HMAC-SHA1>.

export function mnsStringToSign(
  req: { method: string; headers: Readonly<Record<string, string>> },
  resource: string,
): string {
  const h = req.headers;
  const mnsHeaders = Object.keys(h)
    .filter((k) => k.startsWith('x-mns-'))
    .sort()
    .map((k) => `${k}:${h[k]}\n`)
    .join('');
  return `${req.method}\n${h['content-md5'] ?? ''}\n${h['content-type'] ?? ''}\n${h['date'] ?? ''}\n${mnsHeaders}${resource}`;
}

export function mnsSignature(secret: string, stringToSign: string): string {
  return createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
}

/**
 * The resource the client signed: the path with its query, as sent. Clients
 * differ in whether they sign the encoded or decoded form, so both are tried.
 */
function candidateResources(req: RawHttpRequest): string[] {
  const raw = req.rawQuery === '' ? req.path : `${req.path}?${req.rawQuery}`;
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // not decodable: only the raw form can match
  }
  return decoded === raw ? [raw] : [raw, decoded];
}

/**
 * Content-MD5 may be base64 of the raw digest (the documented form) or base64
 * of the hex digest (what the official Node.js SDK sends); either must match the body.
 */
function checkContentMd5(req: RawHttpRequest): void {
  const declared = req.headers['content-md5'];
  if (declared === undefined || declared === '') return;
  const digest = createHash('md5').update(req.body).digest();
  const accepted = [
    digest.toString('base64'),
    Buffer.from(digest.toString('hex')).toString('base64'),
    Buffer.from(digest.toString('hex').toUpperCase()).toString('base64'),
  ];
  if (!accepted.includes(declared)) throw mnsErrors.invalidDigest();
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export type SecurityTokenLookup = (accessKeyId: string) => { securityToken: string; expiresAtMs: number } | undefined;

/** The cloud's STS token lookup, when the context is the cloud itself. */
export function securityTokenLookup(ctx: LocalCloudContext): SecurityTokenLookup | undefined {
  const lookup: unknown = 'securityTokenFor' in ctx ? ctx.securityTokenFor : undefined;
  return typeof lookup === 'function' ? (id) => (lookup as SecurityTokenLookup).call(ctx, id) : undefined;
}

/**
 * Verifies the request's signature; returns the caller's AccessKey id. Throws the service's auth errors.
 * A temporary (STS) key must come with its token in the `security-token` header (not signed, as the SDK sends it).
 */
export function verifyMnsRequest(
  req: RawHttpRequest,
  secretFor: (accessKeyId: string) => string | undefined,
  securityTokenFor?: SecurityTokenLookup,
  realNow: () => number = Date.now,
): { accessKeyId: string } {
  const authorization = req.headers['authorization'];
  if (authorization === undefined || authorization === '') throw mnsErrors.missingAuthorizationHeader();
  const match = /^MNS ([^:\s]+):(\S+)$/.exec(authorization);
  if (!match) throw mnsErrors.invalidAuthorizationHeader();
  const [, accessKeyId = '', signature = ''] = match;
  const date = req.headers['date'];
  if (date === undefined || date === '') throw mnsErrors.missingDateHeader();
  if (Number.isNaN(Date.parse(date))) throw mnsErrors.invalidDateHeader();
  const secret = secretFor(accessKeyId);
  if (secret === undefined) throw mnsErrors.invalidAccessKeyId();
  checkContentMd5(req);
  const ok = candidateResources(req).some((resource) =>
    same(mnsSignature(secret, mnsStringToSign(req, resource)), signature),
  );
  if (!ok) throw mnsErrors.signatureDoesNotMatch();
  const expected = securityTokenFor?.(accessKeyId);
  if (expected) {
    const token = req.headers['security-token'];
    if (token === undefined || !same(token, expected.securityToken)) throw mnsErrors.securityTokenMismatch();
    if (realNow() > expected.expiresAtMs) throw mnsErrors.securityTokenExpired();
  }
  return { accessKeyId };
}
