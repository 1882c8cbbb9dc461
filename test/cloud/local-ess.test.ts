// Every ESS operation of EssApi round-trips against the local cloud, signed
// with V3 (the SDK default) and checked by it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningLocalCloud } from '../../local/cloud/index';
import { clientsFor, seed, startLocalCloud, type ClientsUnderTest, type SeededFleet } from './helpers/local-cloud';

describe('ESS 2022-02-22 against the local cloud', () => {
  let lc: RunningLocalCloud;
  let fleet: SeededFleet;
  let c: ClientsUnderTest;
  let groupId = '';
  let configId = '';
  let instanceIds: string[] = [];

  before(async () => {
    lc = await startLocalCloud();
    fleet = await seed(lc, {
      images: [
        { name: 'web-v1', family: 'web', ageDays: 2 },
        { name: 'web-v2', family: 'web', ageDays: 1 },
      ],
      groups: [{ name: 'web', instances: 3, imageName: 'web-v1', tags: { 'rollgate:managed': 'true' } }],
    });
    const web = fleet.groups['web'];
    assert.ok(web);
    groupId = web.scalingGroupId;
    configId = web.scalingConfigurationId;
    instanceIds = web.instanceIds;
    c = clientsFor(lc);
  });
  after(async () => {
    await lc.close();
  });

  it('describes scaling groups with flat lists and tags as a map', async () => {
    // Act
    const res = await c.cloud.ess.describeScalingGroups({ scalingGroupIds: [groupId] });
    // Assess
    assert.match(res.requestId, /\S/);
    assert.equal(res.totalCount, 1);
    const group = res.scalingGroups[0];
    assert.ok(group);
    assert.equal(group.scalingGroupId, groupId);
    assert.equal(group.scalingGroupName, 'web');
    assert.equal(group.lifecycleState, 'Active');
    assert.equal(group.activeScalingConfigurationId, configId);
    assert.deepEqual(group.suspendedProcesses, []);
    assert.equal(group.tags['rollgate:managed'], 'true');
  });

  it('lists groups and configurations by any number of ids, in runs the API takes (20 and 10), none for none', async () => {
    // Prepare: the one real id among 44 unknown ones.
    const served = () => lc.cloud.requests.snapshot().byAction;
    const count = (action: string, before: Record<string, number>) => (served()[action] ?? 0) - (before[action] ?? 0);
    const unknown = (prefix: string) => Array.from({ length: 44 }, (_, i) => `${prefix}-none-${i}`);
    // Act
    const before = { ...served() };
    const groups = await c.cloud.ess.listAllScalingGroups({ scalingGroupIds: [...unknown('asg'), groupId] });
    const configurations = await c.cloud.ess.listAllScalingConfigurations({
      scalingConfigurationIds: [configId, ...unknown('asc')],
    });
    const none = await c.cloud.ess.listAllScalingGroups({ scalingGroupIds: [] });
    // Assess
    assert.deepEqual(
      groups.map((g) => g.scalingGroupId),
      [groupId],
    );
    assert.deepEqual(
      configurations.map((g) => g.scalingConfigurationId),
      [configId],
    );
    assert.deepEqual(none, []);
    assert.equal(count('ess:DescribeScalingGroups', before), 3);
    assert.equal(count('ess:DescribeScalingConfigurations', before), 5);
  });

  it('describes scaling instances filtered by lifecycle state', async () => {
    // Act
    const all = await c.cloud.ess.listAllScalingInstances({
      scalingGroupId: groupId,
      lifecycleStates: ['InService'],
      creationTypes: ['AutoCreated', 'Attached'],
    });
    const one = await c.cloud.ess.describeScalingInstances({
      scalingGroupId: groupId,
      instanceIds: [instanceIds[0] ?? ''],
    });
    // Assess
    assert.deepEqual(all.map((i) => i.instanceId).sort(), [...instanceIds].sort());
    assert.ok(
      all.every(
        (i) => i.lifecycleState === 'InService' && i.healthStatus === 'Healthy' && i.scalingGroupId === groupId,
      ),
    );
    assert.deepEqual(
      one.scalingInstances.map((i) => i.instanceId),
      [instanceIds[0]],
    );
  });

  it('describes scaling activities and configurations', async () => {
    // Act
    const activities = await c.cloud.ess.listAllScalingActivities({ scalingGroupId: groupId });
    const configs = await c.cloud.ess.describeScalingConfigurations({ scalingGroupId: groupId });
    // Assess
    assert.ok(activities.length >= 1);
    assert.ok(activities.every((a) => a.scalingGroupId === groupId && a.statusCode.length > 0));
    assert.equal(configs.scalingConfigurations[0]?.scalingConfigurationId, configId);
    assert.equal(configs.scalingConfigurations[0]?.imageId, fleet.images['web-v1']);
  });

  it('points the scaling configuration at another image', async () => {
    // Act
    await c.cloud.ess.modifyScalingConfiguration({
      scalingConfigurationId: configId,
      imageId: fleet.images['web-v2'] ?? '',
    });
    // Assess
    const [config] = await c.cloud.ess.listAllScalingConfigurations({ scalingConfigurationIds: [configId] });
    assert.equal(config?.imageId, fleet.images['web-v2']);
  });

  it('suspends and resumes processes', async () => {
    // Act
    const suspended = await c.cloud.ess.suspendProcesses({
      scalingGroupId: groupId,
      processes: ['ScaleIn', 'ScaleOut'],
    });
    const during = (await c.cloud.ess.listAllScalingGroups({ scalingGroupIds: [groupId] }))[0];
    await c.cloud.ess.resumeProcesses({ scalingGroupId: groupId, processes: ['ScaleIn', 'ScaleOut'] });
    const afterwards = (await c.cloud.ess.listAllScalingGroups({ scalingGroupIds: [groupId] }))[0];
    // Assess
    assert.match(suspended.requestId, /\S/);
    assert.deepEqual([...(during?.suspendedProcesses ?? [])].sort(), ['ScaleIn', 'ScaleOut']);
    assert.deepEqual(afterwards?.suspendedProcesses, []);
  });

  it('moves an instance into standby and back', async () => {
    // Prepare
    const instanceId = instanceIds[1] ?? '';
    // Act
    await c.cloud.ess.enterStandby({ scalingGroupId: groupId, instanceIds: [instanceId] });
    const inStandby = await c.cloud.ess.describeScalingInstances({
      scalingGroupId: groupId,
      instanceIds: [instanceId],
    });
    await c.cloud.ess.exitStandby({ scalingGroupId: groupId, instanceIds: [instanceId] });
    const back = await c.cloud.ess.describeScalingInstances({ scalingGroupId: groupId, instanceIds: [instanceId] });
    // Assess
    assert.equal(inStandby.scalingInstances[0]?.lifecycleState, 'Standby');
    assert.equal(back.scalingInstances[0]?.lifecycleState, 'InService');
  });

  it('tags, lists and untags the group as resource type scalinggroup', async () => {
    // Act
    await c.cloud.ess.tagResources({
      resourceIds: [groupId],
      tags: { 'rollgate:desired-image': 'm-x', 'rollgate:paused': 'true' },
    });
    const tagged = await c.cloud.ess.listAllTagResources({ resourceIds: [groupId] });
    const byTag = await c.cloud.ess.listAllTagResources({ tags: { 'rollgate:paused': 'true' } });
    await c.cloud.ess.untagResources({ resourceIds: [groupId], tagKeys: ['rollgate:paused'] });
    const untagged = await c.cloud.ess.listAllTagResources({ resourceIds: [groupId] });
    // Assess
    const asMap = (list: typeof tagged) => Object.fromEntries(list.map((t) => [t.tagKey, t.tagValue]));
    assert.deepEqual(asMap(tagged), {
      'rollgate:managed': 'true',
      'rollgate:desired-image': 'm-x',
      'rollgate:paused': 'true',
    });
    assert.ok(tagged.every((t) => t.resourceId === groupId));
    // A tag filter selects resources; each comes back with all its tags.
    assert.deepEqual([...new Set(byTag.map((t) => t.resourceId))], [groupId]);
    assert.deepEqual(asMap(untagged), { 'rollgate:managed': 'true', 'rollgate:desired-image': 'm-x' });
  });
});
