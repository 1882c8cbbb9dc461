// StartExecution's checks: parameters named in errors and ClientToken
// idempotency. The console's rules (one rolling update per group, none during
// a scaling activity, a scaling configuration for image updates) are not
// StartExecution's: such an execution starts and fails in its steps. A
// rollback leaves its waiting source alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeWorld, runUntil, seedGroup, type FakeWorld } from './fake-world';
import { IMAGE_TEMPLATE, SCRIPT_TEMPLATE, imageInvoke, imageRollback, scriptInvoke } from './seed-invocations';

function start(
  world: FakeWorld,
  templateName: string,
  parameters: unknown,
  extra: { clientToken?: string; mode?: string } = {},
) {
  return world.oos.startExecution({
    templateName,
    parameters: typeof parameters === 'string' ? parameters : JSON.stringify(parameters),
    ...extra,
  });
}

describe('StartExecution parameter checks', () => {
  const world = createFakeWorld();
  const { groupId, configurationId } = seedGroup(world, 2);
  const valid = imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' });
  const cases: Array<[string, string, unknown, string, RegExp]> = [
    ['an unknown template', 'ACS-ESS-NoSuchTemplate', valid, 'EntityNotExists.Template', /ACS-ESS-NoSuchTemplate/],
    [
      'Parameters that are not JSON',
      IMAGE_TEMPLATE,
      '{"invokeType":',
      'InvalidParameter',
      /"Parameters".*not valid JSON/,
    ],
    [
      'a missing invokeType',
      IMAGE_TEMPLATE,
      { ...valid, invokeType: undefined },
      'InvalidParameter.Parameters',
      /"invokeType".*required/,
    ],
    [
      'an invokeType outside its allowed values',
      IMAGE_TEMPLATE,
      { ...valid, invokeType: 'deploy' },
      'InvalidParameter.Parameters',
      /"invokeType"/,
    ],
    [
      'batchNumber above 100',
      IMAGE_TEMPLATE,
      { ...valid, batchNumber: 101 },
      'InvalidParameter.Parameters',
      /"batchNumber".*<= 100/,
    ],
    [
      'an unknown process',
      IMAGE_TEMPLATE,
      { ...valid, enterProcess: ['ScaleIn', 'Launch'] },
      'InvalidParameter.Parameters',
      /"enterProcess.1"/,
    ],
    [
      'a bad batchPauseOption',
      IMAGE_TEMPLATE,
      { ...valid, batchPauseOption: 'Never' },
      'InvalidParameter.Parameters',
      /"batchPauseOption"/,
    ],
    [
      'a parameter the template does not have',
      SCRIPT_TEMPLATE,
      { ...scriptInvoke(groupId), maxErrors: 1 },
      'InvalidParameter.Parameters',
      /"maxErrors".*not a parameter of template ACS-ESS-RollingUpdateByRunCommandInScalingGroup/,
    ],
    [
      'an image invoke without imageId',
      IMAGE_TEMPLATE,
      { ...valid, imageId: '' },
      'InvalidParameter.Parameters',
      /"imageId".*required/,
    ],
    [
      'an image that does not exist',
      IMAGE_TEMPLATE,
      { ...valid, imageId: 'm-missing' },
      'InvalidParameter.Parameters',
      /m-missing does not exist/,
    ],
    [
      'a script invoke without a script',
      SCRIPT_TEMPLATE,
      { ...scriptInvoke(groupId), invokeScript: '' },
      'InvalidParameter.Parameters',
      /"invokeScript"/,
    ],
    [
      'a rollback without sourceExecutionId',
      IMAGE_TEMPLATE,
      { ...valid, invokeType: 'rollback' },
      'InvalidParameter.Parameters',
      /"sourceExecutionId"/,
    ],
  ];
  for (const [what, template, parameters, code, message] of cases) {
    it(`refuses ${what}, naming it`, () => {
      assert.throws(
        () => start(world, template, parameters),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, code);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  it('applies the template defaults to what it stores', () => {
    // Act
    const execution = start(world, SCRIPT_TEMPLATE, {
      invokeType: 'invoke',
      scalingGroupId: groupId,
      invokeScript: 'echo hi',
    });

    // Assess
    assert.deepEqual(execution.parameters, {
      invokeType: 'invoke',
      scalingGroupId: groupId,
      invokeScript: 'echo hi',
      commandType: 'RunShellScript',
      rollbackScript: '',
      enterProcess: ['ScaleIn', 'ScaleOut', 'HealthCheck', 'AlarmNotification', 'ScheduledAction'],
      exitProcess: ['ScaleIn', 'ScaleOut', 'HealthCheck', 'AlarmNotification', 'ScheduledAction'],
      lifecycleState: ['InService'],
      sourceExecutionId: '',
      batchPauseOption: 'Automatic',
      batchNumber: 5,
      OOSAssumeRole: 'OOSServiceRole',
    });
  });

  it('defaults OOSAssumeRole to OOSServiceRole and runs as that role; an explicit value is kept', () => {
    // Prepare
    const [first, second] = [createFakeWorld(), createFakeWorld()];
    const [firstGroup, secondGroup] = [seedGroup(first, 1).groupId, seedGroup(second, 1).groupId];

    // Act
    const defaulted = start(first, SCRIPT_TEMPLATE, {
      invokeType: 'invoke',
      scalingGroupId: firstGroup,
      invokeScript: 'echo hi',
    });
    const explicit = start(second, SCRIPT_TEMPLATE, { ...scriptInvoke(secondGroup), OOSAssumeRole: '' });

    // Assess
    assert.equal(first.oos.executionToWire(defaulted, 'object').RamRole, 'OOSServiceRole');
    assert.equal(second.oos.executionToWire(explicit, 'object').RamRole, '');
  });
});

describe('Console rules fail steps, not StartExecution', () => {
  it('starts a second rolling update while the first runs or waits', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId } = seedGroup(world, 4);
    const params = {
      ...imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
      batchPauseOption: 'FirstBatchPause',
    };
    const first = start(world, IMAGE_TEMPLATE, params);
    runUntil(world, () => first.status === 'Waiting');

    // Act
    const second = start(world, SCRIPT_TEMPLATE, scriptInvoke(groupId));
    runUntil(world, () => second.status === 'Success');

    // Assess
    assert.notEqual(second.executionId, first.executionId);
    assert.equal(first.status, 'Waiting');
  });

  it('returns the same execution for the same ClientToken, even while it runs', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId } = seedGroup(world, 2);
    const params = imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' });

    // Act
    const first = start(world, IMAGE_TEMPLATE, params, { clientToken: 'rollgate-asg-1-image-m-new-1' });
    world.clock.advance(5);
    const again = start(world, IMAGE_TEMPLATE, params, { clientToken: 'rollgate-asg-1-image-m-new-1' });

    // Assess
    assert.equal(again.executionId, first.executionId);
    assert.equal(world.oos.listExecutions({}).items.length, 1);
  });

  it('during a scaling activity retries EnterStandby 30 times 10 s apart, then fails the instance (and, in Automatic mode, the execution)', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId } = seedGroup(world, 1);
    world.activity = true;

    // Act
    const execution = start(
      world,
      IMAGE_TEMPLATE,
      imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
    );
    runUntil(world, () => execution.status === 'Failed');

    // Assess
    const [childId] = execution.rollout!.children.values();
    const child = world.oos.getExecution(childId!);
    const enterStandby = child.tasks.find((t) => t.taskName === 'enterStandby')!;
    assert.equal(enterStandby.status, 'Failed');
    assert.match(enterStandby.statusMessage, /IncorrectScalingGroupStatus/);
    assert.equal(
      (enterStandby.endMs! - enterStandby.startMs) / 1000,
      10 + 30 * 10,
      'the first try after 10 s, then 30 retries 10 s apart',
    );
    assert.equal(world.instances.get([...execution.rollout!.children.keys()][0]!)!.imageId, 'm-old');
  });

  it('fails an image update at modifyScalingConfiguration when the configuration does not exist', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId } = seedGroup(world, 2);

    // Act
    const execution = start(
      world,
      IMAGE_TEMPLATE,
      imageInvoke({ groupId, configurationId: 'asc-missing', imageId: 'm-new', sourceImageId: 'm-old' }),
    );
    runUntil(world, () => execution.status === 'Failed');

    // Assess
    assert.match(execution.statusMessage, /Task modifyScalingConfiguration failed/);
  });

  it('ends at once with Success when no instance is InService', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId } = seedGroup(world, 0);

    // Act
    const execution = start(
      world,
      IMAGE_TEMPLATE,
      imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
    );
    runUntil(world, () => execution.status === 'Success');

    // Assess
    assert.equal(execution.status, 'Success');
    assert.deepEqual(world.groups.get(groupId)!.suspendedProcesses, []);
  });
});

