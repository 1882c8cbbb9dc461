// RPC signature V2 (SignatureVersion 1.0, HMAC-SHA1), research §5a.
import { createHmac } from 'node:crypto';
import { percentEncode } from './encode';

/** `METHOD&%2F&encode(sorted k=v list)` over every parameter except Signature. */
export function rpcV2StringToSign(method: string, params: Readonly<Record<string, string>>): string {
  const canonical = Object.keys(params)
    .filter((key) => key !== 'Signature')
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key] ?? '')}`)
    .join('&');
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonical)}`;
}

export function rpcV2Signature(accessKeySecret: string, stringToSign: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
}
