import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimClock } from '../../../local/cloud/core/clock';
import { ApiError } from '../../../local/cloud/core/contracts';
import { createMnsModel } from '../../../local/cloud/mns/model';
import { createFcModel } from '../../../local/cloud/fc/model';

const ACCOUNT = '1234567890123456';
const REGION = 'cn-hangzhou';
const START = Date.UTC(2024, 0, 1);

function makeWorld() {
  const clock = new SimClock({ startMs: START });
  const base = { accountId: ACCOUNT, regionId: REGION, clock };
  const fc = createFcModel(base);
  const mns = createMnsModel({ ...base, fc });
  return { clock, fc, mns };
}

type World = ReturnType<typeof makeWorld>;

/** Receive and delete everything visible now, so it cannot come back after its visibility timeout. */
function drain(mns: World['mns'], queue: string): string[] {
  const bodies: string[] = [];
  for (let got = mns.queues.receive(queue, 16); got.length > 0; got = mns.queues.receive(queue, 16)) {
    for (const m of got) {
      mns.queues.deleteMessage(queue, m.receiptHandle);
      bodies.push(m.body);
    }
  }
  return bodies;
}

function apiErrorCode(code: string, status: number) {
  return (error: unknown) => error instanceof ApiError && error.code === code && error.httpStatus === status;
}

