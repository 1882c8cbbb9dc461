// The OOS model over a small in-memory world: the seeds' invocations of all
// three templates, invoke and rollback, pause options, failure pause, cancel.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeWorld, runUntil, seedGroup, type FakeWorld } from './fake-world';
import {
  IMAGE_TEMPLATE,
  PACKAGE_TEMPLATE,
  SCRIPT_TEMPLATE,
  imageInvoke,
  imageRollback,
  packageInvoke,
  packageRollback,
  scriptInvoke,
  scriptRollback,
} from './seed-invocations';

function start(
  world: FakeWorld,
  templateName: string,
  parameters: object,
  extra: { mode?: string; clientToken?: string; tags?: object } = {},
) {
  return world.oos.startExecution({
    templateName,
    parameters: JSON.stringify(parameters),
    mode: extra.mode,
    clientToken: extra.clientToken,
    tags: extra.tags && JSON.stringify(extra.tags),
  });
}

function lifecycleOf(world: FakeWorld, instanceId: string): string | undefined {
  return world.members.get(instanceId)?.lifecycleState;
}

function settle(world: FakeWorld, executionId: string): number {
  return runUntil(world, () =>
    ['Success', 'Failed', 'Cancelled', 'Waiting'].includes(world.oos.getExecution(executionId).status),
  );
}

describe('OOS rolling update by image (seed invocation)', () => {
  it('replaces every InService instance system disk, points the configuration at the image and resumes processes', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId, instanceIds } = seedGroup(world, 4);
    const statuses: string[] = [];

    // Act
    const execution = start(
      world,
      IMAGE_TEMPLATE,
      imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
    );
    statuses.push(execution.status);
    world.clock.advance(0);
    statuses.push(execution.status);
    const suspendedDuring = (() => {
      runUntil(world, () => execution.rollout!.children.size > 0);
      return [...world.groups.get(groupId)!.suspendedProcesses];
    })();
    settle(world, execution.executionId);

    // Assess
    assert.deepEqual(statuses, ['Started', 'Running']);
    assert.equal(execution.status, 'Success');
    assert.deepEqual(suspendedDuring.sort(), [
      'AlarmNotification',
      'HealthCheck',
      'ScaleIn',
      'ScaleOut',
      'ScheduledAction',
    ]);
    assert.deepEqual(world.groups.get(groupId)!.suspendedProcesses, []);
    for (const id of instanceIds) {
      assert.equal(world.instances.get(id)!.imageId, 'm-new');
      assert.equal(world.instances.get(id)!.status, 'Running');
      assert.equal(lifecycleOf(world, id), 'InService');
      assert.equal(world.instances.get(id)!.tags['ess:rollingupdate'], `oos:${execution.executionId}`);
    }
    assert.equal(world.configurations.get(configurationId)!.imageId, 'm-new');
    assert.equal(execution.rollout!.batches.length, 2);
    assert.equal((execution.outputs.commandOutputs as unknown[]).length, 4);
  });

  it('rolls back exactly the instances of the source run, without touching the scaling configuration', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId, instanceIds } = seedGroup(world, 4);
    const source = start(
      world,
      IMAGE_TEMPLATE,
      imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
    );
    settle(world, source.executionId);
    // An instance that joined after the update is not the rollback's business.
    const newcomer = world.ecs.createInstance({ imageId: 'm-new', instanceType: 'ecs.g7.large' });
    world.members.set(newcomer.instanceId, { ...world.members.get(instanceIds[0]!)!, instanceId: newcomer.instanceId });

    // Act
    const rollback = start(
      world,
      IMAGE_TEMPLATE,
      imageRollback({ groupId, configurationId, sourceImageId: 'm-old', sourceExecutionId: source.executionId }),
    );
    settle(world, rollback.executionId);

    // Assess
    assert.equal(rollback.status, 'Success');
    for (const id of instanceIds) assert.equal(world.instances.get(id)!.imageId, 'm-old');
    assert.equal(world.instances.get(newcomer.instanceId)!.imageId, 'm-new');
    assert.equal(world.configurations.get(configurationId)!.imageId, 'm-new');
    assert.deepEqual(world.groups.get(groupId)!.suspendedProcesses, []);
    // The template's rollback path: instances from the source's children, its own suspend task, no configuration change.
    const parentTasks = rollback.tasks.filter((t) => t.parentTaskExecutionId === undefined).map((t) => t.taskName);
    assert.deepEqual(parentTasks, [
      'getExecutionInstanceIds',
      'suspendProcessWithRollBack',
      'rollbackByReplaceImage',
      'resumeProcessesWithRollback',
    ]);
  });

  it("rolls back a rollback, or an older execution, as the template does: those limits are the console's", () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId, instanceIds } = seedGroup(world, 2);
    const first = start(
      world,
      IMAGE_TEMPLATE,
      imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
    );
    settle(world, first.executionId);
    const rollback = start(
      world,
      IMAGE_TEMPLATE,
      imageRollback({ groupId, configurationId, sourceImageId: 'm-old', sourceExecutionId: first.executionId }),
    );
    settle(world, rollback.executionId);

    // Act
    const ofRollback = start(
      world,
      IMAGE_TEMPLATE,
      imageRollback({ groupId, configurationId, sourceImageId: 'm-new', sourceExecutionId: rollback.executionId }),
    );
    settle(world, ofRollback.executionId);
    const ofOlder = start(
      world,
      IMAGE_TEMPLATE,
      imageRollback({ groupId, configurationId, sourceImageId: 'm-old', sourceExecutionId: first.executionId }),
    );
    settle(world, ofOlder.executionId);

    // Assess
    assert.equal(ofRollback.status, 'Success');
    assert.equal(ofOlder.status, 'Success');
    for (const id of instanceIds) assert.equal(world.instances.get(id)!.imageId, 'm-old');
  });
});

