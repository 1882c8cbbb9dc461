// The local OOS does what the OOS API and the public templates do, not what
// the ESS console adds (issue items 1-7), driven through @alicloud/pop-core
// with the seeds' invocations: SafetyCheck echoed, a rollback that leaves its
// waiting source alone, ResumeProcesses with exactly exitProcess, the package
// rollback's own action, console rules that fail steps instead of calls,
// Counters by task, and RunCommand's Timeout and bounded wait.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import PopCore from '@alicloud/pop-core';
import { startLocalCloud, type RunningLocalCloud } from '../../../local/cloud/index';
import { seedFleet } from '../../../local/cloud/seed/fleet';
import {
  IMAGE_TEMPLATE,
  PACKAGE_TEMPLATE,
  SCRIPT_TEMPLATE,
  imageInvoke,
  imageRollback,
  packageInvoke,
  scriptInvoke,
} from './seed-invocations';

const RPCClient = (PopCore as unknown as { RPCClient: typeof PopCore }).RPCClient;
type Body = Record<string, unknown>;
type WireExecution = {
  ExecutionId: string;
  Status: string;
  SafetyCheck: string;
  StatusMessage: string;
  Counters: Record<string, number>;
};

describe('local OOS follows the API and templates, not the console (pop-core, seed invocations)', () => {
  let env: RunningLocalCloud;
  let oos: PopCore;
  let ess: PopCore;
  let ecs: PopCore;

  before(async () => {
    env = await startLocalCloud({ startTimeMs: Date.UTC(2024, 0, 1) });
    const credentials = { accessKeyId: env.accessKeyId, accessKeySecret: env.accessKeySecret, endpoint: env.url };
    oos = new RPCClient({ ...credentials, apiVersion: '2019-06-01' });
    ess = new RPCClient({ ...credentials, apiVersion: '2022-02-22' });
    ecs = new RPCClient({ ...credentials, apiVersion: '2014-05-26' });
  });
  after(async () => env.close());

  const call = async (client: PopCore, action: string, params: Body) =>
    (await client.request(action, { RegionId: env.regionId, ...params }, { method: 'POST' })) as Body;
  const start = async (templateName: string, parameters: object, extra: Body = {}) =>
    (
      await call(oos, 'StartExecution', {
        TemplateName: templateName,
        Parameters: JSON.stringify(parameters),
        ...extra,
      })
    ).Execution as WireExecution;
  const describeExecution = async (executionId: string) =>
    ((await call(oos, 'ListExecutions', { ExecutionId: executionId })).Executions as WireExecution[])[0]!;

  /** Advances simulated time until the execution waits or ends. */
  async function settle(executionId: string): Promise<WireExecution> {
    for (let steps = 0; steps < 10_000; steps++) {
      const execution = await describeExecution(executionId);
      if (['Waiting', 'Success', 'Failed', 'Cancelled'].includes(execution.Status)) return execution;
      const next = env.clock.nextDueIn();
      assert.ok(next !== undefined, `execution ${executionId} is ${execution.Status} but nothing is scheduled`);
      env.clock.advance(next);
    }
    throw new Error(`execution ${executionId} did not settle`);
  }

  function seedGroup(name: string, instances: number) {
    const world = env.world();
    const fleet = seedFleet(world, {
      images: [{ name: `${name}-old`, ageDays: 2 }, { name: `${name}-new` }],
      groups: [{ name, instances, imageName: `${name}-old` }],
    });
    const group = fleet.groups[name]!;
    const ids = {
      groupId: group.scalingGroupId,
      configurationId: group.scalingConfigurationId,
      imageId: fleet.images[`${name}-new`]!,
      sourceImageId: fleet.images[`${name}-old`]!,
    };
    return {
      world,
      ...ids,
      instanceIds: group.instanceIds,
      suspended: () => [...world.ess.getGroup(ids.groupId).suspendedProcesses].sort(),
    };
  }

  it('1. echoes SafetyCheck, defaulting to ConfirmEveryHighRiskAction, and names a bad value', async () => {
    // Prepare
    const g = seedGroup('safety', 2);

    // Act
    const defaulted = await start(SCRIPT_TEMPLATE, scriptInvoke(g.groupId));
    await settle(defaulted.ExecutionId);
    const skipped = await start(SCRIPT_TEMPLATE, scriptInvoke(g.groupId), { SafetyCheck: 'Skip' });
    const bad = await start(SCRIPT_TEMPLATE, scriptInvoke(g.groupId), { SafetyCheck: 'Never' }).then(
      () => undefined,
      (e: Error & { code?: string }) => e,
    );

    // Assess
    assert.equal(defaulted.SafetyCheck, 'ConfirmEveryHighRiskAction');
    assert.equal((await describeExecution(defaulted.ExecutionId)).SafetyCheck, 'ConfirmEveryHighRiskAction');
    assert.equal(skipped.SafetyCheck, 'Skip');
    assert.equal((await describeExecution(skipped.ExecutionId)).SafetyCheck, 'Skip');
    assert.equal(bad?.code, 'InvalidParameter');
    assert.match(bad?.message ?? '', /SafetyCheck/);
  });

  it('2. a rollback leaves its waiting source Waiting with the processes it suspended, and a later Approve resumes the rejected rollout', async () => {
    // Prepare
    const g = seedGroup('rollback-waiting', 4);
    const source = await start(IMAGE_TEMPLATE, { ...imageInvoke(g), batchPauseOption: 'FirstBatchPause' });
    await settle(source.ExecutionId);

    // Act
    const rollback = await start(IMAGE_TEMPLATE, imageRollback({ ...g, sourceExecutionId: source.ExecutionId }));
    const rolledBack = await settle(rollback.ExecutionId);
    const sourceAfterRollback = await describeExecution(source.ExecutionId);
    await call(oos, 'NotifyExecution', { ExecutionId: source.ExecutionId, NotifyType: 'Approve' });
    const approved = await settle(source.ExecutionId);

    // Assess
    assert.equal(rolledBack.Status, 'Success');
    assert.equal(sourceAfterRollback.Status, 'Waiting');
    assert.equal(approved.Status, 'Success');
    const images = g.instanceIds.map((id) => g.world.ecs.getInstance(id).imageId);
    assert.deepEqual(
      images,
      [g.sourceImageId, g.sourceImageId, g.imageId, g.imageId],
      'the approved source rolled the rejected image onto the second batch',
    );
  });

  it('3. resumes exactly exitProcess: a process suspended before is resumed unless the caller leaves it out', async () => {
    // Prepare
    const everything = seedGroup('exit-all', 2);
    const kept = seedGroup('exit-kept', 2);
    for (const g of [everything, kept])
      await call(ess, 'SuspendProcesses', { ScalingGroupId: g.groupId, 'Processes.1': 'ScheduledAction' });
    const allBut = imageInvoke(kept).exitProcess.filter((p) => p !== 'ScheduledAction');

    // Act
    await settle((await start(IMAGE_TEMPLATE, imageInvoke(everything))).ExecutionId);
    await settle((await start(IMAGE_TEMPLATE, { ...imageInvoke(kept), exitProcess: allBut })).ExecutionId);

    // Assess
    assert.deepEqual(everything.suspended(), [], 'the seed invocation resumes the operator-suspended process too');
    assert.deepEqual(kept.suspended(), ['ScheduledAction']);
  });

  it("4. a package rollback runs its own action and packageVersion; nothing reverses the source's", async () => {
    // Prepare
    const g = seedGroup('package-own', 2);
    const source = await start(PACKAGE_TEMPLATE, packageInvoke(g.groupId));
    await settle(source.ExecutionId);
    const rollback = { ...packageInvoke(g.groupId), invokeType: 'rollback', sourceExecutionId: source.ExecutionId };
    const versions = () => g.instanceIds.map((id) => g.world.ecs.getInstance(id).packages.wordpress);

    // Act
    await settle((await start(PACKAGE_TEMPLATE, { ...rollback, packageVersion: '' })).ExecutionId);
    const afterDefaultRollback = versions();
    await settle((await start(PACKAGE_TEMPLATE, { ...rollback, action: 'uninstall' })).ExecutionId);

    // Assess
    assert.deepEqual(
      afterDefaultRollback,
      ['latest', 'latest'],
      "a rollback without action installs (the template's default), not uninstalls",
    );
    assert.deepEqual(versions(), [undefined, undefined]);
  });

  it('5. console rules are not StartExecution rules: a second update, an update during a scaling activity, a bad configuration and a missing group start, and fail or wait in their steps', async () => {
    // Prepare
    const g = seedGroup('console-rules', 2);
    const first = await start(IMAGE_TEMPLATE, { ...imageInvoke(g), batchPauseOption: 'FirstBatchPause' });
    await settle(first.ExecutionId);

    // Act
    const second = await start(SCRIPT_TEMPLATE, scriptInvoke(g.groupId));
    const secondEnd = await settle(second.ExecutionId);
    await call(oos, 'CancelExecution', { ExecutionId: first.ExecutionId });
    await call(ess, 'ResumeProcesses', {
      ScalingGroupId: g.groupId,
      'Processes.1': 'ScaleOut',
      'Processes.2': 'ScaleIn',
    });
    await call(ess, 'ModifyScalingGroup', { ScalingGroupId: g.groupId, DesiredCapacity: 3, MaxSize: 4 });
    const duringActivity = await start(SCRIPT_TEMPLATE, scriptInvoke(g.groupId));
    const activityWasRunning = g.world.ess.activityInProgress(g.groupId);
    const duringActivityEnd = await settle(duringActivity.ExecutionId);
    const badConfiguration = await start(IMAGE_TEMPLATE, { ...imageInvoke(g), scalingConfigurationId: 'asc-missing' });
    const badConfigurationEnd = await settle(badConfiguration.ExecutionId);
    const noGroupEnd = await settle((await start(SCRIPT_TEMPLATE, scriptInvoke('asg-missing'))).ExecutionId);

    // Assess
    assert.equal(secondEnd.Status, 'Success', 'a second rolling update on the group is not refused');
    assert.ok(activityWasRunning);
    assert.equal(duringActivityEnd.Status, 'Success', 'EnterStandby is retried until the scale-out ends');
    assert.equal(badConfigurationEnd.Status, 'Failed');
    assert.match(badConfigurationEnd.StatusMessage, /modifyScalingConfiguration/);
    assert.equal(noGroupEnd.Status, 'Failed');
    assert.match(noGroupEnd.StatusMessage, /getInstance.*asg-missing/);
  });

  it('6. Counters count the execution’s tasks by status, not its loop items', async () => {
    // Prepare
    const g = seedGroup('counters', 4);

    // Act
    const done = await settle((await start(IMAGE_TEMPLATE, imageInvoke(g))).ExecutionId);

    // Assess: getInstance, suspendProcess, modifyScalingConfiguration, invokeByReplaceImage, tagInstance, resumeProcesses.
    assert.equal(done.Counters.Total, 6);
    assert.equal(done.Counters.Success, 6);
  });

  it('7. RunCommand runs with Timeout 600: a script that runs longer fails its instance; a two-minute one passes', async () => {
    // Prepare
    const g = seedGroup('run-command', 2);

    // Act
    const slow = await settle(
      (await start(SCRIPT_TEMPLATE, { ...scriptInvoke(g.groupId), batchNumber: 1, invokeScript: 'sleep 700' }))
        .ExecutionId,
    );
    const invocations = (await call(ecs, 'DescribeInvocations', {})).Invocations as {
      Invocation: Array<{ Timeout: number; InvokeStatus: string; CommandContent: string }>;
    };
    const slowRuns = invocations.Invocation.filter(
      (i) => Buffer.from(i.CommandContent, 'base64').toString() === 'sleep 700',
    );
    const twoMinutes = await settle(
      (await start(SCRIPT_TEMPLATE, { ...scriptInvoke(g.groupId), batchNumber: 1, invokeScript: 'sleep 120' }))
        .ExecutionId,
    );

    // Assess
    assert.equal(slow.Status, 'Failed');
    assert.deepEqual(
      slowRuns.map((i) => [i.Timeout, i.InvokeStatus]),
      [
        [600, 'Failed'],
        [600, 'Failed'],
      ],
      'one batch: both instances ran it and timed out',
    );
    assert.equal(twoMinutes.Status, 'Success');
  });
});
