import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RawHttpRequest } from '../../../local/cloud/core/contracts';
import { ApiError } from '../../../local/cloud/core/contracts';
import { mnsSignature, mnsStringToSign, verifyMnsRequest } from '../../../local/cloud/mns/signature';

// Test vector from research §7.3, computed with @alicloud/mns 1.2.0's Client#sign.
const BODY =
  '<?xml version="1.0" encoding="UTF-8"?><Message xmlns="http://mns.aliyuncs.com/doc/v1/"><MessageBody>hello</MessageBody></Message>';
function vectorRequest(overrides: Partial<Record<string, string>> = {}): RawHttpRequest {
  const headers: Record<string, string> = {
    'content-type': 'text/xml',
    'content-md5': 'ZDg5MjIyY2RlNmQxMDY4YTNmNmZhYjMzNDVlMzBhMmU=',
    date: 'Mon, 01 Jan 2024 00:00:00 GMT',
    'x-mns-date': 'Mon, 01 Jan 2024 00:00:00 GMT',
    'x-mns-version': '2015-06-06',
    authorization: 'MNS testid:xE49nhXl5eAn9gxocipL4crGS5M=',
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete headers[k];
    else headers[k] = v;
  }
  return {
    method: 'POST',
    path: '/topics/t1/messages',
    rawQuery: '',
    query: new URLSearchParams(),
    headers,
    body: Buffer.from(BODY),
  };
}
const secrets = (id: string) => (id === 'testid' ? 'testsecret' : undefined);
const code = (c: string, status: number) => (e: unknown) =>
  e instanceof ApiError && e.code === c && e.httpStatus === status;

describe('MNS signature', () => {
  it('reproduces the SDK test vector', () => {
    // Prepare
    const req = vectorRequest();
    // Act
    const signature = mnsSignature('testsecret', mnsStringToSign(req, '/topics/t1/messages'));
    // Assess
    assert.equal(signature, 'xE49nhXl5eAn9gxocipL4crGS5M=');
    assert.deepEqual(verifyMnsRequest(req, secrets), { accessKeyId: 'testid' });
  });

  it('answers SignatureDoesNotMatch (403) when the secret differs', () => {
    assert.throws(() => verifyMnsRequest(vectorRequest(), () => 'other-secret'), code('SignatureDoesNotMatch', 403));
  });

  it('answers InvalidAccessKeyId (403) for an unknown key', () => {
    assert.throws(
      () => verifyMnsRequest(vectorRequest({ authorization: 'MNS nobody:xE49nhXl5eAn9gxocipL4crGS5M=' }), secrets),
      code('InvalidAccessKeyId', 403),
    );
  });

  it('answers MissingAuthorizationHeader, InvalidAuthorizationHeader and MissingDateHeader (400)', () => {
    assert.throws(
      () => verifyMnsRequest(vectorRequest({ authorization: undefined }), secrets),
      code('MissingAuthorizationHeader', 400),
    );
    assert.throws(
      () => verifyMnsRequest(vectorRequest({ authorization: 'Bearer x' }), secrets),
      code('InvalidAuthorizationHeader', 400),
    );
    assert.throws(() => verifyMnsRequest(vectorRequest({ date: undefined }), secrets), code('MissingDateHeader', 400));
  });

  it('rejects a Content-MD5 that does not match the body with InvalidDegist', () => {
    const req = { ...vectorRequest(), body: Buffer.from(BODY.replace('hello', 'hullo')) };
    assert.throws(() => verifyMnsRequest(req, secrets), code('InvalidDegist', 400));
  });

  it('accepts a Content-MD5 that is base64 of the raw digest', () => {
    const req = vectorRequest({ 'content-md5': '2JIizebRBoo/b6szReMKLg==' });
    const signature = mnsSignature('testsecret', mnsStringToSign(req, '/topics/t1/messages'));
    assert.deepEqual(
      verifyMnsRequest({ ...req, headers: { ...req.headers, authorization: `MNS testid:${signature}` } }, secrets),
      {
        accessKeyId: 'testid',
      },
    );
  });

  it('signs the query string as part of the resource', () => {
    const base = vectorRequest();
    const headers: Record<string, string> = { ...base.headers };
    delete headers['content-md5'];
    const req: RawHttpRequest = {
      ...base,
      method: 'GET',
      path: '/queues/q1/messages',
      rawQuery: 'waitseconds=10',
      query: new URLSearchParams('waitseconds=10'),
      body: Buffer.alloc(0),
      headers,
    };
    const good = mnsSignature('testsecret', mnsStringToSign(req, '/queues/q1/messages?waitseconds=10'));
    const pathOnly = mnsSignature('testsecret', mnsStringToSign(req, '/queues/q1/messages'));
    assert.deepEqual(
      verifyMnsRequest({ ...req, headers: { ...req.headers, authorization: `MNS testid:${good}` } }, secrets),
      { accessKeyId: 'testid' },
    );
    assert.throws(
      () => verifyMnsRequest({ ...req, headers: { ...req.headers, authorization: `MNS testid:${pathOnly}` } }, secrets),
      code('SignatureDoesNotMatch', 403),
    );
  });
});