describe('OOS batch pauses', () => {
  for (const [option, batches, pauses] of [
    ['Automatic', 3, 0],
    ['FirstBatchPause', 3, 1],
    ['EveryBatchPause', 3, 2],
    ['EveryBatchPause', 1, 0],
  ] as const) {
    it(`${option} over ${batches} batch(es) pauses ${pauses} time(s) and Approve continues`, () => {
      // Prepare
      const world = createFakeWorld();
      const { groupId, configurationId, instanceIds } = seedGroup(world, batches * 2);
      const params = {
        ...imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
        batchNumber: batches,
        batchPauseOption: option,
      };
      const execution = start(world, IMAGE_TEMPLATE, params);
      let paused = 0;

      // Act
      for (settle(world, execution.executionId); execution.status === 'Waiting'; settle(world, execution.executionId)) {
        paused += 1;
        assert.equal(execution.waitingStatus, 'BatchPause');
        assert.match(execution.statusMessage, new RegExp(`^Batch ${paused} of ${batches} finished`));
        const updated = instanceIds.filter((id) => world.instances.get(id)!.imageId === 'm-new');
        assert.equal(updated.length, paused * 2);
        world.oos.notifyExecution({ executionId: execution.executionId, notifyType: 'Approve' });
      }

      // Assess
      assert.equal(paused, pauses);
      assert.equal(execution.status, 'Success');
      assert.ok(instanceIds.every((id) => lifecycleOf(world, id) === 'InService'));
    });
  }

  it('refuses Approve when the execution is not paused after a batch', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId } = seedGroup(world, 2);
    const execution = start(
      world,
      IMAGE_TEMPLATE,
      imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
    );
    world.clock.advance(1);

    // Act + Assess
    assert.throws(() => world.oos.notifyExecution({ executionId: execution.executionId, notifyType: 'Approve' }), {
      code: 'InvalidStatus.Execution',
    });
    assert.throws(
      () => world.oos.notifyExecution({ executionId: execution.executionId, notifyType: 'ExecuteTask' }),
      /Debug mode/,
    );
    assert.throws(() => world.oos.notifyExecution({ executionId: execution.executionId, notifyType: 'Continue' }), {
      code: 'InvalidParameter',
    });
  });
});