describe('MNS model: topic → queue', () => {
  it('delivers the XML notification to a subscribed queue on the next advance, not before', () => {
    // Prepare
    const { clock, mns } = makeWorld();
    mns.ensureTopic('events');
    mns.ensureQueue('inbox');
    mns.topics.subscribe('events', 'to-inbox', { endpoint: `acs:mns:${REGION}:${ACCOUNT}:queues/inbox` });
    // Act
    const messageId = mns.publish('events', 'hello <world>');
    const beforeAdvance = mns.queues.peek('inbox', 10).length;
    clock.advance(0);
    const [received] = mns.queues.receive('inbox', 1);
    // Assess
    assert.equal(beforeAdvance, 0);
    assert.ok(received);
    assert.match(
      received.body,
      /^<\?xml version="1\.0" encoding="utf-8"\?><Notification xmlns="http:\/\/mns\.aliyuncs\.com\/doc\/v1\/">/,
    );
    assert.match(received.body, new RegExp(`<MessageId>${messageId}</MessageId>`));
    assert.match(received.body, /<Message>hello &lt;world&gt;<\/Message>/);
    assert.match(received.body, new RegExp(`<PublishTime>${START}</PublishTime>`));
    assert.equal(mns.history('events')[0]?.deliveries[0]?.status, 'delivered');
  });

  it('hides a received message for the visibility timeout on the simulated clock, then the old handle stops working', () => {
    // Prepare
    const { clock, mns } = makeWorld();
    mns.queues.create('work', { visibilityTimeout: 30 });
    mns.sendToQueue('work', 'job-1');
    const [first] = mns.queues.receive('work', 1);
    assert.ok(first);
    // Act
    const whileHidden = mns.queues.receive('work', 1);
    clock.advance(30);
    const [second] = mns.queues.receive('work', 1);
    // Assess
    assert.equal(whileHidden.length, 0);
    assert.ok(second);
    assert.equal(second.messageId, first.messageId);
    assert.equal(second.dequeueCount, 2);
    assert.notEqual(second.receiptHandle, first.receiptHandle);
    assert.throws(() => mns.queues.deleteMessage('work', first.receiptHandle), apiErrorCode('MessageNotExist', 404));
    mns.queues.deleteMessage('work', second.receiptHandle);
    clock.advance(60);
    assert.equal(mns.queues.receive('work', 1).length, 0);
  });

  it('rejects a malformed receipt handle with ReceiptHandleError', () => {
    const { mns } = makeWorld();
    mns.ensureQueue('work');
    assert.throws(() => mns.queues.deleteMessage('work', 'not a handle'), apiErrorCode('ReceiptHandleError', 400));
  });

  it('keeps a delayed message invisible until its DelaySeconds pass', () => {
    const { clock, mns } = makeWorld();
    mns.ensureQueue('later');
    mns.queues.send('later', 'soon', { delaySeconds: 10 });
    assert.equal(mns.queues.receive('later', 1).length, 0);
    clock.advance(10);
    assert.equal(mns.queues.receive('later', 1)[0]?.body, 'soon');
  });

  it('wakes a long poll when a message arrives while it waits', async () => {
    // Prepare
    const { mns } = makeWorld();
    mns.ensureQueue('poll');
    // Act
    const waiting = mns.queues.receiveWaiting('poll', 1, 5);
    setTimeout(() => mns.sendToQueue('poll', 'arrived'), 20);
    const got = await waiting;
    // Assess
    assert.equal(got[0]?.body, 'arrived');
  });

  it('wakes a long poll when simulated time makes a hidden message visible', async () => {
    const { clock, mns } = makeWorld();
    mns.queues.create('vis', { visibilityTimeout: 5 });
    mns.sendToQueue('vis', 'again');
    mns.queues.receive('vis', 1);
    const waiting = mns.queues.receiveWaiting('vis', 1, 5);
    setTimeout(() => clock.advance(5), 20);
    assert.equal((await waiting)[0]?.body, 'again');
  });

  it('stops pending deliveries when the subscription or the topic goes away', () => {
    // Prepare
    const { clock, mns } = makeWorld();
    mns.ensureTopic('short-lived');
    mns.ensureQueue('q');
    const endpoint = `acs:mns:${REGION}:${ACCOUNT}:queues/q`;
    mns.topics.subscribe('short-lived', 'a', { endpoint, notifyContentFormat: 'SIMPLIFIED' });
    mns.topics.subscribe('short-lived', 'b', { endpoint, notifyContentFormat: 'SIMPLIFIED' });
    // Act
    mns.publish('short-lived', 'only to b');
    mns.topics.unsubscribe('short-lived', 'a');
    clock.advance(0);
    mns.publish('short-lived', 'to nobody');
    const history = mns.history('short-lived');
    mns.topics.delete('short-lived');
    clock.advance(0);
    // Assess
    assert.deepEqual(drain(mns, 'q'), ['only to b']);
    assert.deepEqual(
      history.map((m) => m.deliveries.map((d) => [d.subscriptionName, d.status, d.lastError])),
      [
        [
          ['a', 'failed', 'subscription removed'],
          ['b', 'delivered', undefined],
        ],
        [['b', 'failed', 'topic deleted']],
      ],
    );
  });

  it('throws TopicNotExist and QueueNotExist with 404', () => {
    const { mns } = makeWorld();
    assert.throws(() => mns.publish('missing', 'x'), apiErrorCode('TopicNotExist', 404));
    assert.throws(() => mns.sendToQueue('missing', 'x'), apiErrorCode('QueueNotExist', 404));
  });

  it('creates idempotently and refuses a different definition under the same name', () => {
    const { mns } = makeWorld();
    assert.equal(mns.topics.create('t1'), 'created');
    assert.equal(mns.topics.create('t1'), 'unchanged');
    assert.throws(() => mns.topics.create('t1', { maximumMessageSize: 2048 }), apiErrorCode('TopicAlreadyExist', 409));
    const endpoint = `acs:mns:${REGION}:${ACCOUNT}:queues/q`;
    assert.equal(mns.topics.subscribe('t1', 's1', { endpoint }), 'created');
    assert.equal(mns.topics.subscribe('t1', 's1', { endpoint }), 'unchanged');
    assert.throws(
      () => mns.topics.subscribe('t1', 's1', { endpoint, filterTag: 'x' }),
      apiErrorCode('SubscriptionAlreadyExist', 409),
    );
  });
});

