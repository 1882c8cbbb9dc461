import { createHash, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * HTTP endpoint push as MNS does it: POST with the MNS headers and an
 * `Authorization` that is a base64 RSA-SHA1 signature (no `MNS id:` prefix)
 * over the same string layout as request signing. The service signs with its
 * certificate; the emulator signs with a key pair made per model, whose public
 * key the admin API serves at `/_local/mns/signing-cert` (that URL, base64, is
 * in `x-mns-signing-cert-url` once the server's address is known).
 */
export function createPushSigner() {
  let keys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
  const pair = () => (keys ??= generateKeyPairSync('rsa', { modulusLength: 1024 }));
  return {
    sign(stringToSign: string): string {
      return createSign('RSA-SHA1').update(stringToSign, 'utf8').sign(pair().privateKey, 'base64');
    },
    publicKeyPem(): string {
      return pair().publicKey.export({ type: 'spki', format: 'pem' }).toString();
    },
  };
}
export type PushSigner = ReturnType<typeof createPushSigner>;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  XML: 'text/xml;charset=utf-8',
  JSON: 'application/json;charset=utf-8',
  SIMPLIFIED: 'text/plain;charset=utf-8',
};

export interface PushRequest {
  url: string;
  body: string;
  format: string;
  requestId: string;
  /** Simulated time of the push, for the Date header. */
  nowMs: number;
  messageId: string;
  messageTag?: string;
  certUrl?: string;
}

/** The headers of one push, signed. */
export function pushHeaders(req: PushRequest, signer: PushSigner): Record<string, string> {
  const contentMd5 = Buffer.from(createHash('md5').update(req.body, 'utf8').digest('hex')).toString('base64');
  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPES[req.format] ?? CONTENT_TYPES['XML'] ?? '',
    'content-md5': contentMd5,
    date: new Date(req.nowMs).toUTCString(),
    'x-mns-request-id': req.requestId,
    'x-mns-version': '2015-06-06',
  };
  if (req.certUrl) headers['x-mns-signing-cert-url'] = Buffer.from(req.certUrl).toString('base64');
  if (req.format === 'SIMPLIFIED') {
    headers['x-mns-message-id'] = req.messageId;
    if (req.messageTag !== undefined) headers['x-mns-message-tag'] = req.messageTag;
  }
  const mnsHeaders = Object.keys(headers)
    .filter((k) => k.startsWith('x-mns-'))
    .sort()
    .map((k) => `${k}:${headers[k]}\n`)
    .join('');
  const path = new URL(req.url).pathname;
  const stringToSign = `POST\n${contentMd5}\n${headers['content-type']}\n${headers['date']}\n${mnsHeaders}${path}`;
  headers['authorization'] = signer.sign(stringToSign);
  return headers;
}

/** One push; resolves when the endpoint answered 2xx, rejects otherwise (5 s real-time limit, as MNS allows). */
export async function push(req: PushRequest, signer: PushSigner): Promise<void> {
  const response = await fetch(req.url, {
    method: 'POST',
    headers: pushHeaders(req, signer),
    body: req.body,
    signal: AbortSignal.timeout(5000),
  });
  await response.arrayBuffer();
  if (response.status < 200 || response.status > 299) throw new Error(`endpoint answered HTTP ${response.status}`);
}