describe('OOS processes suspended before the update', () => {
  it('are resumed at the end when exitProcess lists them: ResumeProcesses gets exactly exitProcess', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId } = seedGroup(world, 2);
    world.groups.get(groupId)!.suspendedProcesses.push('ScheduledAction');

    // Act
    const execution = start(
      world,
      IMAGE_TEMPLATE,
      imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
    );
    settle(world, execution.executionId);

    // Assess
    assert.equal(execution.status, 'Success');
    assert.deepEqual(world.groups.get(groupId)!.suspendedProcesses, []);
    assert.deepEqual(execution.tasks.at(-1)?.properties, {
      Process: ['ScaleIn', 'ScaleOut', 'HealthCheck', 'AlarmNotification', 'ScheduledAction'],
    });
  });
});

describe('OOS failures', () => {
  it('fails the execution in Automatic mode and leaves the failed instance in Standby and processes suspended', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId, instanceIds } = seedGroup(world, 4);
    world.failUpdates(instanceIds[1]!, 1);

    // Act
    const execution = start(
      world,
      IMAGE_TEMPLATE,
      imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
    );
    settle(world, execution.executionId);

    // Assess
    assert.equal(execution.status, 'Failed');
    assert.match(execution.statusMessage, new RegExp(instanceIds[1]!));
    assert.equal(lifecycleOf(world, instanceIds[1]!), 'Standby');
    assert.equal(world.groups.get(groupId)!.suspendedProcesses.length, 5);
    assert.equal(world.instances.get(instanceIds[2]!)!.imageId, 'm-old', 'the second batch never started');
  });

  it('tolerates maxErrors failed instances and still succeeds', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId, instanceIds } = seedGroup(world, 4);
    world.failUpdates(instanceIds[0]!, 1);

    // Act
    const execution = start(world, IMAGE_TEMPLATE, {
      ...imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
      maxErrors: 1,
    });
    settle(world, execution.executionId);

    // Assess
    assert.equal(execution.status, 'Success');
    // Counters count the parent's tasks (getInstance … resumeProcesses), not its four loop items.
    assert.deepEqual(world.oos.executionToWire(execution, 'object').Counters, {
      Total: 6,
      Success: 6,
      Failed: 0,
      Running: 0,
      Waiting: 0,
      Cancelled: 0,
    });
    assert.equal(
      [...execution.rollout!.children.values()].filter((id) => world.oos.getExecution(id).status === 'Failed').length,
      1,
    );
    assert.equal(lifecycleOf(world, instanceIds[0]!), 'Standby');
  });

  it('waits in Mode=FailurePause; RetryTask by LoopItem reruns the instance and the rollout completes', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId, instanceIds } = seedGroup(world, 4);
    const failed = instanceIds[0]!;
    world.failUpdates(failed, 1);
    const execution = start(
      world,
      IMAGE_TEMPLATE,
      imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
      { mode: 'FailurePause' },
    );
    settle(world, execution.executionId);
    assert.equal(execution.status, 'Waiting');
    assert.equal(execution.waitingStatus, 'FailurePause');
    assert.equal(lifecycleOf(world, failed), 'Standby');

    // Act
    world.oos.notifyExecution({ executionId: execution.executionId, notifyType: 'RetryTask', loopItem: failed });
    settle(world, execution.executionId);

    // Assess
    assert.equal(execution.status, 'Success');
    assert.equal(world.instances.get(failed)!.imageId, 'm-new');
    assert.equal(lifecycleOf(world, failed), 'InService');
    assert.equal(world.oos.getExecution(execution.rollout!.children.get(failed)!).child!.attempts, 2);
  });

  it('SkipTask by TaskExecutionId marks the item Success and leaves the instance in Standby', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId, instanceIds } = seedGroup(world, 4);
    const failed = instanceIds[3]!;
    world.failUpdates(failed, 5);
    const execution = start(
      world,
      IMAGE_TEMPLATE,
      imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
      { mode: 'FailurePause' },
    );
    settle(world, execution.executionId);
    const itemTask = execution.tasks.find((t) => t.loopItem === failed)!;
    assert.equal(itemTask.status, 'Failed');

    // Act
    world.oos.notifyExecution({
      executionId: execution.executionId,
      notifyType: 'SkipTask',
      taskExecutionId: itemTask.taskExecutionId,
    });
    settle(world, execution.executionId);

    // Assess
    assert.equal(execution.status, 'Success');
    assert.equal(itemTask.status, 'Success');
    assert.equal(lifecycleOf(world, failed), 'Standby');
    assert.equal(world.instances.get(failed)!.imageId, 'm-old');
  });
});

