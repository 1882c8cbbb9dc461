// MNS (via @alicloud/mns on a custom endpoint) and FC 3.0 invoke (rollgate's
// FC client: the FC SDK's InvokeFunction request over @alicloud/openapi-client)
// against the local cloud.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { RunningLocalCloud } from '../../local/cloud/index';
import { CloudError } from '../../shared/cloud/index';
import { clientsFor, seed, startLocalCloud, type ClientsUnderTest } from './helpers/local-cloud';

describe('MNS and FC against the local cloud', () => {
  let lc: RunningLocalCloud;
  let c: ClientsUnderTest;

  before(async () => {
    lc = await startLocalCloud();
    await seed(lc, { topics: ['rollgate-events'], queues: ['work'] });
    c = clientsFor(lc);
  });
  after(async () => {
    await lc.close();
  });

  it('publishes to a topic', async () => {
    // Prepare
    const body = '{"type":"rollout.started","note":"<b>&"}';
    // Act
    const published = await c.cloud.mns.publishMessage({
      topicName: 'rollgate-events',
      messageBody: body,
      messageTag: 'rollout',
    });
    // Assess: the MD5 the server computed is of the original (un-escaped) body
    assert.match(published.messageId, /\S/);
    assert.equal(published.messageBodyMd5, createHash('md5').update(body).digest('hex').toUpperCase());
  });

  it('sends, receives and deletes a queue message whose body needs XML escaping', async () => {
    // Prepare
    const body = JSON.stringify({ note: 'a < b && c > d', html: '<p>hi</p>' });
    // Act
    const sent = await c.cloud.mns.sendMessage({ queueName: 'work', messageBody: body });
    const received = await c.cloud.mns.receiveMessage({ queueName: 'work' });
    assert.ok(received);
    await c.cloud.mns.deleteMessage({ queueName: 'work', receiptHandle: received.receiptHandle });
    lc.clock.advance(120); // past any visibility timeout: a deleted message stays gone
    const empty = await c.cloud.mns.receiveMessage({ queueName: 'work' });
    // Assess
    assert.equal(received.messageId, sent.messageId);
    assert.equal(received.messageBody, body);
    assert.equal(received.dequeueCount, 1);
    assert.equal(empty, undefined);
  });

  it('maps a missing topic to CloudError TopicNotExist without retrying', async () => {
    // Act
    const failure = c.cloud.mns.publishMessage({ topicName: 'no-such-topic', messageBody: 'x' });
    // Assess
    await assert.rejects(failure, (err: unknown) => {
      assert.ok(err instanceof CloudError);
      assert.equal(err.code, 'TopicNotExist');
      assert.equal(err.status, 404);
      assert.equal(err.operation, 'mns:PublishMessage');
      assert.equal(err.retryable, false);
      assert.match(err.requestId ?? '', /\S/);
      return true;
    });
    assert.equal(c.attemptsOf('mns:PublishMessage').filter((a) => a.outcome !== 'ok').length, 1);
  });

  it('invokes an FC 3.0 function synchronously and returns its result', async () => {
    // Prepare
    const seen: string[] = [];
    lc.world().fc.register('health-check', async (event) => {
      seen.push(event.toString('utf8'));
      return { verdict: 'pass' };
    });
    // Act
    const res = await c.cloud.fc.invokeFunction({
      functionName: 'health-check',
      payload: JSON.stringify({ scalingGroupId: 'asg-1' }),
    });
    // Assess
    assert.equal(res.statusCode, 200);
    assert.deepEqual(JSON.parse(res.body.toString('utf8')), { verdict: 'pass' });
    assert.deepEqual(seen, ['{"scalingGroupId":"asg-1"}']);
    assert.equal(res.functionError, undefined);
    assert.match(res.requestId ?? '', /\S/);
  });

  it('reports a handler failure as functionError, not as a failed call', async () => {
    // Prepare
    lc.world().fc.register('broken', async () => {
      throw new Error('boom');
    });
    // Act
    const res = await c.cloud.fc.invokeFunction({ functionName: 'broken', payload: '{}' });
    // Assess
    assert.match(res.functionError ?? '', /\S/);
    assert.match(res.body.toString('utf8'), /boom/);
  });

  it('maps an unknown function to CloudError FunctionNotFound (404)', async () => {
    // Act
    const failure = c.cloud.fc.invokeFunction({ functionName: 'missing-fn', payload: '{}' });
    // Assess
    await assert.rejects(
      failure,
      (err: unknown) =>
        err instanceof CloudError && err.code === 'FunctionNotFound' && err.status === 404 && !err.retryable,
    );
  });
});
