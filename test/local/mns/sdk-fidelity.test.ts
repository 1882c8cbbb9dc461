import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import MnsClient from '@alicloud/mns';
import { startMnsCloud } from './local-cloud';

// The official Node.js MNS client against the local MNS. The client takes a
// custom `endpoint` URL (it would otherwise build {accountId}.mns.{region}.aliyuncs.com).
// Its subscribe() is an empty stub, so Subscribe goes through its generic put().

interface SdkResponse {
  code: number;
  headers: Record<string, string>;
  body?: Record<string, unknown>;
}
interface FullMnsSdk {
  createTopic(name: string, params?: Record<string, string>): Promise<SdkResponse>;
  getTopicAttributes(name: string): Promise<SdkResponse>;
  listTopic(start?: string, limit?: number, prefix?: string): Promise<SdkResponse>;
  publishMessage(topic: string, params: Record<string, string>): Promise<SdkResponse>;
  createQueue(name: string, params?: Record<string, string | number>): Promise<SdkResponse>;
  sendMessage(queue: string, params: Record<string, string | number>): Promise<SdkResponse>;
  batchSendMessage(queue: string, params: Array<Record<string, string>>): Promise<SdkResponse>;
  receiveMessage(queue: string, waitSeconds?: number): Promise<SdkResponse>;
  peekMessage(queue: string): Promise<SdkResponse>;
  deleteMessage(queue: string, receiptHandle: string): Promise<SdkResponse>;
  changeMessageVisibility(queue: string, receiptHandle: string, seconds: number): Promise<SdkResponse>;
  put(resource: string, type: string, body: Buffer, attentions?: string[]): Promise<SdkResponse>;
  get(resource: string, type: string): Promise<SdkResponse>;
}

type Cloud = Awaited<ReturnType<typeof startMnsCloud>>;

function sdk(cloud: Cloud, secret = cloud.accessKeySecret): FullMnsSdk {
  return new MnsClient(cloud.accountId, {
    accessKeyId: cloud.accessKeyId,
    accessKeySecret: secret,
    endpoint: cloud.url,
  }) as unknown as FullMnsSdk;
}