describe('MNS model: filter tags', () => {
  it('delivers only messages whose tag matches the subscription FilterTag', () => {
    // Prepare
    const { clock, mns } = makeWorld();
    mns.ensureTopic('events');
    mns.ensureQueue('important');
    mns.topics.subscribe('events', 'only-important', {
      endpoint: `acs:mns:${REGION}:${ACCOUNT}:queues/important`,
      filterTag: 'important',
      notifyContentFormat: 'SIMPLIFIED',
    });
    // Act
    mns.publish('events', 'plain');
    mns.publish('events', 'tagged', 'important');
    mns.publish('events', 'other', 'other');
    clock.advance(0);
    // Assess
    assert.deepEqual(
      mns.queues.receive('important', 10).map((m) => m.body),
      ['tagged'],
    );
    assert.deepEqual(
      mns.history('events').map((m) => m.deliveries[0]?.status),
      ['filtered', 'delivered', 'filtered'],
    );
  });
});

describe('MNS model: function endpoints', () => {
  it('invokes the function with the FC MNS-trigger JSON event', async () => {
    // Prepare
    const { clock, fc, mns } = makeWorld();
    const events: unknown[] = [];
    fc.register('image-events', async (event) => {
      events.push(JSON.parse(event.toString('utf8')));
      return 'ok';
    });
    mns.ensureTopic('images');
    mns.topics.subscribe('images', 'fc-image-events', {
      endpoint: `acs:fc:${REGION}:${ACCOUNT}:functions/image-events`,
      notifyContentFormat: 'JSON',
    });
    // Act
    const messageId = mns.publish('images', '{"imageId":"m-1"}', 'image');
    clock.advance(0);
    await mns.idle();
    // Assess
    assert.deepEqual(events, [
      {
        TopicOwner: ACCOUNT,
        TopicName: 'images',
        Subscriber: ACCOUNT,
        SubscriptionName: 'fc-image-events',
        MessageId: messageId,
        Message: '{"imageId":"m-1"}',
        MessageMD5: createHash('md5').update('{"imageId":"m-1"}').digest('hex').toUpperCase(),
        MessageTag: 'image',
        PublishTime: START,
      },
    ]);
  });

  it('hands STREAM-format functions the raw body and retries a failing function on the clock', async () => {
    // Prepare
    const { clock, fc, mns } = makeWorld();
    const bodies: string[] = [];
    let calls = 0;
    fc.register('flaky', async (event) => {
      calls += 1;
      if (calls === 1) throw new Error('first call fails');
      bodies.push(event.toString('utf8'));
      return undefined;
    });
    mns.ensureTopic('t');
    mns.topics.subscribe('t', 'fc-flaky', { endpoint: `acs:fc:${REGION}:${ACCOUNT}:functions/flaky` });
    // Act
    mns.publish('t', 'raw body');
    clock.advance(0);
    await mns.idle();
    const afterFirst = mns.history('t')[0]?.deliveries[0]?.status;
    clock.advance(10);
    await mns.idle();
    // Assess
    assert.equal(afterFirst, 'retrying');
    assert.deepEqual(bodies, ['raw body']);
    const record = mns.history('t')[0]?.deliveries[0];
    assert.equal(record?.status, 'delivered');
    assert.equal(record?.attempts, 2);
  });

  it('gives up after the BACKOFF_RETRY budget (3 retries)', async () => {
    const { clock, fc, mns } = makeWorld();
    fc.register('broken', async () => {
      throw new Error('always');
    });
    mns.ensureTopic('t');
    mns.topics.subscribe('t', 'fc-broken', { endpoint: `acs:fc:${REGION}:${ACCOUNT}:functions/broken` });
    mns.publish('t', 'x');
    for (const step of [0, 10, 15, 20, 60]) {
      clock.advance(step);
      await mns.idle();
    }
    const record = mns.history('t')[0]?.deliveries[0];
    assert.equal(record?.status, 'failed');
    assert.equal(record?.attempts, 4);
    assert.match(record?.lastError ?? '', /UnhandledInvocationError/);
  });
});