describe('OOS cancel', () => {
  it('leaves processes suspended and the current batch in Standby', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId, instanceIds } = seedGroup(world, 4);
    const execution = start(
      world,
      IMAGE_TEMPLATE,
      imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
    );
    runUntil(world, () => instanceIds.slice(0, 2).every((id) => lifecycleOf(world, id) === 'Standby'));

    // Act
    world.oos.cancelExecution(execution.executionId);
    runUntil(world, () => false, 3600);

    // Assess
    assert.equal(execution.status, 'Cancelled');
    assert.equal(world.groups.get(groupId)!.suspendedProcesses.length, 5);
    assert.deepEqual(
      instanceIds.map((id) => lifecycleOf(world, id)),
      ['Standby', 'Standby', 'InService', 'InService'],
    );
    const children = [...execution.rollout!.children.values()].map((id) => world.oos.getExecution(id).status);
    assert.deepEqual(children, ['Cancelled', 'Cancelled']);
  });
});

describe('OOS rolling update by script (seed invocation)', () => {
  it('runs the invoke script on every instance, and the rollback script on the same ones', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, instanceIds } = seedGroup(world, 3);

    // Act
    const invoke = start(world, SCRIPT_TEMPLATE, scriptInvoke(groupId));
    settle(world, invoke.executionId);
    const rollback = start(world, SCRIPT_TEMPLATE, scriptRollback(groupId, invoke.executionId));
    settle(world, rollback.executionId);

    // Assess
    assert.equal(invoke.status, 'Success');
    assert.equal(rollback.status, 'Success');
    for (const id of instanceIds) {
      assert.deepEqual(
        world.instances.get(id)!.commandsRun.map((c) => [c.content, c.exitCode]),
        [
          ['df -h\nifconfig', 0],
          ['df -h\nifconfig', 0],
        ],
      );
      assert.equal(lifecycleOf(world, id), 'InService');
    }
    assert.equal(rollback.rollout!.batches.length, 2);
  });

  it('fails the instance whose script exits non-zero', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, instanceIds } = seedGroup(world, 2);

    // Act
    const execution = start(world, SCRIPT_TEMPLATE, { ...scriptInvoke(groupId), invokeScript: 'deploy.sh\nexit 3' });
    settle(world, execution.executionId);

    // Assess
    assert.equal(execution.status, 'Failed');
    const child = world.oos.getExecution(execution.rollout!.children.get(instanceIds[0]!)!);
    assert.match(child.statusMessage, /exit code 3/);
    assert.equal(lifecycleOf(world, instanceIds[0]!), 'Standby');
  });
});

