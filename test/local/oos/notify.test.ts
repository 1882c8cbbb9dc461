// NotifyExecution and CancelExecution edge cases: what each NotifyType
// accepts in which state, and cancelling what has ended or a single child.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeWorld, runUntil, seedGroup, type FakeWorld } from './fake-world';
import { IMAGE_TEMPLATE, imageInvoke } from './seed-invocations';

function pausedRollout(world: FakeWorld, extra: { mode?: string; failing?: number } = {}) {
  const { groupId, configurationId, instanceIds } = seedGroup(world, 4);
  if (extra.failing !== undefined) world.failUpdates(instanceIds[extra.failing]!, 1);
  const parameters = {
    ...imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
    batchPauseOption: 'FirstBatchPause',
  };
  const execution = world.oos.startExecution({
    templateName: IMAGE_TEMPLATE,
    parameters: JSON.stringify(parameters),
    mode: extra.mode,
  });
  runUntil(world, () => execution.status === 'Waiting' || execution.status === 'Failed');
  return { execution, groupId, instanceIds };
}

describe('NotifyExecution', () => {
  it('Reject ends a batch-paused execution as Failed, leaving processes suspended', () => {
    // Prepare
    const world = createFakeWorld();
    const { execution, groupId } = pausedRollout(world);

    // Act
    world.oos.notifyExecution({
      executionId: execution.executionId,
      notifyType: 'Reject',
      notifyNote: 'canary unhealthy',
    });

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
    assert.throws(
      () =>
        world.oos.notifyExecution({
          executionId: batch.execution.executionId,
          notifyType: 'RetryTask',
          loopItem: batch.instanceIds[0],
        }),
      {
        code: 'InvalidStatus.Execution',
      },
    );
    assert.throws(
      () => world.oos.notifyExecution({ executionId: failure.execution.executionId, notifyType: 'Approve' }),
      /Waiting \(FailurePause\)/,
    );
  });

  it('refuses RetryTask without a task, or naming one that did not fail', () => {
    // Prepare
    const world = createFakeWorld();
    const { execution, instanceIds } = pausedRollout(world, { mode: 'FailurePause', failing: 0 });

    // Act + Assess
    assert.throws(() => world.oos.notifyExecution({ executionId: execution.executionId, notifyType: 'RetryTask' }), {
      code: 'MissingParameter',
    });
    assert.throws(
      () =>
        world.oos.notifyExecution({
          executionId: execution.executionId,
          notifyType: 'RetryTask',
          loopItem: 'i-unknown',
        }),
      {
        code: 'EntityNotExists.TaskExecution',
      },
    );
    assert.throws(
      () =>
        world.oos.notifyExecution({
          executionId: execution.executionId,
          notifyType: 'SkipTask',
          loopItem: instanceIds[1],
        }),
      /applies only to a failed task/,
    );
  });

  it('RetryTask accepts the failed child execution id in TaskExecutionIds', () => {
    // Prepare
    const world = createFakeWorld();
    const { execution, instanceIds } = pausedRollout(world, { mode: 'FailurePause', failing: 0 });
    const childId = execution.rollout!.children.get(instanceIds[0]!)!;

    // Act
    world.oos.notifyExecution({
      executionId: execution.executionId,
      notifyType: 'RetryTask',
      taskExecutionIds: JSON.stringify([childId]),
    });
    runUntil(world, () => execution.status === 'Waiting' && execution.waitingStatus === 'BatchPause');

    // Assess
    assert.equal(world.oos.getExecution(childId).status, 'Success');
    assert.match(execution.statusMessage, /^Batch 1 of 2 finished/);
  });

  it('CancelTask at a failure pause marks the failed instance Failed and moves on to the next one', () => {
    // Prepare
    const world = createFakeWorld();
    const { execution, instanceIds } = pausedRollout(world, { mode: 'FailurePause', failing: 0 });
    const childId = execution.rollout!.children.get(instanceIds[0]!)!;

    // Act
    world.oos.notifyExecution({
      executionId: execution.executionId,
      notifyType: 'CancelTask',
      loopItem: instanceIds[0],
    });
    runUntil(world, () => execution.status === 'Waiting' && execution.waitingStatus === 'BatchPause');
    world.oos.notifyExecution({ executionId: execution.executionId, notifyType: 'Approve' });
    runUntil(world, () => execution.status !== 'Running');

    // Assess
    const child = world.oos.getExecution(childId);
    assert.equal(child.status, 'Failed');
    assert.match(child.statusMessage, /CancelTask/);
    assert.equal(execution.status, 'Success');
    assert.throws(
      () =>
        world.oos.notifyExecution({
          executionId: execution.executionId,
          notifyType: 'CancelTask',
          loopItem: instanceIds[0],
        }),
      {
        code: 'InvalidStatus.Execution',
      },
    );
  });

  it('SkipTask and CancelTask stop an instance that has not finished and the loop goes on', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId, instanceIds } = seedGroup(world, 4);
    const parameters = {
      ...imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
      batchPauseOption: 'FirstBatchPause',
    };
    const execution = world.oos.startExecution({
      templateName: IMAGE_TEMPLATE,
      parameters: JSON.stringify(parameters),
    });
    runUntil(world, () => (execution.rollout?.children.size ?? 0) >= 2);
    const [first, second] = [...execution.rollout!.children.entries()];
    const skipped = world.oos.getExecution(first![1]);
    const cancelled = world.oos.getExecution(second![1]);
    assert.equal(skipped.status, 'Running');

    // Act
    world.oos.notifyExecution({ executionId: execution.executionId, notifyType: 'SkipTask', loopItem: first![0] });
    world.oos.notifyExecution({ executionId: cancelled.executionId, notifyType: 'CancelTask' });
    runUntil(world, () => execution.status !== 'Running');

    // Assess
    assert.equal(skipped.status, 'Success');
    assert.equal(cancelled.status, 'Failed');
    assert.ok(!skipped.tasks.some((t) => t.status === 'Running'));
    assert.ok(cancelled.tasks.some((t) => t.status === 'Cancelled'));
    assert.equal(execution.status, 'Waiting');
    assert.equal(execution.waitingStatus, 'BatchPause');
    assert.ok(instanceIds.includes(first![0]));
  });

  it('refuses CancelTask on a finished instance while the execution runs', () => {
    // Prepare
    const world = createFakeWorld();
    const { execution, instanceIds } = pausedRollout(world);

    // Act + Assess
    assert.throws(
      () =>
        world.oos.notifyExecution({
          executionId: execution.executionId,
          notifyType: 'CancelTask',
          loopItem: instanceIds[0],
        }),
      {
        code: 'InvalidStatus.Execution',
      },
    );
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
