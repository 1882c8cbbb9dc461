import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SimClock } from '../../../local/cloud/core/clock';
import { httpReplyFrom, httpTriggerEvent, type HttpTriggerTarget } from '../../../local/runtime/http-trigger';

const clock = new SimClock({ startMs: Date.UTC(2024, 0, 1) });
const target: HttpTriggerTarget = {
  functionName: 'web',
  triggerName: 'http',
  methods: ['GET', 'POST'],
  accountId: '123',
  regionId: 'cn-hangzhou',
  clock,
  newRequestId: () => 'req-1',
  invoke: () => Promise.reject(new Error('not used')),
};

describe('HTTP trigger mapping', () => {
  it('builds FC 3.0 HTTP event: raw and decoded path, joined multi-values, string timeEpoch', () => {
    // Act
    const event = httpTriggerEvent(
      {
        method: 'POST',
        url: '/a%20b?x=1&x=2&y=3',
        headers: { 'content-type': 'application/json', 'user-agent': 'ua' },
        body: Buffer.from('{"k":1}'),
        sourceIp: '127.0.0.1',
      },
      target,
      'req-1',
    );
    // Assess
    assert.deepEqual(event, {
      version: 'v1',
      rawPath: '/a%20b',
      body: '{"k":1}',
      isBase64Encoded: false,
      headers: { 'content-type': 'application/json', 'user-agent': 'ua' },
      queryParameters: { x: '1,2', y: '3' },
      requestContext: {
        accountId: '123',
        domainName: 'web-http.cn-hangzhou.fcapp.run',
        domainPrefix: 'web-http',
        http: { method: 'POST', path: '/a b', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'ua' },
        requestId: 'req-1',
        time: '2024-01-01T00:00:00Z',
        timeEpoch: String(Date.UTC(2024, 0, 1)),
      },
    });
  });

  it('base64-encodes binary bodies', () => {
    const event = httpTriggerEvent(
      {
        method: 'POST',
        url: '/',
        headers: { 'content-type': 'application/octet-stream' },
        body: Buffer.from([0, 255]),
        sourceIp: '',
      },
      target,
      'r',
    );
    assert.equal(event['isBase64Encoded'], true);
    assert.equal(event['body'], 'AP8=');
  });

  it('maps a {statusCode, headers, body} result, decoding base64 bodies', () => {
    const reply = httpReplyFrom(
      Buffer.from(JSON.stringify({ statusCode: 418, headers: { 'X-A': 'b' }, isBase64Encoded: true, body: 'aGk=' })),
    );
    assert.deepEqual(reply, { status: 418, headers: { 'x-a': 'b' }, body: Buffer.from('hi') });
  });

  it('sends any other result as a 200 with its bytes', () => {
    assert.deepEqual(httpReplyFrom(Buffer.from('plain')), { status: 200, headers: {}, body: Buffer.from('plain') });
    assert.deepEqual(httpReplyFrom(Buffer.from('{"a":1}')), { status: 200, headers: {}, body: Buffer.from('{"a":1}') });
  });
});
