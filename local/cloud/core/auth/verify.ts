// Checks who signed an RPC request: V3 (ACS3-HMAC-SHA256 Authorization header)
// when present, else V2 (Signature parameter). Returns the caller's AccessKey id.
import { timingSafeEqual } from 'node:crypto';
import { acs3CanonicalRequest, acs3Signature, acs3StringToSign, parseAcs3Authorization, sha256Hex } from './acs3';
import {
  accessKeyNotFound,
  contentHashMismatch,
  incompleteSignature,
  nonceUsed,
  securityTokenExpired,
  securityTokenMismatch,
  signatureDoesNotMatch,
  timestampExpired,
  timestampFormat,
} from './errors';
import type { NonceRegistry } from './nonces';
import { rpcV2Signature, rpcV2StringToSign } from './rpc-v2';

/**
 * Lenient clock-skew bound. The real services allow 15 minutes; the local
 * cloud allows a day so a paused debugger or a skewed VM does not fail calls.
 */
const MAX_SKEW_MS = 24 * 60 * 60 * 1000;

export interface SignedRequest {
  method: string;
  path: string;
  /** Decoded query pairs in wire order. */
  query: ReadonlyArray<readonly [string, string]>;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string>>;
  body: Buffer;
  /** Query and form-body parameters merged: what V2 signs. */
  params: Readonly<Record<string, string>>;
}

export interface AuthEnvironment {
  secretFor(accessKeyId: string): string | undefined;
  /** For temporary (STS) keys: the token the request must carry. */
  securityTokenFor?(accessKeyId: string): { securityToken: string; expiresAtMs: number } | undefined;
  nonces: NonceRegistry;
  realNow(): number;
}

export function verifyRpcRequest(req: SignedRequest, env: AuthEnvironment): { accessKeyId: string } {
  const authorization = req.headers['authorization'];
  if (authorization !== undefined && authorization.startsWith('ACS3-')) return verifyAcs3(req, authorization, env);
  return verifyRpcV2(req, env);
}

function verifyRpcV2(req: SignedRequest, env: AuthEnvironment): { accessKeyId: string } {
  const { params } = req;
  const accessKeyId = params['AccessKeyId'];
  const signature = params['Signature'];
  if (!accessKeyId) throw incompleteSignature('AccessKeyId is missing.');
  if (!signature) throw incompleteSignature('Signature is missing.');
  const method = params['SignatureMethod'];
  if (method !== undefined && method !== 'HMAC-SHA1')
    throw incompleteSignature(`SignatureMethod "${method}" is not supported.`);
  const secret = env.secretFor(accessKeyId);
  if (secret === undefined) throw accessKeyNotFound();
  const stringToSign = rpcV2StringToSign(req.method, params);
  if (!sameText(rpcV2Signature(secret, stringToSign), signature)) throw signatureDoesNotMatch(stringToSign);
  checkTimestamp(params['Timestamp'], env);
  checkSecurityToken(accessKeyId, params['SecurityToken'], env);
  checkNonce(accessKeyId, params['SignatureNonce'], env);
  return { accessKeyId };
}

function verifyAcs3(req: SignedRequest, authorization: string, env: AuthEnvironment): { accessKeyId: string } {
  const parsed = parseAcs3Authorization(authorization);
  if (!parsed) throw incompleteSignature('The Authorization header is malformed.');
  const secret = env.secretFor(parsed.accessKeyId);
  if (secret === undefined) throw accessKeyNotFound();
  const declaredHash = req.headers['x-acs-content-sha256'];
  if (declaredHash === undefined) throw incompleteSignature('x-acs-content-sha256 is missing.');
  if (declaredHash.toLowerCase() !== sha256Hex(req.body)) throw contentHashMismatch();
  const canonicalRequest = acs3CanonicalRequest({
    method: req.method,
    path: req.path,
    query: req.query,
    headers: req.headers,
    signedHeaders: parsed.signedHeaders,
    hashedPayload: declaredHash,
  });
  const stringToSign = acs3StringToSign(canonicalRequest);
  if (!sameText(acs3Signature(secret, stringToSign), parsed.signature.toLowerCase())) {
    throw signatureDoesNotMatch(`${stringToSign} (canonical request: ${JSON.stringify(canonicalRequest)})`);
  }
  checkTimestamp(req.headers['x-acs-date'], env);
  checkSecurityToken(parsed.accessKeyId, req.headers['x-acs-security-token'] ?? req.params['SecurityToken'], env);
  checkNonce(parsed.accessKeyId, req.headers['x-acs-signature-nonce'], env);
  return { accessKeyId: parsed.accessKeyId };
}

function checkTimestamp(value: string | undefined, env: AuthEnvironment): void {
  if (value === undefined) return;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) || Number.isNaN(ms)) throw timestampFormat(value);
  if (Math.abs(env.realNow() - ms) > MAX_SKEW_MS) throw timestampExpired(value);
}

function checkSecurityToken(accessKeyId: string, token: string | undefined, env: AuthEnvironment): void {
  const expected = env.securityTokenFor?.(accessKeyId);
  if (!expected) return;
  if (token === undefined || !sameText(token, expected.securityToken)) throw securityTokenMismatch();
  if (env.realNow() > expected.expiresAtMs) throw securityTokenExpired();
}

function checkNonce(accessKeyId: string, nonce: string | undefined, env: AuthEnvironment): void {
  if (nonce === undefined || nonce === '') return;
  if (!env.nonces.use(accessKeyId, nonce)) throw nonceUsed();
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
