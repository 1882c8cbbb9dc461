// ECS through the generated SDK (ACS3 signatures): images, instances,
// power and system-disk changes, tags and Cloud Assistant.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as Ecs from '@alicloud/ecs20140526';
import { startLocalCloud, type RunningLocalCloud } from '../../../local/cloud/index';
import { POWER_TRANSITION_SECONDS } from '../../../local/cloud/ecs/model';
import { DEFAULT_COMMAND_SECONDS, scriptedExitCode } from '../../../local/cloud/ecs/commands';
import { DEFAULT_IMAGE_BUILD_SECONDS } from '../../../local/cloud/ecs/images';
import { ecsClient } from '../core/clients';

function codeOf(error: unknown): string {
  return (error as { code?: string }).code ?? String(error);
}

describe('ECS 2014-05-26 through @alicloud/ecs20140526', () => {
  let cloud: RunningLocalCloud;
  let ecs: Ecs.default;
  let instanceIds: string[];
  let images: Record<string, string>;

  before(async () => {
    cloud = await startLocalCloud({
      seed: {
        images: [
          { name: 'app-old', family: 'app', ageDays: 20, tags: { channel: 'stable' } },
          { name: 'app-new', family: 'app', ageDays: 2, tags: { channel: 'beta' } },
        ],
        groups: [{ name: 'web', instances: 3, imageFamily: 'app' }],
      },
    });
    ecs = ecsClient(cloud);
    instanceIds = cloud
      .world()
      .ecs.listInstances()
      .map((i) => i.instanceId);
    images = Object.fromEntries(
      cloud
        .world()
        .ecs.images.list()
        .map((i) => [i.imageName, i.imageId]),
    );
  });
  after(async () => {
    await cloud.close();
  });

  it("lists a family's Available images newest first, filters by tag, and hides Creating ones unless asked", async () => {
    // Prepare
    const building = cloud.world().ecs.images.create({ imageName: 'app-building', imageFamily: 'app' });

    // Act
    const family = await ecs.describeImages(
      new Ecs.DescribeImagesRequest({ regionId: cloud.regionId, imageFamily: 'app', imageOwnerAlias: 'self' }),
    );
    const tagged = await ecs.describeImages(
      new Ecs.DescribeImagesRequest({
        regionId: cloud.regionId,
        tag: [new Ecs.DescribeImagesRequestTag({ key: 'channel', value: 'stable' })],
      }),
    );
    const all = await ecs.describeImages(
      new Ecs.DescribeImagesRequest({ regionId: cloud.regionId, imageFamily: 'app', status: 'ALL' }),
    );
    cloud.clock.advance(DEFAULT_IMAGE_BUILD_SECONDS);
    const built = await ecs.describeImages(
      new Ecs.DescribeImagesRequest({ regionId: cloud.regionId, imageId: building.imageId }),
    );

    // Assess
    assert.deepEqual(
      family.body?.images?.image?.map((i) => i.imageName),
      ['app-new', 'app-old'],
    );
    assert.deepEqual(
      tagged.body?.images?.image?.map((i) => i.imageId),
      [images['app-old']],
    );
    assert.deepEqual(
      tagged.body?.images?.image?.[0]?.tags?.tag?.map((t) => [t.tagKey, t.tagValue]),
      [['channel', 'stable']],
    );
    assert.deepEqual(
      all.body?.images?.image?.map((i) => i.status),
      ['Creating', 'Available', 'Available'],
    );
    assert.equal(built.body?.images?.image?.[0]?.status, 'Available');
    assert.equal(built.body?.images?.image?.[0]?.progress, '100%');
  });

  it('serves the public images the seeds name, as system-owned images', async () => {
    // Act
    const system = await ecs.describeImages(
      new Ecs.DescribeImagesRequest({ regionId: cloud.regionId, imageOwnerAlias: 'system' }),
    );
    // Assess
    const ids = system.body?.images?.image?.map((i) => i.imageId) ?? [];
    assert.ok(ids.includes('centos_7_8_x64_20G_alibase_20200717.vhd'), 'the seeds roll back to CentOS 7.8');
    assert.ok(
      ids.includes('aliyun_2_1903_x64_20G_alibase_20200529.vhd'),
      'the seeds update to Alibaba Cloud Linux 2.1903',
    );
    assert.ok(system.body?.images?.image?.every((i) => i.imageOwnerAlias === 'system'));
  });

  it('pages DescribeInstances with NextToken and MaxResults', async () => {
    // Act
    const first = await ecs.describeInstances(
      new Ecs.DescribeInstancesRequest({ regionId: cloud.regionId, maxResults: 2 }),
    );
    const second = await ecs.describeInstances(
      new Ecs.DescribeInstancesRequest({
        regionId: cloud.regionId,
        maxResults: 2,
        nextToken: first.body?.nextToken ?? '',
      }),
    );

    // Assess
    assert.equal(first.body?.instances?.instance?.length, 2);
    assert.ok(first.body?.nextToken);
    assert.equal(second.body?.instances?.instance?.length, 1);
    assert.equal(second.body?.nextToken, '');
    const seen = [...(first.body?.instances?.instance ?? []), ...(second.body?.instances?.instance ?? [])].map(
      (i) => i.instanceId,
    );
    assert.deepEqual(seen.sort(), [...instanceIds].sort());
  });

  it("replaces a stopped instance's system disk with another image and starts it again", async () => {
    // Prepare
    const id = instanceIds[0]!;
    const running = await ecs
      .replaceSystemDisk(new Ecs.ReplaceSystemDiskRequest({ instanceId: id, imageId: images['app-old'] }))
      .then(() => 'ok', codeOf);

    // Act
    await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id }));
    cloud.clock.advance(POWER_TRANSITION_SECONDS);
    const replaced = await ecs.replaceSystemDisk(
      new Ecs.ReplaceSystemDiskRequest({ instanceId: id, imageId: images['app-old'] }),
    );
    const disks = await ecs.describeDisks(
      new Ecs.DescribeDisksRequest({ regionId: cloud.regionId, diskIds: JSON.stringify([replaced.body?.diskId]) }),
    );
    await ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: id }));
    cloud.clock.advance(POWER_TRANSITION_SECONDS);
    const after = await ecs.describeInstances(
      new Ecs.DescribeInstancesRequest({ regionId: cloud.regionId, instanceIds: JSON.stringify([id]) }),
    );

    // Assess
    assert.equal(running, 'IncorrectInstanceStatus');
    assert.equal(disks.body?.disks?.disk?.[0]?.status, 'In_use');
    assert.equal(disks.body?.disks?.disk?.[0]?.instanceId, id);
    assert.equal(after.body?.instances?.instance?.[0]?.imageId, images['app-old']);
    assert.equal(after.body?.instances?.instance?.[0]?.status, 'Running');
  });

  it('tags instances and finds them by tag', async () => {
    // Act
    await ecs.tagResources(
      new Ecs.TagResourcesRequest({
        regionId: cloud.regionId,
        resourceType: 'Instance',
        resourceId: [instanceIds[1]!],
        tag: [new Ecs.TagResourcesRequestTag({ key: 'ess:rollingupdate', value: 'oos:exec-1' })],
      }),
    );
    const listed = await ecs.listTagResources(
      new Ecs.ListTagResourcesRequest({
        regionId: cloud.regionId,
        resourceType: 'instance',
        tag: [new Ecs.ListTagResourcesRequestTag({ key: 'ess:rollingupdate' })],
      }),
    );
    const described = await ecs.describeInstances(
      new Ecs.DescribeInstancesRequest({
        regionId: cloud.regionId,
        tag: [new Ecs.DescribeInstancesRequestTag({ key: 'ess:rollingupdate', value: 'oos:exec-1' })],
      }),
    );

    // Assess
    const rows = listed.body?.tagResources?.tagResource ?? [];
    assert.ok(
      rows.some(
        (r) => r.resourceId === instanceIds[1] && r.tagKey === 'ess:rollingupdate' && r.tagValue === 'oos:exec-1',
      ),
    );
    assert.ok(rows.every((r) => r.resourceId === instanceIds[1]));
    assert.deepEqual(
      described.body?.instances?.instance?.map((i) => i.instanceId),
      [instanceIds[1]],
    );
  });

  it('runs Cloud Assistant commands: Running, then exit codes from the script or an injected fault', async () => {
    // Prepare
    const [ok, failing] = [instanceIds[1]!, instanceIds[2]!];
    cloud.world().faults.configure({ instanceUpdateFailures: [{ instanceId: failing, times: 1 }] });

    // Act
    const run = await ecs.runCommand(
      new Ecs.RunCommandRequest({
        regionId: cloud.regionId,
        type: 'RunShellScript',
        commandContent: Buffer.from('yum install -y httpd\nsystemctl start httpd\n').toString('base64'),
        contentEncoding: 'Base64',
        instanceId: [ok, failing],
        name: 'install-httpd',
      }),
    );
    const invokeId = run.body?.invokeId ?? '';
    const running = await ecs.describeInvocations(
      new Ecs.DescribeInvocationsRequest({ regionId: cloud.regionId, invokeId }),
    );
    cloud.clock.advance(DEFAULT_COMMAND_SECONDS);
    const finished = await ecs.describeInvocations(
      new Ecs.DescribeInvocationsRequest({ regionId: cloud.regionId, invokeId }),
    );
    const results = await ecs.describeInvocationResults(
      new Ecs.DescribeInvocationResultsRequest({ regionId: cloud.regionId, invokeId }),
    );
    const again = await ecs.runCommand(
      new Ecs.RunCommandRequest({
        regionId: cloud.regionId,
        type: 'RunShellScript',
        commandContent: 'echo hi\nexit 3',
        instanceId: [failing],
      }),
    );
    cloud.clock.advance(DEFAULT_COMMAND_SECONDS);
    const scripted = await ecs.describeInvocationResults(
      new Ecs.DescribeInvocationResultsRequest({ regionId: cloud.regionId, invokeId: again.body?.invokeId ?? '' }),
    );

    // Assess
    assert.match(invokeId, /^t-[0-9a-f]{20}$/);
    assert.equal(running.body?.invocations?.invocation?.[0]?.invokeStatus, 'Running');
    assert.equal(finished.body?.invocations?.invocation?.[0]?.invokeStatus, 'PartialFailed');
    const byInstance = new Map(
      (results.body?.invocation?.invocationResults?.invocationResult ?? []).map((r) => [r.instanceId, r]),
    );
    assert.equal(byInstance.get(ok)?.exitCode, 0);
    assert.equal(byInstance.get(ok)?.invocationStatus, 'Success');
    assert.equal(byInstance.get(failing)?.exitCode, 1);
    assert.equal(byInstance.get(failing)?.invocationStatus, 'Failed');
    assert.match(Buffer.from(byInstance.get(failing)?.output ?? '', 'base64').toString(), /injected fault/);
    assert.equal(
      scripted.body?.invocation?.invocationResults?.invocationResult?.[0]?.exitCode,
      3,
      'the fault was used up; the script decides',
    );
    const record = cloud.world().ecs.getInstance(ok);
    assert.deepEqual(
      record.commandsRun.map((c) => [c.content.split('\n')[0], c.exitCode]),
      [['yum install -y httpd', 0]],
    );
  });

  it('RunCommand honours ClientToken: the same request returns the same invocation, another one is refused', async () => {
    // Prepare
    const request = (content: string) =>
      new Ecs.RunCommandRequest({
        regionId: cloud.regionId,
        type: 'RunShellScript',
        commandContent: content,
        instanceId: [instanceIds[1]!],
        clientToken: 'drift-token-1',
      });
    // Act
    const first = await ecs.runCommand(request('echo once'));
    const second = await ecs.runCommand(request('echo once'));
    const other = await ecs.runCommand(request('echo something else')).then(
      () => 'accepted',
      (e: { code?: string }) => e.code,
    );
    cloud.clock.advance(DEFAULT_COMMAND_SECONDS);
    // Assess
    assert.equal(second.body?.invokeId, first.body?.invokeId);
    assert.equal(other, 'IdempotentParameterMismatch');
    const runs = cloud
      .world()
      .ecs.getInstance(instanceIds[1]!)
      .commandsRun.filter((c) => c.content === 'echo once');
    assert.equal(runs.length, 1, 'the command ran once');
  });

  it('reads the exit code from the last command only', () => {
    // Act / Assess
    assert.equal(scriptedExitCode('exit 2\necho after'), 0);
    assert.equal(scriptedExitCode('echo x\nexit 7\n\n# trailing comment'), 7);
    assert.equal(scriptedExitCode('true'), 0);
  });

  it('answers an unknown instance with 404 InvalidInstanceId.NotFound', async () => {
    // Act
    const code = await ecs
      .stopInstance(new Ecs.StopInstanceRequest({ instanceId: 'i-missing' }))
      .then(() => 'ok', codeOf);

    // Assess
    assert.equal(code, 'InvalidInstanceId.NotFound');
  });
});
