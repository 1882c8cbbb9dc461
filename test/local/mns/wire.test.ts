import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCloud, type RunningLocalCloud } from '../../../local/cloud/index';

// The MNS wire as bytes: error documents, headers, namespaces, status codes.
// Signatures are off here; test/local/mns/signature.test.ts covers them.

const NS = 'http://mns.aliyuncs.com/doc/v1/';
const HEADERS = { 'x-mns-version': '2015-06-06', 'content-type': 'text/xml' };

describe('MNS wire', () => {
  let cloud: RunningLocalCloud;
  before(async () => {
    cloud = await startLocalCloud({ startTimeMs: Date.UTC(2024, 0, 1), verifySignatures: false });
  });
  after(() => cloud.close());

  const call = (method: string, path: string, body?: string, headers: Record<string, string> = HEADERS) =>
    fetch(`${cloud.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });

  it('answers errors as the MNS error document with the request id header', async () => {
    // Act
    const res = await call(
      'POST',
      '/queues/missing/messages',
      `<Message xmlns="${NS}"><MessageBody>x</MessageBody></Message>`,
    );
    const text = await res.text();
    // Assess
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /^text\/xml/);
    const requestId = res.headers.get('x-mns-request-id') ?? '';
    assert.match(requestId, /^[0-9A-F]{24}$/);
    assert.equal(res.headers.get('x-mns-version'), '2015-06-06');
    assert.equal(
      text,
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error xmlns="${NS}"><Code>QueueNotExist</Code><Message>The queue name you provided is not exist.</Message>` +
        `<RequestId>${requestId}</RequestId><HostId>http://${cloud.accountId}.mns.${cloud.regionId}.aliyuncs.com</HostId></Error>`,
    );
  });

  it('rejects a document without the MNS namespace, and malformed XML', async () => {
    await call('PUT', '/topics/ns-check', '');
    const noNamespace = await call(
      'POST',
      '/topics/ns-check/messages',
      '<Message><MessageBody>x</MessageBody></Message>',
    );
    const malformed = await call(
      'POST',
      '/topics/ns-check/messages',
      `<Message xmlns="${NS}"><MessageBody>x</Message>`,
    );
    assert.equal(noNamespace.status, 400);
    assert.match(await noNamespace.text(), /<Code>InvalidArgument<\/Code>.*xmlns/);
    assert.equal(malformed.status, 400);
    assert.match(await malformed.text(), /<Code>MalformedXML<\/Code>/);
  });

  it('requires x-mns-version', async () => {
    const res = await call('GET', '/topics', undefined, {});
    assert.equal(res.status, 400);
    assert.match(
      await res.text(),
      /<Code>InvalidArgument<\/Code><Message>The x-mns-version header must be 2015-06-06\.<\/Message>/,
    );
  });

  it('publishes with 201 and the uppercase MD5, un-escaping the body', async () => {
    await call('PUT', '/topics/md5-check', `<Topic xmlns="${NS}"></Topic>`);
    const res = await call(
      'POST',
      '/topics/md5-check/messages',
      `<Message xmlns="${NS}"><MessageBody>a &lt; b &amp; c</MessageBody><MessageTag>t</MessageTag></Message>`,
    );
    const text = await res.text();
    assert.equal(res.status, 201);
    assert.match(text, /<MessageBodyMD5>[0-9A-F]{32}<\/MessageBodyMD5>/);
    const history = (await (await fetch(`${cloud.url}/_local/mns/topics/md5-check/messages`)).json()) as Array<{
      body: string;
      tag: string;
    }>;
    assert.deepEqual(
      history.map((m) => [m.body, m.tag]),
      [['a < b & c', 't']],
    );
  });

  it('answers an empty queue with 404 MessageNotExist, and a wait that ends empty the same way', async () => {
    await call('PUT', '/queues/empty-q', `<Queue xmlns="${NS}"><VisibilityTimeout>10</VisibilityTimeout></Queue>`);
    const now = await call('GET', '/queues/empty-q/messages');
    const waited = await call('GET', '/queues/empty-q/messages?waitseconds=1');
    assert.equal(now.status, 404);
    assert.match(await now.text(), /<Code>MessageNotExist<\/Code>/);
    assert.equal(waited.status, 404);
    await waited.arrayBuffer();
  });

  it('refuses attribute values out of range, naming the element', async () => {
    const res = await call(
      'PUT',
      '/queues/bad-q',
      `<Queue xmlns="${NS}"><VisibilityTimeout>0</VisibilityTimeout></Queue>`,
    );
    assert.equal(res.status, 400);
    assert.match(await res.text(), /The value of VisibilityTimeout should between 1 and 43200 seconds\/bytes\./);
  });

  it('lists subscriptions of a topic as SubscriptionURLs', async () => {
    await call('PUT', '/topics/listed', '');
    await call(
      'PUT',
      '/topics/listed/subscriptions/s1',
      `<Subscription xmlns="${NS}"><Endpoint>acs:mns:${cloud.regionId}:${cloud.accountId}:queues/any</Endpoint></Subscription>`,
    );
    const res = await call('GET', '/topics/listed/subscriptions');
    assert.equal(res.status, 200);
    assert.match(
      await res.text(),
      new RegExp(
        `<Subscriptions xmlns="${NS}"><Subscription>` +
          `<SubscriptionURL>${cloud.url}/topics/listed/subscriptions/s1</SubscriptionURL></Subscription></Subscriptions>`,
      ),
    );
  });
});
