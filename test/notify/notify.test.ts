// Notification channels against a 127.0.0.1 server: each renderer's body and
// signature, per-channel event filters, de-duplication by event id, and which
// failures ask for a redelivery.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { makeEvent, type RollgateEvent } from '../../shared/domain/events';
import type { Channel } from '../../shared/domain/policy';
import { createLogger } from '../../shared/log';
import { deliverMessage, NotifyRetryError } from '../../shared/notify/deliver-message';
import {
  createSeenDeliveries,
  dingtalkSign,
  feishuSign,
  notifyEvent,
  webhookSignature,
  type NotifyDeps,
} from '../../shared/notify/index';

interface Received {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

const NOW_MS = Date.parse('2026-03-02T08:10:00Z');

const failedEvent: RollgateEvent = makeEvent({
  type: 'batch.failed',
  at: '2026-03-02T08:09:00.000Z',
  groupId: 'asg-canary',
  executionId: 'exec-1',
  campaignId: 'camp-1',
  revision: 'm-bad',
  message: 'batch 1/2 of web-canary failed its gate: 2 consecutive failed health checks',
  detail: {
    batch: 1,
    totalBatches: 2,
    reasons: ['i-1 essHealth: Unhealthy', 'i-1 http: 503'],
    'measured.group.healthyPercent': 50,
  },
});
const passedEvent: RollgateEvent = makeEvent({
  type: 'batch.passed',
  at: '2026-03-02T08:09:00.000Z',
  groupId: 'asg-canary',
  executionId: 'exec-1',
  message: 'batch 1/2 passed',
  detail: { batch: 1 },
});

describe('notify: channels', () => {
  let server: Server;
  let base: string;
  let received: Received[];
  let answer: { status: number; body: string };

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        received.push({
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received = [];
    answer = { status: 200, body: '{"errcode":0,"code":0}' };
  });

  const deps = (secrets: Record<string, string> = {}): NotifyDeps => ({
    fetch,
    now: () => NOW_MS,
    secrets,
    seen: createSeenDeliveries(),
  });
  const channel = (type: Channel['type'], extra: Partial<Channel> = {}): Channel => ({
    name: type,
    type,
    url: `${base}/${type}?access_token=t`,
    ...extra,
  });

  it('DingTalk: a signed markdown message with the reasons', async () => {
    // Act
    const [delivery] = await notifyEvent(
      failedEvent,
      [channel('dingtalk', { secretEnv: 'DT_SECRET' })],
      deps({ DT_SECRET: 'SECabc' }),
    );
    // Assess
    assert.equal(delivery?.result, 'sent');
    const req = received[0]!;
    assert.equal(req.query.get('access_token'), 't');
    assert.equal(req.query.get('timestamp'), String(NOW_MS));
    assert.equal(req.query.get('sign'), dingtalkSign('SECabc', NOW_MS));
    const body = JSON.parse(req.body) as { msgtype: string; markdown: { title: string; text: string } };
    assert.equal(body.msgtype, 'markdown');
    assert.equal(body.markdown.title, 'rollgate batch.failed asg-canary');
    assert.match(body.markdown.text, /- i-1 essHealth: Unhealthy/);
    assert.match(body.markdown.text, /group.healthyPercent=50/);
  });

  it('Feishu: text with timestamp and sign in the body', async () => {
    await notifyEvent(failedEvent, [channel('feishu', { secretEnv: 'FS_SECRET' })], deps({ FS_SECRET: 'fs' }));
    const body = JSON.parse(received[0]!.body) as {
      msg_type: string;
      timestamp: string;
      sign: string;
      content: { text: string };
    };
    assert.equal(body.msg_type, 'text');
    assert.equal(body.timestamp, String(NOW_MS / 1000));
    assert.equal(body.sign, feishuSign('fs', NOW_MS / 1000));
    assert.match(body.content.text, /failed its gate/);
  });

  it('WeCom and Slack: markdown and text bodies', async () => {
    await notifyEvent(failedEvent, [channel('wecom'), channel('slack')], deps());
    const byPath = new Map(received.map((r) => [r.path, JSON.parse(r.body) as Record<string, unknown>]));
    const wecom = byPath.get('/wecom') as { msgtype: string; markdown: { content: string } };
    assert.equal(wecom.msgtype, 'markdown');
    assert.match(wecom.markdown.content, /color="warning"/);
    const slack = byPath.get('/slack') as { text: string; blocks: unknown[] };
    assert.match(slack.text, /:warning: \*rollgate batch.failed asg-canary\*/);
    assert.equal(slack.blocks.length, 1);
  });

  it('webhook: the event as JSON with an HMAC signature header', async () => {
    await notifyEvent(failedEvent, [channel('webhook', { secretEnv: 'WH_SECRET' })], deps({ WH_SECRET: 'wh' }));
    const req = received[0]!;
    assert.equal(req.headers['x-rollgate-signature'], webhookSignature('wh', req.body));
    assert.equal(req.headers['x-rollgate-event-id'], failedEvent.id);
    const body = JSON.parse(req.body) as RollgateEvent;
    assert.equal(body.id, failedEvent.id);
    assert.equal(body.type, 'batch.failed');
  });

  it('sends each channel only the event types it asks for', async () => {
    const only = channel('slack', { events: ['batch.failed'] });
    const result = await notifyEvent(passedEvent, [only], deps());
    assert.deepEqual(result, [{ channel: 'slack', result: 'filtered' }]);
    assert.equal(received.length, 0);
  });

  it('drops a duplicate delivery of the same event', async () => {
    const d = deps();
    const first = await notifyEvent(failedEvent, [channel('slack')], d);
    const again = await notifyEvent(structuredClone(failedEvent), [channel('slack')], d);
    assert.equal(first[0]?.result, 'sent');
    assert.equal(again[0]?.result, 'duplicate');
    assert.equal(received.length, 1);
  });

  it('a 5xx asks for a redelivery that serves only the channel that failed', async () => {
    // Prepare
    const d = deps();
    const channels = [channel('slack'), channel('webhook')];
    const log = createLogger('test', 'silent');
    answer = { status: 200, body: 'ok' };
    await notifyEvent(failedEvent, [channels[0]!], d);
    answer = { status: 503, body: 'busy' };
    // Act
    await assert.rejects(deliverMessage(JSON.stringify(failedEvent), channels, d, log), NotifyRetryError);
    answer = { status: 200, body: 'ok' };
    const retried = await deliverMessage(JSON.stringify(failedEvent), channels, d, log);
    // Assess
    assert.deepEqual(retried['deliveries'], ['slack:duplicate', 'webhook:sent']);
    assert.deepEqual(
      received.map((r) => `${r.path}:${r.headers['x-rollgate-event-id'] ?? ''}`),
      ['/slack:', '/webhook:' + failedEvent.id, '/webhook:' + failedEvent.id],
    );
  });

  it('a robot error code or a missing secret fails without a redelivery', async () => {
    answer = { status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' };
    const log = createLogger('test', 'silent');
    const refused = await deliverMessage(JSON.stringify(failedEvent), [channel('dingtalk')], deps(), log);
    assert.deepEqual(refused['deliveries'], ['dingtalk:failed']);
    const [missing] = await notifyEvent(failedEvent, [channel('dingtalk', { secretEnv: 'NOT_SET' })], deps());
    assert.equal(missing?.result, 'failed');
    assert.equal(missing?.result === 'failed' ? missing.transient : undefined, false);
  });

  it('acknowledges a message that is not a rollgate event', async () => {
    const result = await deliverMessage('{"hello":1}', [channel('slack')], deps(), createLogger('test', 'silent'));
    assert.equal(result['status'], 'rejected');
    assert.equal(received.length, 0);
  });
});