function subscriptionXml(fields: Record<string, string>): Buffer {
  const inner = Object.entries(fields)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><Subscription xmlns="http://mns.aliyuncs.com/doc/v1/">${inner}</Subscription>`,
  );
}

describe('MNS fidelity with @alicloud/mns', () => {
  let cloud: Cloud;
  const pushes: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      pushes.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = 204;
      res.end();
    });
  });
  let receiverUrl = '';

  before(async () => {
    cloud = await startMnsCloud();
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notifications`;
  });
  after(async () => {
    await cloud.close();
    receiver.close();
  });

  it('creates a topic, fans a publish out to a queue and an HTTP endpoint, receives and deletes', async () => {
    // Prepare
    const client = sdk(cloud);
    const created = await client.createTopic('rollgate-events');
    await client.createQueue('rollgate-inbox');
    await client.put(
      '/topics/rollgate-events/subscriptions/to-inbox',
      'Subscription',
      subscriptionXml({
        Endpoint: `acs:mns:${cloud.regionId}:${cloud.accountId}:queues/rollgate-inbox`,
        NotifyContentFormat: 'SIMPLIFIED',
      }),
    );
    await client.put(
      '/topics/rollgate-events/subscriptions/to-http',
      'Subscription',
      subscriptionXml({ Endpoint: receiverUrl, NotifyContentFormat: 'XML' }),
    );
    // Act
    const published = await client.publishMessage('rollgate-events', {
      MessageBody: '{"event":"rollout.started"}',
      MessageTag: 'rollout',
    });
    cloud.cloud.clock.advance(0);
    await cloud.mns().idle();
    const received = await client.receiveMessage('rollgate-inbox', 1);
    const receiptHandle = String(received.body?.['ReceiptHandle']);
    const deleted = await client.deleteMessage('rollgate-inbox', receiptHandle);
    // Assess
    assert.equal(created.code, 201);
    assert.match(created.headers['location'] ?? '', /\/topics\/rollgate-events$/);
    assert.equal(published.code, 201);
    assert.match(String(published.body?.['MessageId']), /^[0-9A-F]{16}-1-/);
    assert.equal(
      published.body?.['MessageBodyMD5'],
      createHash('md5').update('{"event":"rollout.started"}').digest('hex').toUpperCase(),
    );
    assert.equal(received.body?.['MessageBody'], '{"event":"rollout.started"}');
    // The queue stores its own message (own MessageId); the notification names the published one.
    assert.match(pushes[0]?.body ?? '', new RegExp(`<MessageId>${String(published.body?.['MessageId'])}</MessageId>`));
    assert.equal(deleted.code, 204);
    assert.equal(pushes.length, 1);
    assert.match(pushes[0]?.body ?? '', /<Message>\{"event":"rollout.started"\}<\/Message>/);
    assert.match(pushes[0]?.body ?? '', /<MessageTag>rollout<\/MessageTag>/);
    await assert.rejects(client.receiveMessage('rollgate-inbox'), (e: Error) => e.name === 'MNSMessageNotExistError');
  });

  it('answers GetTopicAttributes and ListTopic in the shapes the client reads', async () => {
    const client = sdk(cloud);
    await client.createTopic('attrs-topic');
    const attrs = await client.getTopicAttributes('attrs-topic');
    const list = await client.listTopic();
    assert.equal(attrs.body?.['TopicName'], 'attrs-topic');
    assert.equal(attrs.body?.['MaximumMessageSize'], '65536');
    const urls = (list.body as unknown as Array<{ TopicURL: string }>).map((t) => t.TopicURL);
    assert.ok(urls.includes(`${cloud.url}/topics/attrs-topic`));
  });

  it('peeks, changes visibility and batch-sends through the client', async () => {
    const client = sdk(cloud);
    await client.createQueue('batch-q');
    await client.batchSendMessage('batch-q', [{ MessageBody: 'a' }, { MessageBody: 'b' }]);
    const peeked = await client.peekMessage('batch-q');
    const got = await client.receiveMessage('batch-q');
    const changed = await client.changeMessageVisibility('batch-q', String(got.body?.['ReceiptHandle']), 60);
    assert.equal(peeked.body?.['MessageBody'], 'a');
    assert.equal(got.body?.['MessageBody'], 'a');
    assert.notEqual(changed.body?.['ReceiptHandle'], got.body?.['ReceiptHandle']);
    assert.equal(Number(changed.body?.['NextVisibleTime']), cloud.cloud.clock.now() + 60_000);
  });

  it('surfaces TopicNotExist for a missing topic', async () => {
    await assert.rejects(
      sdk(cloud).publishMessage('no-such-topic', { MessageBody: 'x' }),
      (e: Error) => e.name === 'MNSTopicNotExistError',
    );
  });

  it('accepts temporary (STS) keys only with their security token', async () => {
    // Prepare
    const sts = cloud.cloud.mintStsCredentials();
    const withToken = new MnsClient(cloud.accountId, {
      accessKeyId: sts.AccessKeyId,
      accessKeySecret: sts.AccessKeySecret,
      securityToken: sts.SecurityToken,
      endpoint: cloud.url,
    }) as unknown as FullMnsSdk;
    const withoutToken = new MnsClient(cloud.accountId, {
      accessKeyId: sts.AccessKeyId,
      accessKeySecret: sts.AccessKeySecret,
      endpoint: cloud.url,
    }) as unknown as FullMnsSdk;
    // Act
    const created = await withToken.createTopic('sts-topic');
    // Assess
    assert.equal(created.code, 201);
    await assert.rejects(
      withoutToken.createTopic('sts-topic-2'),
      (e: Error) => e.name === 'MNSInvalidSecurityToken.MismatchWithAccessKeyError',
    );
  });

  it('picks the world from an {account}.mns.{region} host and refuses another account with AccessDenied', async () => {
    // Prepare: the client keeps its 127.0.0.1 URL but sends the public host name.
    const own = sdk(cloud) as FullMnsSdk & { endpointDomain: string };
    own.endpointDomain = `${cloud.accountId}.mns.${cloud.regionId}.aliyuncs.com`;
    const other = sdk(cloud) as FullMnsSdk & { endpointDomain: string };
    other.endpointDomain = `999999.mns.${cloud.regionId}.aliyuncs.com`;
    // Act
    const created = await own.createTopic('named-host-topic');
    // Assess
    assert.equal(created.code, 201);
    assert.ok(cloud.mns().topics.find('named-host-topic'));
    await assert.rejects(other.createTopic('other-account-topic'), (e: Error) => {
      assert.equal(e.name, 'MNSAccessDeniedError');
      assert.match(e.message, /failed with 403/);
      return true;
    });
  });

  it('surfaces SignatureDoesNotMatch for a wrong secret', async () => {
    await assert.rejects(sdk(cloud, 'wrong-secret').createTopic('never'), (e: Error) => {
      assert.equal(e.name, 'MNSSignatureDoesNotMatchError');
      assert.match(e.message, /failed with 403/);
      return true;
    });
    assert.equal(cloud.mns().topics.find('never'), undefined);
  });
});
