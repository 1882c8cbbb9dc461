// OOS 2019-06-01 through @alicloud/pop-core (RPC, signature V2) against a
// running local cloud: the seeds' exact invocations of all three templates,
// invoke and rollback, each pause option, cancel, a second update on a group
// and ClientToken. ECS state is read back through the ECS API; ESS state (lifecycle
// states, suspended processes, configuration image) from the world.
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
  packageRollback,
  scriptInvoke,
  scriptRollback,
} from './seed-invocations';

const RPCClient = (PopCore as unknown as { RPCClient: typeof PopCore }).RPCClient;
type Body = Record<string, unknown>;
type WireExecution = {
  ExecutionId: string;
  Status: string;
  WaitingStatus: string;
  StatusMessage: string;
  Parameters: unknown;
};

describe('OOS through @alicloud/pop-core against the local cloud', () => {
  let env: RunningLocalCloud;
  let oos: PopCore;
  let ecs: PopCore;

  before(async () => {
    env = await startLocalCloud({ startTimeMs: Date.UTC(2024, 0, 1) });
    const credentials = { accessKeyId: env.accessKeyId, accessKeySecret: env.accessKeySecret, endpoint: env.url };
    oos = new RPCClient({ ...credentials, apiVersion: '2019-06-01' });
    ecs = new RPCClient({ ...credentials, apiVersion: '2014-05-26' });
  });
  after(async () => env.close());

  const call = async (client: PopCore, action: string, params: Body) =>
    (await client.request(action, { RegionId: env.regionId, ...params }, { method: 'POST' })) as Body;

  async function startExecution(templateName: string, parameters: object, extra: Body = {}): Promise<WireExecution> {
    const body = await call(oos, 'StartExecution', {
      TemplateName: templateName,
      Parameters: JSON.stringify(parameters),
      ...extra,
    });
    return body.Execution as WireExecution;
  }

  async function describeExecution(executionId: string): Promise<WireExecution> {
    const body = await call(oos, 'ListExecutions', { ExecutionId: executionId });
    const [execution] = body.Executions as WireExecution[];
    assert.ok(execution, `execution ${executionId} is listed`);
    return execution;
  }

  /** Moves simulated time event by event until the execution waits or ends; returns the statuses seen through the API. */
  async function settle(executionId: string): Promise<string[]> {
    const seen: string[] = [];
    for (let steps = 0; steps < 10_000; steps++) {
      const { Status } = await describeExecution(executionId);
      if (seen.at(-1) !== Status) seen.push(Status);
      if (['Waiting', 'Success', 'Failed', 'Cancelled'].includes(Status)) return seen;
      const next = env.clock.nextDueIn();
      assert.ok(next !== undefined, `execution ${executionId} is ${Status} but nothing is scheduled`);
      env.clock.advance(next);
    }
    throw new Error(`execution ${executionId} did not settle`);
  }

  async function imageIdsOf(instanceIds: string[]): Promise<string[]> {
    const body = await call(ecs, 'DescribeInstances', { InstanceIds: JSON.stringify(instanceIds), PageSize: 100 });
    const instances = (body.Instances as { Instance: Array<{ InstanceId: string; ImageId: string }> }).Instance;
    return instanceIds.map((id) => instances.find((i) => i.InstanceId === id)?.ImageId ?? 'missing');
  }

  function seedGroup(name: string, instances: number) {
    const world = env.world();
    const fleet = seedFleet(world, {
      images: [{ name: `${name}-old`, ageDays: 2 }, { name: `${name}-new` }],
      groups: [{ name, instances, imageName: `${name}-old` }],
    });
    const group = fleet.groups[name]!;
    return {
      world,
      ...group,
      groupId: group.scalingGroupId,
      configurationId: group.scalingConfigurationId,
      oldImage: fleet.images[`${name}-old`]!,
      newImage: fleet.images[`${name}-new`]!,
    };
  }

  const lifecycles = (g: ReturnType<typeof seedGroup>) =>
    g.world.ess.listInstances(g.groupId).map((i) => i.lifecycleState);

  it('updates images by the seed invocation, then rolls them back by the seed rollback', async () => {
    // Prepare
    const g = seedGroup('image-seed', 4);
    const suspendedBefore = [...g.world.ess.getGroup(g.groupId).suspendedProcesses];

    // Act
    const started = await startExecution(
      IMAGE_TEMPLATE,
      imageInvoke({
        groupId: g.groupId,
        configurationId: g.configurationId,
        imageId: g.newImage,
        sourceImageId: g.oldImage,
      }),
      {
        Tags: JSON.stringify({ scaling_group: g.groupId }),
      },
    );
    const invokeStatuses = await settle(started.ExecutionId);
    const imagesAfterInvoke = await imageIdsOf(g.instanceIds);
    const configImageAfterInvoke = g.world.ess.getScalingConfiguration(g.configurationId).imageId;
    const rollback = await startExecution(
      IMAGE_TEMPLATE,
      imageRollback({
        groupId: g.groupId,
        configurationId: g.configurationId,
        sourceImageId: g.oldImage,
        sourceExecutionId: started.ExecutionId,
      }),
    );
    const rollbackStatuses = await settle(rollback.ExecutionId);

    // Assess
    assert.equal(started.Status, 'Started');
    assert.equal(typeof started.Parameters, 'string');
    assert.deepEqual(invokeStatuses.slice(-2), ['Running', 'Success']);
    assert.deepEqual(suspendedBefore, []);
    assert.deepEqual(
      imagesAfterInvoke,
      g.instanceIds.map(() => g.newImage),
    );
    assert.equal(configImageAfterInvoke, g.newImage);
    assert.deepEqual(rollbackStatuses.at(-1), 'Success');
    assert.deepEqual(
      await imageIdsOf(g.instanceIds),
      g.instanceIds.map(() => g.oldImage),
    );
    assert.equal(
      g.world.ess.getScalingConfiguration(g.configurationId).imageId,
      g.newImage,
      'the rollback leaves the configuration to the caller',
    );
    assert.deepEqual(g.world.ess.getGroup(g.groupId).suspendedProcesses, []);
    assert.ok(lifecycles(g).every((s) => s === 'InService'));
    assert.deepEqual(
      g.world.oos.executionsForGroup(g.groupId).map((e) => e.executionId),
      [started.ExecutionId],
    );
  });

  it('runs the seed scripts and installs the seed package, with rollbacks, and the admin view shows what each instance ran', async () => {
    // Prepare
    const scripts = seedGroup('script-seed', 3);
    const packages = seedGroup('package-seed', 3);

    // Act
    const scriptRun = await startExecution(SCRIPT_TEMPLATE, scriptInvoke(scripts.groupId));
    await settle(scriptRun.ExecutionId);
    const scriptBack = await startExecution(SCRIPT_TEMPLATE, scriptRollback(scripts.groupId, scriptRun.ExecutionId));
    await settle(scriptBack.ExecutionId);
    const packageRun = await startExecution(PACKAGE_TEMPLATE, packageInvoke(packages.groupId));
    await settle(packageRun.ExecutionId);
    const installed = packages.instanceIds.map((id) => packages.world.ecs.getInstance(id).packages.wordpress);
    const packageBack = await startExecution(
      PACKAGE_TEMPLATE,
      packageRollback(packages.groupId, packageRun.ExecutionId),
    );
    await settle(packageBack.ExecutionId);
    const admin = (await (await fetch(`${env.url}/_local/oos/executions/${scriptRun.ExecutionId}`)).json()) as {
      Children: Array<{
        Status: string;
        Instance: { InstanceId: string; CommandsRun: Array<{ content: string; exitCode: number }> };
      }>;
    };

    // Assess
    for (const id of [scriptRun, scriptBack, packageRun, packageBack].map((e) => e.ExecutionId))
      assert.equal((await describeExecution(id)).Status, 'Success');
    assert.deepEqual(installed, ['v4', 'v4', 'v4']);
    assert.deepEqual(
      packages.instanceIds.map((id) => packages.world.ecs.getInstance(id).packages.wordpress),
      ['v3', 'v3', 'v3'],
    );
    assert.equal(admin.Children.length, 3);
    for (const child of admin.Children) {
      assert.equal(child.Status, 'Success');
      assert.deepEqual(
        child.Instance.CommandsRun.map((c) => [c.content, c.exitCode]),
        [
          ['df -h\nifconfig', 0],
          ['df -h\nifconfig', 0],
        ],
      );
    }
    assert.ok(
      lifecycles(scripts).every((s) => s === 'InService') && lifecycles(packages).every((s) => s === 'InService'),
    );
  });

  for (const [option, expectedPauses] of [
    ['FirstBatchPause', 1],
    ['EveryBatchPause', 3],
  ] as const) {
    it(`${option} waits ${expectedPauses} time(s) and continues on NotifyExecution Approve`, async () => {
      // Prepare
      const g = seedGroup(`pause-${option}`, 8);
      const params = {
        ...imageInvoke({
          groupId: g.groupId,
          configurationId: g.configurationId,
          imageId: g.newImage,
          sourceImageId: g.oldImage,
        }),
        batchNumber: 4,
        batchPauseOption: option,
      };
      const started = await startExecution(IMAGE_TEMPLATE, params);
      const waits: string[] = [];
      const suspendedAtPauses: number[] = [];
      const updatedAtPauses: number[] = [];

      // Act
      for (let s = await settle(started.ExecutionId); s.at(-1) === 'Waiting'; s = await settle(started.ExecutionId)) {
        const waiting = await describeExecution(started.ExecutionId);
        waits.push(`${waiting.WaitingStatus}: ${waiting.StatusMessage.split('.')[0]}`);
        suspendedAtPauses.push(g.world.ess.getGroup(g.groupId).suspendedProcesses.length);
        updatedAtPauses.push((await imageIdsOf(g.instanceIds)).filter((id) => id === g.newImage).length);
        await call(oos, 'NotifyExecution', { ExecutionId: started.ExecutionId, NotifyType: 'Approve' });
      }

      // Assess
      assert.deepEqual(
        waits,
        Array.from({ length: expectedPauses }, (_, i) => `BatchPause: Batch ${i + 1} of 4 finished`),
      );
      assert.deepEqual(
        suspendedAtPauses,
        waits.map(() => 5),
        'processes stay suspended while the update waits',
      );
      assert.deepEqual(
        updatedAtPauses,
        waits.map((_, i) => 2 * (i + 1)),
        'each pause comes after one more batch of 2',
      );
      assert.deepEqual(g.world.ess.getGroup(g.groupId).suspendedProcesses, []);
      assert.equal((await describeExecution(started.ExecutionId)).Status, 'Success');
      assert.deepEqual(
        await imageIdsOf(g.instanceIds),
        g.instanceIds.map(() => g.newImage),
      );
      assert.ok(lifecycles(g).every((s) => s === 'InService'));
    });
  }

  it('cancels a failure-paused execution, leaving processes suspended and failed instances in Standby', async () => {
    // Prepare
    const g = seedGroup('cancel', 4);
    env.cloud.world().faults.configure({ instanceUpdateFailures: [{ instanceId: g.instanceIds[0]!, times: 1 }] });
    const started = await startExecution(
      IMAGE_TEMPLATE,
      imageInvoke({
        groupId: g.groupId,
        configurationId: g.configurationId,
        imageId: g.newImage,
        sourceImageId: g.oldImage,
      }),
      {
        Mode: 'FailurePause',
      },
    );
    await settle(started.ExecutionId);
    const paused = await describeExecution(started.ExecutionId);

    // Act
    await call(oos, 'CancelExecution', { ExecutionId: started.ExecutionId });
    for (let next = env.clock.nextDueIn(); next !== undefined && next < 3600; next = env.clock.nextDueIn())
      env.clock.advance(next);

    // Assess
    assert.equal(paused.Status, 'Waiting');
    assert.equal(paused.WaitingStatus, 'FailurePause');
    assert.equal((await describeExecution(started.ExecutionId)).Status, 'Cancelled');
    assert.deepEqual([...g.world.ess.getGroup(g.groupId).suspendedProcesses].sort(), [
      'AlarmNotification',
      'HealthCheck',
      'ScaleIn',
      'ScaleOut',
      'ScheduledAction',
    ]);
    assert.deepEqual(lifecycles(g), ['Standby', 'InService', 'InService', 'InService']);
  });

  it('CancelTask at a failure pause marks the failed instance Failed and finishes the others', async () => {
    // Prepare
    const g = seedGroup('cancel-task', 4);
    env.cloud.world().faults.configure({ instanceUpdateFailures: [{ instanceId: g.instanceIds[0]!, times: 1 }] });
    const started = await startExecution(
      IMAGE_TEMPLATE,
      imageInvoke({
        groupId: g.groupId,
        configurationId: g.configurationId,
        imageId: g.newImage,
        sourceImageId: g.oldImage,
      }),
      {
        Mode: 'FailurePause',
      },
    );
    await settle(started.ExecutionId);
    const paused = await describeExecution(started.ExecutionId);

    // Act
    await call(oos, 'NotifyExecution', {
      ExecutionId: started.ExecutionId,
      NotifyType: 'CancelTask',
      LoopItem: g.instanceIds[0],
    });
    const after = await settle(started.ExecutionId);

    // Assess
    assert.equal(paused.WaitingStatus, 'FailurePause');
    assert.equal(after.at(-1), 'Success');
    const children = (await call(oos, 'ListExecutions', { ParentExecutionId: started.ExecutionId }))
      .Executions as WireExecution[];
    assert.equal(children.filter((c) => c.Status === 'Failed').length, 1);
    assert.equal((await imageIdsOf(g.instanceIds)).filter((id) => id === g.newImage).length, 3);
    assert.deepEqual(g.world.ess.getGroup(g.groupId).suspendedProcesses, []);
  });

  it('starts a second rolling update on a group while one waits (a console rule, not an API one), and returns the same execution for the same ClientToken', async () => {
    // Prepare
    const g = seedGroup('exclusive', 4);
    const params = {
      ...imageInvoke({
        groupId: g.groupId,
        configurationId: g.configurationId,
        imageId: g.newImage,
        sourceImageId: g.oldImage,
      }),
      batchPauseOption: 'FirstBatchPause',
    };
    const first = await startExecution(IMAGE_TEMPLATE, params, { ClientToken: 'exclusive-1' });
    await settle(first.ExecutionId);

    // Act
    const sameToken = await startExecution(IMAGE_TEMPLATE, params, { ClientToken: 'exclusive-1' });
    const second = await startExecution(IMAGE_TEMPLATE, params, { ClientToken: 'exclusive-2' });
    await settle(second.ExecutionId);

    // Assess
    assert.equal(sameToken.ExecutionId, first.ExecutionId);
    assert.notEqual(second.ExecutionId, first.ExecutionId);
    const listed = (await call(oos, 'ListExecutions', { TemplateName: IMAGE_TEMPLATE, Status: 'Waiting' }))
      .Executions as WireExecution[];
    assert.deepEqual(listed.map((e) => e.ExecutionId).sort(), [first.ExecutionId, second.ExecutionId].sort());
  });
});