describe('MNS model: HTTP endpoints', () => {
  it('pushes JSON notifications over HTTP and retries until the endpoint answers 2xx', async () => {
    // Prepare
    const seen: Array<{ path: string; headers: IncomingHttpHeaders; body: string }> = [];
    let answers = [500, 204];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.statusCode = answers[0] ?? 204;
        answers = answers.slice(1);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const { clock, mns } = makeWorld();
      mns.ensureTopic('notify');
      mns.topics.subscribe('notify', 'http', {
        endpoint: `http://127.0.0.1:${port}/notifications`,
        notifyContentFormat: 'JSON',
      });
      // Act
      const messageId = mns.publish('notify', 'payload', 'tag1');
      clock.advance(0);
      await mns.idle();
      clock.advance(10);
      await mns.idle();
      // Assess
      assert.equal(seen.length, 2);
      const last = seen[1];
      assert.ok(last);
      assert.equal(last.path, '/notifications');
      assert.equal(last.headers['x-mns-version'], '2015-06-06');
      assert.equal(typeof last.headers['authorization'], 'string');
      const body: unknown = JSON.parse(last.body);
      assert.deepEqual(body, {
        TopicOwner: ACCOUNT,
        TopicName: 'notify',
        Subscriber: ACCOUNT,
        SubscriptionName: 'http',
        MessageId: messageId,
        Message: 'payload',
        MessageMD5: mns.history('notify')[0]?.bodyMd5,
        MessageTag: 'tag1',
        PublishTime: String(START),
      });
      assert.equal(mns.history('notify')[0]?.deliveries[0]?.status, 'delivered');
    } finally {
      server.close();
    }
  });
});

describe('MNS model: delivery faults', () => {
  function faultRun(config: unknown) {
    const { clock, mns } = makeWorld();
    mns.ensureTopic('t');
    mns.ensureQueue('q');
    mns.topics.subscribe('t', 's', {
      endpoint: `acs:mns:${REGION}:${ACCOUNT}:queues/q`,
      notifyContentFormat: 'SIMPLIFIED',
    });
    mns.faults.set(config);
    return { clock, mns };
  }

  it('drops, duplicates or holds back notifications, the same way for the same seed', () => {
    // Prepare
    const config = { seed: 7, drop: 0.3, duplicate: 0.3, reorder: 0.2, holdSeconds: 30 };
    const runs = [faultRun(config), faultRun(config)];
    // Act
    const outcomes = runs.map(({ clock, mns }) => {
      for (let i = 0; i < 20; i += 1) mns.publish('t', `m${i}`);
      clock.advance(0);
      const early = drain(mns, 'q');
      clock.advance(30);
      const late = drain(mns, 'q');
      return { early, late, faults: mns.history('t').map((m) => m.deliveries.map((d) => d.fault ?? 'none').join('+')) };
    });
    // Assess
    assert.deepEqual(outcomes[0], outcomes[1]);
    const faults = outcomes[0]?.faults ?? [];
    assert.ok(faults.includes('drop'), 'some dropped');
    assert.ok(faults.includes('duplicate+duplicate'), 'some duplicated');
    assert.ok(faults.includes('reorder'), 'some held back');
    const delivered = [...(outcomes[0]?.early ?? []), ...(outcomes[0]?.late ?? [])];
    const expectedCount = faults.reduce((n, f) => n + (f === 'drop' ? 0 : f === 'duplicate+duplicate' ? 2 : 1), 0);
    assert.equal(delivered.length, expectedCount);
  });

  it('lets a later message overtake a held-back one', () => {
    const { clock, mns } = faultRun({ seed: 1, reorder: 1, holdSeconds: 30 });
    mns.publish('t', 'first');
    mns.faults.clear();
    mns.publish('t', 'second');
    clock.advance(0);
    const early = drain(mns, 'q');
    clock.advance(30);
    const late = drain(mns, 'q');
    assert.deepEqual([early, late], [['second'], ['first']]);
  });

  it('refuses a fault configuration whose shares exceed 1', () => {
    const { mns } = makeWorld();
    assert.throws(() => mns.faults.set({ drop: 0.6, duplicate: 0.6 }));
  });
});
