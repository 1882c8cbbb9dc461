// A 100-instance rollout in 10 batches with EveryBatchPause: 9 pauses, every
// instance on the new image, and exactly the simulated time the step
// durations add up to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OOS_STEP_SECONDS as S } from '../../../local/cloud/oos/durations';
import { createFakeWorld, runUntil, seedGroup } from './fake-world';
import { IMAGE_TEMPLATE, imageInvoke } from './seed-invocations';

describe('OOS rollout of 100 instances in 10 batches', () => {
  it('pauses 9 times, ends Success on the new image, in the time the step durations add up to', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId, instanceIds } = seedGroup(world, 100);
    const params = {
      ...imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
      batchNumber: 10,
      batchPauseOption: 'EveryBatchPause',
    };
    const perInstance = S.enterStandby + S.stopInstance + S.replaceSystemDisk + S.startInstance + S.exitStandby;
    const expectedSeconds =
      S.describeInstances +
      S.suspendProcesses +
      S.modifyScalingConfiguration +
      10 * perInstance +
      S.tagInstances +
      S.resumeProcesses;

    // Act
    const execution = world.oos.startExecution({ templateName: IMAGE_TEMPLATE, parameters: JSON.stringify(params) });
    let pauses = 0;
    let simulatedSeconds = 0;
    for (;;) {
      simulatedSeconds += runUntil(
        world,
        () => execution.status === 'Waiting' || execution.status === 'Success' || execution.status === 'Failed',
      );
      if (execution.status !== 'Waiting') break;
      pauses += 1;
      world.oos.notifyExecution({ executionId: execution.executionId, notifyType: 'Approve' });
    }

    // Assess
    assert.equal(pauses, 9);
    assert.equal(execution.status, 'Success');
    assert.equal(execution.rollout!.concurrency, 10);
    assert.ok(instanceIds.every((id) => world.instances.get(id)!.imageId === 'm-new'));
    assert.ok(instanceIds.every((id) => world.members.get(id)!.lifecycleState === 'InService'));
    assert.equal(simulatedSeconds, expectedSeconds);
    assert.equal((execution.endMs! - execution.startMs) / 1000, expectedSeconds);
  });
});
