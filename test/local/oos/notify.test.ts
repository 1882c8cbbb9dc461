// NotifyExecution and CancelExecution edge cases: what each NotifyType
// accepts in which state, and cancelling what has ended or a single child.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeWorld, runUntil, seedGroup, type FakeWorld } from './fake-world';
import { IMAGE_TEMPLATE, imageInvoke } from './seed-invocations';

function pausedRollout(world: FakeWorld, extra: { mode?: string; failing?: number } = {}) {
  const { groupId, configurationId, instanceIds } = seedGroup(world, 4);
  if (extra.failing !== undefined) world.failUpdates(instanceIds[extra.failing]!, 1);
  const parameters = { ...imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }), batchPauseOption: 'FirstBatchPause' };
  const execution = world.oos.startExecution({ templateName: IMAGE_TEMPLATE, parameters: JSON.stringify(parameters), mode: extra.mode });
  runUntil(world, () => execution.status === 'Waiting' || execution.status === 'Failed');
  return { execution, groupId, instanceIds };
}

describe('NotifyExecution', () => {
  it('Reject ends a batch-paused execution as Failed, leaving processes suspended', () => {
    // Prepare
    const world = createFakeWorld();
    const { execution, groupId } = pausedRollout(world);

    // Act
    world.oos.notifyExecution({ executionId: execution.executionId, notifyType: 'Reject', notifyNote: 'canary unhealthy' });

    // Assess
    assert.equal(execution.status, 'Failed');
    assert.match(execution.statusMessage, /Rejected.*canary unhealthy/);
    assert.equal(world.groups.get(groupId)!.suspendedProcesses.length, 5);
  });

  it('refuses RetryTask at a batch pause and Approve at a failure pause', () => {
    // Prepare
    const world = createFakeWorld();
    const batch = pausedRollout(world);
    const failure = pausedRollout(world, { mode: 'FailurePause', failing: 0 });

    // Act + Assess
    assert.equal(failure.execution.waitingStatus, 'FailurePause');
    assert.throws(() => world.oos.notifyExecution({ executionId: batch.execution.executionId, notifyType: 'RetryTask', loopItem: batch.instanceIds[0] }), {
      code: 'InvalidStatus.Execution',
    });
    assert.throws(() => world.oos.notifyExecution({ executionId: failure.execution.executionId, notifyType: 'Approve' }), /Waiting \(FailurePause\)/);
  });

  it('refuses RetryTask without a task, or naming one that did not fail', () => {
    // Prepare
    const world = createFakeWorld();
    const { execution, instanceIds } = pausedRollout(world, { mode: 'FailurePause', failing: 0 });

    // Act + Assess
    assert.throws(() => world.oos.notifyExecution({ executionId: execution.executionId, notifyType: 'RetryTask' }), { code: 'MissingParameter' });
    assert.throws(() => world.oos.notifyExecution({ executionId: execution.executionId, notifyType: 'RetryTask', loopItem: 'i-unknown' }), {
      code: 'EntityNotExists.TaskExecution',
    });
    assert.throws(() => world.oos.notifyExecution({ executionId: execution.executionId, notifyType: 'SkipTask', loopItem: instanceIds[1] }), /applies only to a failed task/);
  });

  it('RetryTask accepts the failed child execution id in TaskExecutionIds', () => {
    // Prepare
    const world = createFakeWorld();
    const { execution, instanceIds } = pausedRollout(world, { mode: 'FailurePause', failing: 0 });
    const childId = execution.rollout!.children.get(instanceIds[0]!)!;

    // Act
    world.oos.notifyExecution({ executionId: execution.executionId, notifyType: 'RetryTask', taskExecutionIds: JSON.stringify([childId]) });
    runUntil(world, () => execution.status === 'Waiting' && execution.waitingStatus === 'BatchPause');

    // Assess
    assert.equal(world.oos.getExecution(childId).status, 'Success');
    assert.match(execution.statusMessage, /^Batch 1 of 2 finished/);
  });
});

describe('CancelExecution', () => {
  it('changes nothing on an execution that has ended', () => {
    // Prepare
    const world = createFakeWorld();
    const { execution } = pausedRollout(world);
    world.oos.notifyExecution({ executionId: execution.executionId, notifyType: 'Approve' });
    runUntil(world, () => execution.status === 'Success');
    const endMs = execution.endMs;

    // Act
    world.oos.cancelExecution(execution.executionId);

    // Assess
    assert.equal(execution.status, 'Success');
    assert.equal(execution.endMs, endMs);
  });

  it('refuses an unknown execution id', () => {
    const world = createFakeWorld();
    assert.throws(() => world.oos.cancelExecution('exec-missing'), { code: 'EntityNotExists.Execution' });
  });
});
