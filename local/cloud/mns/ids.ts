import { createHash } from 'node:crypto';

/** MessageBodyMD5 as MNS prints it: uppercase hex MD5 of the body's UTF-8 bytes. */
export function bodyMd5(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex').toUpperCase();
}

/**
 * Deterministic ids for one MNS model (one account/region): a counter in the
 * model's closure, hashed so ids look like the service's and never collide
 * across accounts or regions.
 */
export function createMnsIds(accountId: string, regionId: string) {
  let sequence = 0;
  const hex = (kind: string, n: number, length: number) =>
    createHash('md5').update(`${kind}/${accountId}/${regionId}/${n}`).digest('hex').slice(0, length).toUpperCase();
  return {
    /** `D273CD6A89564E54-1-15180395A19-200000001`: the shape MessageIds have on the wire. */
    messageId(nowMs: number): string {
      const n = ++sequence;
      return `${hex('message', n, 16)}-1-${nowMs.toString(16).toUpperCase()}-${200000000 + n}`;
    },
    /** A new handle for every receive; base64url so it survives an unencoded query string. */
    receiptHandle(messageId: string, dequeueCount: number): string {
      const n = ++sequence;
      return `1-${Buffer.from(`${messageId}-${dequeueCount}-${n}`).toString('base64url')}`;
    },
    /** `5F0A1B2C3D4E5F60718293A4`: 24 uppercase hex characters, like the service's request ids. */
    requestId(): string {
      return hex('request', ++sequence, 24);
    },
  };
}
export type MnsIds = ReturnType<typeof createMnsIds>;
