// ESS and ECS as official clients see them: pop-core (V2 signatures) drives
// ESS 2014-08-28, the generated ECS SDK (V3 signatures) reads instances, and
// the group's MNS topic receives scale-out events in the seed's format.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as EcsModule from '@alicloud/ecs20140526';
import { startLocalCloud, type RunningLocalCloud } from '../../../local/cloud/index';
import { ecsClient, popClient, popError, type PopClient } from '../core/clients';

interface ScalingInstancesBody {
  TotalCount: number;
  ScalingInstances: { ScalingInstance: Array<{ InstanceId: string; LifecycleState: string; HealthStatus: string }> };
}

describe('ESS 2014-08-28 through pop-core', () => {
  let cloud: RunningLocalCloud;
  let ess: PopClient;
  const published: Array<{ topic: string; body: string }> = [];

  before(async () => {
    cloud = await startLocalCloud();
    ess = popClient(cloud, '2014-08-28');
    const mns = cloud.world().mns;
    mns.ensureTopic('scaling-events');
    // Record what ESS hands to MNS, whatever MNS does with it afterwards.
    const publish = mns.publish.bind(mns);
    mns.publish = (topic, body, tag) => {
      published.push({ topic, body });
      return publish(topic, body, tag);
    };
  });

  after(async () => {
    await cloud.close();
  });

  it('launches MinSize instances from the configuration image, visible through ESS and ECS, and notifies MNS', async () => {
    // Prepare
    const image = cloud.world().ecs.images.create({ imageName: 'app-1', imageFamily: 'app', available: true });
    const group = await ess.request<{ ScalingGroupId: string }>(
      'CreateScalingGroup',
      { RegionId: cloud.regionId, ScalingGroupName: 'fidelity', MinSize: 4, MaxSize: 8, VSwitchId: 'vsw-local1' },
      { method: 'POST' },
    );
    const configuration = await ess.request<{ ScalingConfigurationId: string }>('CreateScalingConfiguration', {
      RegionId: cloud.regionId,
      ScalingGroupId: group.ScalingGroupId,
      ImageId: image.imageId,
      InstanceType: 'ecs.g7.large',
    });
    await ess.request('CreateNotificationConfiguration', {
      RegionId: cloud.regionId,
      ScalingGroupId: group.ScalingGroupId,
      NotificationArn: `acs:mns:${cloud.regionId}:${cloud.accountId}:topic/scaling-events`,
      NotificationType: ['AUTOSCALING:SCALE_OUT_START', 'AUTOSCALING:SCALE_OUT_SUCCESS'],
    });

    // Act
    await ess.request('EnableScalingGroup', {
      RegionId: cloud.regionId,
      ScalingGroupId: group.ScalingGroupId,
      ActiveScalingConfigurationId: configuration.ScalingConfigurationId,
    });
    const whilePending = await ess.request<ScalingInstancesBody>('DescribeScalingInstances', {
      RegionId: cloud.regionId,
      ScalingGroupId: group.ScalingGroupId,
    });
    cloud.clock.advance(60);
    const inService = await ess.request<ScalingInstancesBody>('DescribeScalingInstances', {
      RegionId: cloud.regionId,
      ScalingGroupId: group.ScalingGroupId,
      LifecycleState: 'InService',
    });
    const ids = inService.ScalingInstances.ScalingInstance.map((i) => i.InstanceId);
    const described = await ecsClient(cloud).describeInstances(
      new EcsModule.DescribeInstancesRequest({
        regionId: cloud.regionId,
        instanceIds: JSON.stringify(ids),
        pageSize: 100,
      }),
    );

    // Assess
    assert.deepEqual(
      whilePending.ScalingInstances.ScalingInstance.map((i) => i.LifecycleState),
      ['Pending', 'Pending', 'Pending', 'Pending'],
    );
    assert.equal(inService.TotalCount, 4);
    assert.ok(inService.ScalingInstances.ScalingInstance.every((i) => i.HealthStatus === 'Healthy'));
    const instances = described.body?.instances?.instance ?? [];
    assert.deepEqual(instances.map((i) => i.instanceId).sort(), [...ids].sort());
    for (const instance of instances) {
      assert.equal(instance.imageId, image.imageId);
      assert.equal(instance.status, 'Running');
      assert.match(instance.vpcAttributes?.privateIpAddress?.ipAddress?.[0] ?? '', /^127\.10\.\d+\.\d+$/);
    }
    const events = published
      .filter((p) => p.topic === 'scaling-events')
      .map((p) => JSON.parse(p.body) as Record<string, unknown>);
    assert.deepEqual(
      events.map((e) => e['event']),
      ['AUTOSCALING:SCALE_OUT_START', 'AUTOSCALING:SCALE_OUT_SUCCESS'],
    );
    const success = events[1] as { content: Record<string, unknown> } & Record<string, unknown>;
    assert.deepEqual(Object.keys(success).sort(), [
      'content',
      'event',
      'eventLevel',
      'eventStatus',
      'product',
      'regionId',
      'resourceArn',
      'userId',
    ]);
    assert.deepEqual(Object.keys(success.content).sort(), [
      'cause',
      'description',
      'endTime',
      'expectNum',
      'instanceIds',
      'requestId',
      'scalingActivityId',
      'startTime',
      'totalCapacity',
    ]);
    assert.equal(success['eventLevel'], 'INFO');
    assert.equal(success['eventStatus'], 'normal');
    assert.equal(success['product'], 'ESS');
    assert.equal(
      success['resourceArn'],
      `acs:ess:${cloud.regionId}:${cloud.accountId}:scalingGroup/${group.ScalingGroupId}`,
    );
    assert.equal(success['userId'], cloud.accountId);
    assert.deepEqual([...(success.content['instanceIds'] as string[])].sort(), [...ids].sort());
    assert.equal(success.content['expectNum'], 4);
    assert.equal(success.content['totalCapacity'], 4);
    assert.equal(success.content['description'], '"4" ECS instances are added');
    assert.match(String(success.content['startTime']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    assert.match(String(success.content['endTime']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    assert.deepEqual(
      cloud
        .world()
        .mns.history('scaling-events')
        .map((m) => (JSON.parse(m.body) as { event: string }).event),
      ['AUTOSCALING:SCALE_OUT_START', 'AUTOSCALING:SCALE_OUT_SUCCESS'],
      'the MNS topic itself holds both messages',
    );
    const start = events[0] as { content: Record<string, unknown> };
    assert.equal('instanceIds' in start.content, false);
    assert.equal('expectNum' in start.content, false);
  });

  it('answers a wrong secret with SignatureDoesNotMatch (400) and shows the server string to sign', async () => {
    // Prepare
    const forged = popClient(cloud, '2014-08-28', 'not-the-secret');

    // Act
    const error = await forged.request('DescribeScalingGroups', { RegionId: cloud.regionId }).then(
      () => undefined,
      (e: unknown) => popError(e),
    );

    // Assess
    assert.equal(error?.code, 'SignatureDoesNotMatch');
    assert.equal(error?.status, 400);
    assert.match(error?.message ?? '', /server string to sign is:GET&%2F&AccessKeyId%3D/);
  });

  it('names a missing required parameter', async () => {
    // Act
    const error = await ess.request('EnableScalingGroup', { RegionId: cloud.regionId }).then(
      () => undefined,
      (e: unknown) => popError(e),
    );

    // Assess
    assert.equal(error?.code, 'MissingParameter');
    assert.match(
      error?.message ?? '',
      /The input parameter "ScalingGroupId" that is mandatory for processing this request is not supplied\./,
    );
  });

  it('answers an unknown scaling group with 404 InvalidScalingGroupId.NotFound', async () => {
    // Act
    const response = await fetch(
      `${cloud.url}/?${new URLSearchParams({ Action: 'SuspendProcesses', Version: '2014-08-28', ScalingGroupId: 'asg-missing', 'Process.1': 'ScaleIn' })}`,
    );
    const unsigned = (await response.json()) as Record<string, unknown>;
    const signed = await ess
      .request('SuspendProcesses', { RegionId: cloud.regionId, ScalingGroupId: 'asg-missing', Process: ['ScaleIn'] })
      .then(
        () => undefined,
        (e: unknown) => popError(e),
      );

    // Assess
    assert.equal(response.status, 400, 'an unsigned call is refused before routing');
    assert.equal(unsigned['Code'], 'IncompleteSignature');
    assert.equal(signed?.code, 'InvalidScalingGroupId.NotFound');
    assert.equal(signed?.status, 404);
    assert.equal(signed?.data?.['HostId'], `ess.${cloud.regionId}.aliyuncs.com`);
  });

  it('returns 404 for the unknown group over plain HTTP with signatures off', async () => {
    // Prepare
    const open = await startLocalCloud({ verifySignatures: false });
    try {
      // Act
      const response = await fetch(
        `${open.url}/?${new URLSearchParams({ Action: 'DescribeScalingActivities', Version: '2014-08-28', ScalingGroupId: 'asg-missing' })}`,
      );
      const body = (await response.json()) as Record<string, unknown>;

      // Assess
      assert.equal(response.status, 404);
      assert.equal(body['Code'], 'InvalidScalingGroupId.NotFound');
      assert.deepEqual(Object.keys(body).sort(), ['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    } finally {
      await open.close();
    }
  });
});