describe('OOS rolling update by package (seed invocation)', () => {
  it('installs wordpress v4, and the rollback installs v3 on the same instances', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, instanceIds } = seedGroup(world, 3);

    // Act
    const invoke = start(world, PACKAGE_TEMPLATE, packageInvoke(groupId));
    settle(world, invoke.executionId);
    const installed = instanceIds.map((id) => world.instances.get(id)!.packages.wordpress);
    const rollback = start(world, PACKAGE_TEMPLATE, packageRollback(groupId, invoke.executionId));
    settle(world, rollback.executionId);

    // Assess
    assert.deepEqual(installed, ['v4', 'v4', 'v4']);
    assert.equal(rollback.status, 'Success');
    assert.deepEqual(
      instanceIds.map((id) => world.instances.get(id)!.packages.wordpress),
      ['v3', 'v3', 'v3'],
    );
  });

  it("installs the template's default (latest) when the rollback names no version, rather than reversing the source", () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, instanceIds } = seedGroup(world, 2);
    const invoke = start(world, PACKAGE_TEMPLATE, packageInvoke(groupId));
    settle(world, invoke.executionId);

    // Act
    const rollback = start(world, PACKAGE_TEMPLATE, {
      ...packageRollback(groupId, invoke.executionId),
      packageVersion: '',
    });
    settle(world, rollback.executionId);

    // Assess
    assert.equal(rollback.status, 'Success');
    assert.deepEqual(
      instanceIds.map((id) => world.instances.get(id)!.packages.wordpress),
      ['latest', 'latest'],
    );
  });
});

describe('OOS lifecycleState parameter', () => {
  it('updates only InService instances by default', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId, instanceIds } = seedGroup(world, 3);
    world.members.get(instanceIds[2]!)!.lifecycleState = 'Protected';

    // Act
    const execution = start(
      world,
      IMAGE_TEMPLATE,
      imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
    );
    settle(world, execution.executionId);

    // Assess
    assert.equal(execution.status, 'Success');
    assert.deepEqual(
      instanceIds.map((id) => world.instances.get(id)!.imageId),
      ['m-new', 'm-new', 'm-old'],
    );
  });

  it('with Protected included, lifts protection around the update and restores it', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId, instanceIds } = seedGroup(world, 3);
    world.members.get(instanceIds[2]!)!.lifecycleState = 'Protected';
    const params = {
      ...imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
      lifecycleState: ['InService', 'Protected'],
    };

    // Act
    const execution = start(world, IMAGE_TEMPLATE, params);
    settle(world, execution.executionId);

    // Assess
    assert.equal(execution.status, 'Success');
    assert.deepEqual(
      instanceIds.map((id) => world.instances.get(id)!.imageId),
      ['m-new', 'm-new', 'm-new'],
    );
    assert.deepEqual(
      instanceIds.map((id) => lifecycleOf(world, id)),
      ['InService', 'InService', 'Protected'],
    );
    const child = world.oos.getExecution(execution.rollout!.children.get(instanceIds[2]!)!);
    assert.deepEqual(
      child.tasks.map((t) => t.taskName),
      [
        'setInstancesProtectionToFalse',
        'enterStandby',
        'stopInstance',
        'replaceSystemDisk',
        'startInstance',
        'exitStandBy',
        'setInstancesProtectionToTrue',
      ],
    );
  });
});

describe('OOS EnterStandby during a scaling activity', () => {
  it("is retried every 10 seconds, as the template's WaitFor does, and the update goes on", () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId, instanceIds } = seedGroup(world, 1);
    const execution = start(
      world,
      IMAGE_TEMPLATE,
      imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
    );
    world.clock.advance(6);
    assert.equal(execution.rollout!.children.size, 1);

    // Act
    world.activity = true;
    world.clock.advance(14);
    world.activity = false;
    settle(world, execution.executionId);

    // Assess
    assert.equal(execution.status, 'Success');
    const child = world.oos.getExecution(execution.rollout!.children.get(instanceIds[0]!)!);
    const enter = child.tasks.find((t) => t.taskName === 'enterStandby')!;
    assert.equal((enter.endMs! - enter.startMs) / 1000, 20);
  });
});
