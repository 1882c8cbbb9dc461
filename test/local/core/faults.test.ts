import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LocalFaultModel } from '../../../local/cloud/core/faults';
import { startLocalCloud, type RunningLocalCloud } from '../../../local/cloud/index';

describe('LocalFaultModel', () => {
  it('throttles exactly every third matching call for a share of 1/3', () => {
    // Prepare
    const faults = new LocalFaultModel();
    faults.configure({ rules: [{ product: 'ess', action: 'DescribeScalingGroups', throttleShare: 1 / 3 }] });

    // Act
    const codes = Array.from({ length: 9 }, () => faults.decide('ess', 'DescribeScalingGroups').error?.code ?? 'ok');
    const other = faults.decide('ess', 'DescribeScalingInstances');

    // Assess
    assert.deepEqual(codes, [
      'ok',
      'ok',
      'Throttling.User',
      'ok',
      'ok',
      'Throttling.User',
      'ok',
      'ok',
      'Throttling.User',
    ]);
    assert.equal(other.error, undefined);
  });

  it('injects 5xx with the chosen code and adds latency of every matching rule', () => {
    // Prepare
    const faults = new LocalFaultModel();
    faults.configure({
      rules: [{ product: 'oos', serverErrorShare: 1, serverErrorCode: 'InternalError' }, { latencyMs: 25 }],
    });

    // Act
    const decision = faults.decide('oos', 'StartExecution');

    // Assess
    assert.equal(decision.error?.code, 'InternalError');
    assert.equal(decision.error?.httpStatus, 500);
    assert.equal(decision.latencyMs, 25);
  });

  it('counts down instance update failures and scaling activity failures', () => {
    // Prepare
    const faults = new LocalFaultModel();
    faults.configure({
      instanceUpdateFailures: [{ instanceId: 'i-1', times: 1 }],
      scalingActivityFailures: [{ scalingGroupId: 'asg-1', kind: 'ScaleOut', times: 1 }],
    });

    // Act
    const before = faults.instanceUpdateFails('i-1');
    faults.consumeInstanceUpdateFailure('i-1');
    const takenIn = faults.takeScalingActivityFailure('asg-1', 'ScaleIn');
    const takenOut = faults.takeScalingActivityFailure('asg-1', 'ScaleOut');
    const takenAgain = faults.takeScalingActivityFailure('asg-1', 'ScaleOut');

    // Assess
    assert.deepEqual([before, faults.instanceUpdateFails('i-1')], [true, false]);
    assert.deepEqual([takenIn, takenOut, takenAgain], [false, true, false]);
  });
});

describe('faults on the wire', () => {
  let cloud: RunningLocalCloud;
  before(async () => {
    cloud = await startLocalCloud({ verifySignatures: false });
  });
  after(async () => {
    await cloud.close();
  });

  it('answers a throttled RPC call with HTTP 400 Throttling.User, configured through the admin API', async () => {
    // Prepare
    const configured = await fetch(`${cloud.url}/_local/faults`, {
      method: 'POST',
      body: JSON.stringify({ rules: [{ product: 'ecs', action: 'DescribeImages', throttleShare: 0.5 }] }),
    });
    const call = () => fetch(`${cloud.url}/?Action=DescribeImages&Version=2014-05-26&RegionId=${cloud.regionId}`);

    // Act
    const first = await call();
    const second = await call();
    const secondBody = (await second.json()) as Record<string, unknown>;
    await fetch(`${cloud.url}/_local/faults`, { method: 'DELETE' });
    const third = await call();

    // Assess
    assert.equal(configured.status, 200);
    assert.equal(first.status, 200);
    assert.equal(second.status, 400);
    assert.equal(secondBody['Code'], 'Throttling.User');
    assert.equal(third.status, 200);
  });
});
