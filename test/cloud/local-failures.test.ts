// Signatures, injected faults and paging against the local cloud: the
// behaviour the controller relies on when the cloud is unfriendly.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningLocalCloud } from '../../local/cloud/index';
import { CloudError } from '../../shared/cloud/index';
import { clearFaults, clientsFor, injectFaults, seed, startLocalCloud } from './helpers/local-cloud';

describe('cloud failures and paging against the local cloud', () => {
  let lc: RunningLocalCloud;

  before(async () => {
    lc = await startLocalCloud();
    await seed(lc, {
      images: [{ name: 'base', family: 'base' }],
      topics: ['events'],
      groups: [
        ...Array.from({ length: 120 }, (_, i) => ({
          name: `g-${String(i).padStart(3, '0')}`,
          instances: 0,
          minSize: 0,
          imageName: 'base',
        })),
        { name: 'big-a', instances: 100, imageName: 'base' },
        { name: 'big-b', instances: 30, imageName: 'base' },
      ],
    });
  });
  afterEach(async () => {
    await clearFaults(lc);
  });
  after(async () => {
    await lc.close();
  });

  it('rejects a wrong secret with SignatureDoesNotMatch (400, request id, not retried)', async () => {
    // Prepare
    const c = clientsFor(lc, { credentials: { accessKeyId: lc.accessKeyId, accessKeySecret: 'wrong-secret' } });
    // Act
    const failure = c.cloud.ess.describeScalingGroups({});
    // Assess
    await assert.rejects(failure, (err: unknown) => {
      assert.ok(err instanceof CloudError);
      assert.equal(err.code, 'SignatureDoesNotMatch');
      assert.equal(err.status, 400);
      assert.match(err.requestId ?? '', /\S/);
      assert.equal(err.retryable, false);
      assert.equal(err.operation, 'ess:DescribeScalingGroups');
      assert.equal(err.attempts, 1);
      return true;
    });
    assert.equal(c.attemptsOf('ess:DescribeScalingGroups').length, 1);
  });

  it('rejects a wrong secret on MNS and FC too', async () => {
    // Prepare
    const c = clientsFor(lc, { credentials: { accessKeyId: lc.accessKeyId, accessKeySecret: 'wrong-secret' } });
    // Act
    const mns = c.cloud.mns.publishMessage({ topicName: 'events', messageBody: 'x' });
    const fc = c.cloud.fc.invokeFunction({ functionName: 'any', payload: '{}' });
    // Assess
    await assert.rejects(
      mns,
      (err: unknown) => err instanceof CloudError && err.code === 'SignatureDoesNotMatch' && !err.retryable,
    );
    await assert.rejects(
      fc,
      (err: unknown) => err instanceof CloudError && err.code === 'SignatureDoesNotMatch' && !err.retryable,
    );
  });

  it('retries an injected throttle and succeeds; the retry is counted', async () => {
    // Prepare: every second DescribeScalingInstances call is throttled
    await injectFaults(lc, { rules: [{ product: 'ess', action: 'DescribeScalingInstances', throttleShare: 0.5 }] });
    const c = clientsFor(lc);
    const [group] = await c.cloud.ess.listAllScalingGroups({ scalingGroupNames: ['big-b'] });
    assert.ok(group);
    // Act: call 1 passes, call 2 is throttled, call 3 (the retry) passes
    const first = await c.cloud.ess.describeScalingInstances({ scalingGroupId: group.scalingGroupId, pageSize: 10 });
    const second = await c.cloud.ess.describeScalingInstances({ scalingGroupId: group.scalingGroupId, pageSize: 10 });
    // Assess
    assert.equal(first.totalCount, 30);
    assert.equal(second.totalCount, 30);
    assert.deepEqual(
      c.attemptsOf('ess:DescribeScalingInstances').map((a) => [a.attempt, a.outcome, a.code]),
      [
        [1, 'ok', undefined],
        [1, 'retry', 'Throttling.User'],
        [2, 'ok', undefined],
      ],
    );
    assert.deepEqual(c.sleeps, [100]);
  });

  it('gives up after the attempt bound when throttling persists', async () => {
    // Prepare
    await injectFaults(lc, { rules: [{ product: 'oos', action: 'ListExecutions', throttleShare: 1 }] });
    const c = clientsFor(lc, { retry: { maxAttempts: 3, maxTotalMs: 60_000, baseDelayMs: 200, maxDelayMs: 5_000 } });
    // Act
    const failure = c.cloud.oos.listExecutions({});
    // Assess
    await assert.rejects(
      failure,
      (err: unknown) =>
        err instanceof CloudError && err.code === 'Throttling.User' && err.retryable && err.attempts === 3,
    );
    assert.equal(c.attemptsOf('oos:ListExecutions').length, 3);
    assert.deepEqual(c.sleeps, [100, 200]);
  });

  it('retries a 503 and does not retry other products meanwhile', async () => {
    // Prepare: the first ECS DescribeImages call answers ServiceUnavailable
    await injectFaults(lc, { rules: [{ product: 'ecs', action: 'DescribeImages', serverErrorShare: 0.5 }] });
    const c = clientsFor(lc);
    // Act
    await c.cloud.ecs.describeImages({});
    const images = await c.cloud.ecs.describeImages({ imageFamily: 'base' });
    await c.cloud.ess.describeScalingGroups({ pageSize: 1 });
    // Assess
    assert.equal(images.images[0]?.imageFamily, 'base');
    assert.deepEqual(
      c.attemptsOf('ecs:DescribeImages').map((a) => [a.outcome, a.code]),
      [
        ['ok', undefined],
        ['retry', 'ServiceUnavailable'],
        ['ok', undefined],
      ],
    );
    assert.equal(c.attemptsOf('ess:DescribeScalingGroups').length, 1);
  });

  it('lists 122 groups in 3 pages of 50', async () => {
    // Prepare
    const c = clientsFor(lc);
    // Act
    const groups = await c.cloud.ess.listAllScalingGroups();
    // Assess
    assert.equal(groups.length, 122);
    assert.equal(new Set(groups.map((g) => g.scalingGroupId)).size, 122);
    assert.equal(c.attemptsOf('ess:DescribeScalingGroups').length, 3);
  });

  it('lists 130 ECS instances in 2 pages of 100 and 100 scaling instances in 1', async () => {
    // Prepare
    const c = clientsFor(lc);
    const [bigA] = await c.cloud.ess.listAllScalingGroups({ scalingGroupNames: ['big-a'] });
    assert.ok(bigA);
    // Act
    const instances = await c.cloud.ecs.listAllInstances({});
    const scaling = await c.cloud.ess.listAllScalingInstances({ scalingGroupId: bigA.scalingGroupId });
    // Assess
    assert.equal(instances.length, 130);
    assert.equal(new Set(instances.map((i) => i.instanceId)).size, 130);
    assert.equal(c.attemptsOf('ecs:DescribeInstances').length, 2);
    assert.equal(scaling.length, 100);
    assert.equal(c.attemptsOf('ess:DescribeScalingInstances').length, 1);
  });
});
