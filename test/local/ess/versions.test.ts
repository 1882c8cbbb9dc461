// The two ESS API versions share one model but not their wire shapes:
// 2014-08-28 wraps lists ({"ScalingGroups":{"ScalingGroup":[…]}}), 2022-02-22
// returns flat arrays and takes plural list parameters.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCloud, type RunningLocalCloud } from '../../../local/cloud/index';
import { popClient } from '../core/clients';

describe('ESS wire shapes by version', () => {
  let cloud: RunningLocalCloud;
  let groupId: string;

  before(async () => {
    cloud = await startLocalCloud({
      seed: {
        images: [{ name: 'img', family: 'app' }],
        groups: [{ name: 'g', instances: 2, imageFamily: 'app', tags: { team: 'web' } }],
      },
    });
    groupId = cloud.world().ess.listGroups()[0]!.scalingGroupId;
    cloud.world().ess.suspendProcesses(groupId, ['ScaleIn']);
  });
  after(async () => {
    await cloud.close();
  });

  it('2014-08-28 wraps every list in a singular-named object', async () => {
    // Prepare
    const ess = popClient(cloud, '2014-08-28');

    // Act
    const groups = await ess.request<Record<string, unknown>>('DescribeScalingGroups', {
      RegionId: cloud.regionId,
      ScalingGroupId: [groupId],
    });
    const instances = await ess.request<Record<string, unknown>>('DescribeScalingInstances', {
      RegionId: cloud.regionId,
      ScalingGroupId: groupId,
    });

    // Assess
    const wrapped = groups['ScalingGroups'] as { ScalingGroup: Array<Record<string, unknown>> };
    assert.equal(Array.isArray(wrapped), false);
    assert.equal(wrapped.ScalingGroup.length, 1);
    const group = wrapped.ScalingGroup[0]!;
    assert.deepEqual(group['SuspendedProcesses'], { SuspendedProcess: ['ScaleIn'] });
    assert.equal(group['TotalCapacity'], 2);
    assert.equal(group['StandbyCapacity'], 0);
    assert.equal('Tags' in group, false);
    const members = instances['ScalingInstances'] as { ScalingInstance: unknown[] };
    assert.equal(members.ScalingInstance.length, 2);
  });

  it('2022-02-22 returns flat arrays and accepts plural JSON list parameters', async () => {
    // Prepare
    const ess = popClient(cloud, '2022-02-22');
    const [first] = cloud.world().ess.listInstances(groupId);

    // Act
    const groups = await ess.request<Record<string, unknown>>('DescribeScalingGroups', {
      RegionId: cloud.regionId,
      ScalingGroupIds: JSON.stringify([groupId]),
    });
    const instances = await ess.request<Record<string, unknown>>('DescribeScalingInstances', {
      RegionId: cloud.regionId,
      ScalingGroupId: groupId,
      InstanceIds: JSON.stringify([first!.instanceId]),
      LifecycleStates: JSON.stringify(['InService']),
    });

    // Assess
    const list = groups['ScalingGroups'] as Array<Record<string, unknown>>;
    assert.ok(Array.isArray(list));
    assert.deepEqual(list[0]!['SuspendedProcesses'], ['ScaleIn']);
    assert.deepEqual(list[0]!['Tags'], [{ TagKey: 'team', TagValue: 'web', Propagate: false }]);
    const members = instances['ScalingInstances'] as Array<Record<string, unknown>>;
    assert.ok(Array.isArray(members));
    assert.deepEqual(
      members.map((m) => m['InstanceId']),
      [first!.instanceId],
    );
  });

  it("enforces each version's DescribeScalingInstances page size limit (50 vs 100)", async () => {
    // Act
    const old = await popClient(cloud, '2014-08-28')
      .request('DescribeScalingInstances', { RegionId: cloud.regionId, ScalingGroupId: groupId, PageSize: 100 })
      .then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );
    const current = await popClient(cloud, '2022-02-22')
      .request('DescribeScalingInstances', { RegionId: cloud.regionId, ScalingGroupId: groupId, PageSize: 100 })
      .then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );

    // Assess
    assert.equal(old, 'InvalidParameter');
    assert.equal(current, 'ok');
  });

  it('answers an unknown Version with InvalidVersion and an unknown Action with InvalidAction.NotFound', async () => {
    // Act
    const version = await popClient(cloud, '2099-01-01')
      .request('DescribeScalingGroups', {})
      .then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );
    const action = await popClient(cloud, '2014-08-28')
      .request('LaunchRockets', {})
      .then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );

    // Assess
    assert.equal(version, 'InvalidVersion');
    assert.equal(action, 'InvalidAction.NotFound');
  });
});
