// Signature checks against the research's test vectors (§7), computed with the
// real SDK code, and the server's answers to replayed or forged requests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  acs3CanonicalRequest,
  acs3Signature,
  acs3StringToSign,
  EMPTY_BODY_SHA256,
  parseAcs3Authorization,
} from '../../../local/cloud/core/auth/acs3';
import { NonceRegistry } from '../../../local/cloud/core/auth/nonces';
import { rpcV2Signature, rpcV2StringToSign } from '../../../local/cloud/core/auth/rpc-v2';
import { verifyRpcRequest, type SignedRequest } from '../../../local/cloud/core/auth/verify';
import { ApiError } from '../../../local/cloud/core/contracts';

const vector1Params = {
  AccessKeyId: 'testid',
  Action: 'DescribeScalingGroups',
  Format: 'JSON',
  RegionId: 'cn-hangzhou',
  'ScalingGroupId.1': 'asg-abc',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: 'nonce-123',
  SignatureVersion: '1.0',
  Timestamp: '2024-01-01T00:00:00Z',
  Version: '2014-08-28',
};

const vector2Headers = {
  host: 'oos.cn-hangzhou.aliyuncs.com',
  'x-acs-action': 'StartExecution',
  'x-acs-version': '2019-06-01',
  'x-acs-date': '2024-01-01T00:00:00Z',
  'x-acs-signature-nonce': 'nonce-123',
  'x-acs-content-sha256': EMPTY_BODY_SHA256,
  accept: 'application/json',
  'user-agent': 'test',
};
const vector2Query: Array<[string, string]> = [
  ['RegionId', 'cn-hangzhou'],
  ['TemplateName', 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup'],
  ['Parameters', '{"a":1}'],
];
const vector2Authorization =
  'ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=724c878796e81de74f79e86a4809dfb69d34c40ab911d0330a80f11702b090ae';

/** Real time pinned to the vectors' timestamp so the skew check passes. */
function env(realNow = Date.parse('2024-01-01T00:05:00Z')) {
  return {
    secretFor: (id: string) => (id === 'testid' ? 'testsecret' : undefined),
    nonces: new NonceRegistry(() => realNow),
    realNow: () => realNow,
  };
}

function v2Request(params: Record<string, string>): SignedRequest {
  return { method: 'GET', path: '/', query: Object.entries(params), headers: {}, body: Buffer.alloc(0), params };
}

function v3Request(overrides: Partial<SignedRequest> = {}): SignedRequest {
  return {
    method: 'POST',
    path: '/',
    query: vector2Query,
    headers: { ...vector2Headers, authorization: vector2Authorization },
    body: Buffer.alloc(0),
    params: Object.fromEntries(vector2Query),
    ...overrides,
  };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof ApiError ? `${error.code}/${error.httpStatus}` : String(error);
  }
}

describe('RPC signature V2 (HMAC-SHA1)', () => {
  it('reproduces test vector 1 byte for byte', () => {
    // Act
    const stringToSign = rpcV2StringToSign('GET', vector1Params);

    // Assess
    assert.equal(
      stringToSign,
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeScalingGroups%26Format%3DJSON%26RegionId%3Dcn-hangzhou%26ScalingGroupId.1%3Dasg-abc%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dnonce-123%26SignatureVersion%3D1.0%26Timestamp%3D2024-01-01T00%253A00%253A00Z%26Version%3D2014-08-28',
    );
    assert.equal(rpcV2Signature('testsecret', stringToSign), 'qpPW9JG227ge25VOJGH6p32sTpc=');
  });

  it('accepts the vector once and rejects its nonce the second time', () => {
    // Prepare
    const e = env();
    const params = { ...vector1Params, Signature: 'qpPW9JG227ge25VOJGH6p32sTpc=' };

    // Act
    const first = verifyRpcRequest(v2Request(params), e);
    const replay = codeOf(() => verifyRpcRequest(v2Request(params), e));

    // Assess
    assert.deepEqual(first, { accessKeyId: 'testid' });
    assert.equal(replay, 'SignatureNonceUsed/400');
  });

  it('rejects a tampered parameter, an unknown key and a stale timestamp', () => {
    // Prepare
    const signed = { ...vector1Params, Signature: 'qpPW9JG227ge25VOJGH6p32sTpc=' };

    // Act / Assess
    assert.equal(
      codeOf(() => verifyRpcRequest(v2Request({ ...signed, 'ScalingGroupId.1': 'asg-other' }), env())),
      'SignatureDoesNotMatch/400',
    );
    assert.equal(
      codeOf(() => verifyRpcRequest(v2Request({ ...signed, AccessKeyId: 'nobody' }), env())),
      'InvalidAccessKeyId.NotFound/404',
    );
    assert.equal(
      codeOf(() => verifyRpcRequest(v2Request(signed), env(Date.parse('2024-01-03T00:00:00Z')))),
      'InvalidTimeStamp.Expired/400',
    );
  });
});

describe('ACS3-HMAC-SHA256 (V3)', () => {
  it('reproduces test vector 2: canonical request, string to sign and signature', () => {
    // Prepare
    const auth = parseAcs3Authorization(vector2Authorization);
    assert.ok(auth);

    // Act
    const canonical = acs3CanonicalRequest({
      method: 'POST',
      path: '/',
      query: vector2Query,
      headers: vector2Headers,
      signedHeaders: auth.signedHeaders,
      hashedPayload: EMPTY_BODY_SHA256,
    });
    const stringToSign = acs3StringToSign(canonical);

    // Assess
    assert.equal(
      canonical,
      [
        'POST',
        '/',
        'Parameters=%7B%22a%22%3A1%7D&RegionId=cn-hangzhou&TemplateName=ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup',
        'host:oos.cn-hangzhou.aliyuncs.com',
        'x-acs-action:StartExecution',
        `x-acs-content-sha256:${EMPTY_BODY_SHA256}`,
        'x-acs-date:2024-01-01T00:00:00Z',
        'x-acs-signature-nonce:nonce-123',
        'x-acs-version:2019-06-01',
        '',
        'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
        EMPTY_BODY_SHA256,
      ].join('\n'),
    );
    assert.equal(stringToSign, 'ACS3-HMAC-SHA256\na1e53cc0131a1f50369c2619e56c1ebd10b7498a7ac812cda149e51317e7707c');
    assert.equal(acs3Signature('testsecret', stringToSign), auth.signature);
  });

  it('verifies the vector request and refuses a body that does not match x-acs-content-sha256', () => {
    // Act
    const ok = verifyRpcRequest(v3Request(), env());
    const tamperedBody = codeOf(() => verifyRpcRequest(v3Request({ body: Buffer.from('RegionId=cn-beijing') }), env()));
    const tamperedQuery = codeOf(() =>
      verifyRpcRequest(v3Request({ query: [...vector2Query.slice(0, 2), ['Parameters', '{"a":2}']] }), env()),
    );

    // Assess
    assert.deepEqual(ok, { accessKeyId: 'testid' });
    assert.equal(tamperedBody, 'IncompleteSignature/400');
    assert.equal(tamperedQuery, 'SignatureDoesNotMatch/400');
  });
});