describe('Rollback of a waiting execution', () => {
  it("leaves the source Waiting, rolls back only instances that had a child, and resumes the source's exitProcess", () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId, instanceIds } = seedGroup(world, 6);
    world.groups.get(groupId)!.suspendedProcesses.push('ScheduledAction');
    const source = start(world, IMAGE_TEMPLATE, {
      ...imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
      batchNumber: 3,
      batchPauseOption: 'EveryBatchPause',
    });
    runUntil(world, () => source.status === 'Waiting');

    // Act
    const rollback = start(
      world,
      IMAGE_TEMPLATE,
      imageRollback({ groupId, configurationId, sourceImageId: 'm-old', sourceExecutionId: source.executionId }),
    );
    runUntil(world, () => rollback.status === 'Success');

    // Assess
    assert.equal(source.status, 'Waiting');
    assert.deepEqual(
      rollback.rollout!.items.map((i) => i.instanceId),
      instanceIds.slice(0, 2),
    );
    assert.ok(instanceIds.every((id) => world.instances.get(id)!.imageId === 'm-old'));
    assert.ok(instanceIds.every((id) => world.members.get(id)!.lifecycleState === 'InService'));
    assert.deepEqual(
      world.groups.get(groupId)!.suspendedProcesses,
      [],
      'the seed exitProcess lists ScheduledAction too',
    );
    assert.equal(rollback.tasks.at(-1)?.taskName, 'resumeProcessesWithRollback');
    assert.ok(!rollback.tasks.some((t) => t.taskName === 'tagInstance'), 'the rollback path does not tag instances');
  });
});
