// ESS rules at the model level: scaling activities, rejections, failures,
// standby/protection, the current image on scale-out, health, notifications.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { SimClock } from '../../../local/cloud/core/clock';
import { ApiError } from '../../../local/cloud/core/contracts';
import { LocalRegionWorld } from '../../../local/cloud/core/world';
import { LAUNCH_SECONDS, REMOVAL_SECONDS } from '../../../local/cloud/ess/scaling';

const ACCOUNT = '1234567890123456';
const REGION = 'cn-hangzhou';
const ALL_EVENTS = [
  'AUTOSCALING:SCALE_OUT_START',
  'AUTOSCALING:SCALE_OUT_SUCCESS',
  'AUTOSCALING:SCALE_OUT_ERROR',
  'AUTOSCALING:SCALE_IN_START',
  'AUTOSCALING:SCALE_IN_SUCCESS',
  'AUTOSCALING:SCALE_REJECT',
  'AUTOSCALING:SCALE_OUT_WARN',
  'AUTOSCALING:SCALE_IN_WARN',
];

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof ApiError ? error.code : String(error);
  }
}

describe('ESS scaling', () => {
  let world: LocalRegionWorld;
  let clock: SimClock;
  let events: Array<{ event: string; eventLevel: string; content: Record<string, unknown> }>;

  function activeGroup(min: number, opts: { desired?: number; imageId?: string } = {}) {
    const imageId =
      opts.imageId ?? world.ecs.images.create({ imageName: `img-${world.newId('')}`, available: true }).imageId;
    const group = world.ess.createGroup({
      minSize: min,
      maxSize: 10,
      ...(opts.desired !== undefined ? { desiredCapacity: opts.desired } : {}),
    });
    world.ess.createConfiguration({ scalingGroupId: group.scalingGroupId, imageId, instanceType: 'ecs.g7.large' });
    world.ess.notifications.create({
      scalingGroupId: group.scalingGroupId,
      notificationArn: `acs:mns:${REGION}:${ACCOUNT}:queue/events`,
      notificationTypes: ALL_EVENTS,
    });
    world.ess.enableGroup(group.scalingGroupId);
    return { group, imageId };
  }

  function states(groupId: string): string[] {
    return world.ess.listInstances(groupId).map((i) => i.lifecycleState);
  }

  beforeEach(() => {
    clock = new SimClock({ startMs: Date.parse('2024-01-01T00:00:00Z') });
    world = new LocalRegionWorld(ACCOUNT, REGION, clock);
    world.mns.ensureQueue('events');
    events = [];
    const send = world.mns.sendToQueue.bind(world.mns);
    world.mns.sendToQueue = (queue, body) => {
      events.push(JSON.parse(body) as (typeof events)[number]);
      return send(queue, body);
    };
  });

  it('scales out on enable and in on a lower DesiredCapacity, removing oldest instances', () => {
    // Prepare
    const { group } = activeGroup(0, { desired: 3 });
    clock.advance(LAUNCH_SECONDS);
    const before = world.ess.listInstances(group.scalingGroupId).map((i) => i.instanceId);

    // Act
    world.ess.modifyGroup(group.scalingGroupId, { desiredCapacity: 1 });
    const during = states(group.scalingGroupId);
    clock.advance(REMOVAL_SECONDS);

    // Assess
    assert.deepEqual(during.sort(), ['InService', 'Removing', 'Removing']);
    assert.deepEqual(states(group.scalingGroupId), ['InService']);
    assert.equal(world.ecs.listInstances().length, 1, 'removed AutoCreated instances are released in ECS');
    assert.ok(before.includes(world.ess.listInstances(group.scalingGroupId)[0]!.instanceId));
    assert.deepEqual(
      events.map((e) => e.event),
      [
        'AUTOSCALING:SCALE_OUT_START',
        'AUTOSCALING:SCALE_OUT_SUCCESS',
        'AUTOSCALING:SCALE_IN_START',
        'AUTOSCALING:SCALE_IN_SUCCESS',
      ],
    );
    assert.equal(
      events[3]!.content['cause'],
      'A user changed the Desired Capacity, changing the Total Capacity from "3" to "1".',
    );
    assert.deepEqual(
      world.ess.store.activities.map((a) => a.statusCode),
      ['Successful', 'Successful'],
    );
  });

  it('rejects a scale-out while ScaleOut is suspended, then scales once resumed', () => {
    // Prepare
    const { group } = activeGroup(1);
    clock.advance(LAUNCH_SECONDS);
    world.ess.suspendProcesses(group.scalingGroupId, ['ScaleOut', 'ScaleOut', 'HealthCheck']);

    // Act
    world.ess.modifyGroup(group.scalingGroupId, { desiredCapacity: 3 });
    const rejected = world.ess.store.activities.at(-1);
    world.ess.resumeProcesses(group.scalingGroupId, ['ScaleOut']);
    clock.advance(LAUNCH_SECONDS);

    // Assess
    assert.deepEqual(world.ess.getGroup(group.scalingGroupId).suspendedProcesses, ['HealthCheck']);
    assert.equal(rejected?.statusCode, 'Rejected');
    const reject = events.find((e) => e.event === 'AUTOSCALING:SCALE_REJECT');
    assert.equal(reject?.eventLevel, 'WARN');
    assert.equal(reject && 'instanceIds' in reject.content, false);
    assert.deepEqual(states(group.scalingGroupId), ['InService', 'InService', 'InService']);
  });

  it('refuses unknown process names', () => {
    // Prepare
    const { group } = activeGroup(0);

    // Act / Assess
    assert.equal(
      codeOf(() => world.ess.suspendProcesses(group.scalingGroupId, ['ScaleUp'])),
      'InvalidParameter',
    );
  });

  it('fails a scale-out through an injected fault with a CRITICAL SCALE_OUT_ERROR', () => {
    // Prepare
    const imageId = world.ecs.images.create({ imageName: 'f', available: true }).imageId;
    const group = world.ess.createGroup({ minSize: 0, maxSize: 5 });
    world.ess.createConfiguration({ scalingGroupId: group.scalingGroupId, imageId, instanceType: 'ecs.g7.large' });
    world.ess.notifications.create({
      scalingGroupId: group.scalingGroupId,
      notificationArn: `acs:mns:${REGION}:${ACCOUNT}:queue/events`,
      notificationTypes: ALL_EVENTS,
    });
    world.faults.configure({ scalingActivityFailures: [{ scalingGroupId: group.scalingGroupId, times: 1 }] });
    world.ess.enableGroup(group.scalingGroupId);

    // Act
    world.ess.modifyGroup(group.scalingGroupId, { desiredCapacity: 2 });
    clock.advance(60);

    // Assess
    const error = events.find((e) => e.event === 'AUTOSCALING:SCALE_OUT_ERROR');
    assert.equal(error?.eventLevel, 'CRITICAL');
    assert.equal(world.ess.store.activities[0]?.statusCode, 'Failed');
    assert.deepEqual(states(group.scalingGroupId), [], 'the retry waits for the cooldown');
    clock.advance(300);
    assert.deepEqual(
      states(group.scalingGroupId),
      ['InService', 'InService'],
      'after the cooldown the capacity is retried and succeeds',
    );
  });

  it('reports a partly failed scale-out and scale-in as Warning with SCALE_*_WARN, then makes up the difference', () => {
    // Prepare
    const { group } = activeGroup(0);
    const id = group.scalingGroupId;
    world.faults.configure({ scalingActivityFailures: [{ scalingGroupId: id, times: 2, partial: true }] });

    // Act
    world.ess.modifyGroup(id, { desiredCapacity: 3 });
    clock.advance(LAUNCH_SECONDS);
    const afterOut = states(id).length;
    world.ess.modifyGroup(id, { desiredCapacity: 0 });
    clock.advance(REMOVAL_SECONDS);
    const afterIn = states(id).length;
    clock.advance(300 + REMOVAL_SECONDS);

    // Assess
    assert.equal(afterOut, 2);
    assert.equal(afterIn, 1, 'all but one candidate removed');
    const warn = events.find((e) => e.event === 'AUTOSCALING:SCALE_OUT_WARN');
    assert.equal(warn?.eventLevel, 'WARN');
    assert.equal(warn?.content['expectNum'], 3);
    assert.equal((warn?.content['instanceIds'] as string[]).length, 2);
    assert.ok(events.some((e) => e.event === 'AUTOSCALING:SCALE_IN_WARN'));
    assert.deepEqual(
      world.ess.store.activities.slice(0, 2).map((a) => a.statusCode),
      ['Warning', 'Warning'],
    );
    assert.deepEqual(states(id), [], 'the retry after the cooldown removes the rest');
  });

  it("launches the configuration's current image after it is modified, and marks unhealthy images Unhealthy", () => {
    // Prepare
    const { group } = activeGroup(1);
    clock.advance(LAUNCH_SECONDS);
    const broken = world.ecs.images.create({ imageName: 'broken', available: true, bootsUnhealthy: true });
    const configId = world.ess.getGroup(group.scalingGroupId).activeScalingConfigurationId!;

    // Act
    world.ess.modifyScalingConfigurationImage(configId, broken.imageId);
    world.ess.modifyGroup(group.scalingGroupId, { desiredCapacity: 2 });
    clock.advance(LAUNCH_SECONDS);

    // Assess
    const members = world.ess.listInstances(group.scalingGroupId);
    const images = members.map((m) => world.ecs.getInstance(m.instanceId).imageId);
    assert.equal(images.filter((id) => id === broken.imageId).length, 1);
    assert.deepEqual(members.map((m) => m.healthStatus).sort(), ['Healthy', 'Unhealthy']);
  });

  it('moves instances to Standby and back, refuses it during an activity, and protects from scale-in', () => {
    // Prepare
    const { group } = activeGroup(2);
    const pendingIds = world.ess.listInstances(group.scalingGroupId).map((i) => i.instanceId);
    const duringActivity = codeOf(() => world.ess.enterStandby(group.scalingGroupId, pendingIds.slice(0, 1)));
    clock.advance(LAUNCH_SECONDS);
    const [a, b] = pendingIds as [string, string];

    // Act
    world.ess.enterStandby(group.scalingGroupId, [a]);
    world.ess.setProtection(group.scalingGroupId, [b], true);
    world.ess.modifyGroup(group.scalingGroupId, { minSize: 0, desiredCapacity: 0 });
    clock.advance(REMOVAL_SECONDS);
    const held = states(group.scalingGroupId).sort();
    world.ess.exitStandby(group.scalingGroupId, [a]);
    const afterExit = states(group.scalingGroupId).sort();
    clock.advance(REMOVAL_SECONDS);

    // Assess
    assert.equal(duringActivity, 'IncorrectScalingGroupStatus');
    assert.deepEqual(held, ['Protected', 'Standby'], 'scale-in never removes Standby or Protected instances');
    assert.deepEqual(
      afterExit,
      ['Protected', 'Removing'],
      'back in service, the instance is above the desired capacity',
    );
    assert.deepEqual(states(group.scalingGroupId), ['Protected']);
    assert.equal(
      codeOf(() => world.ess.enterStandby(group.scalingGroupId, ['i-unknown'])),
      'InvalidInstanceId.NotFound',
    );
  });

  it('validates notification configurations as ESS does', () => {
    // Prepare
    const { group } = activeGroup(0);
    const id = group.scalingGroupId;
    const create = (arn: string, types = ['AUTOSCALING:SCALE_OUT_SUCCESS']) =>
      codeOf(() =>
        world.ess.notifications.create({ scalingGroupId: id, notificationArn: arn, notificationTypes: types }),
      );

    // Act / Assess
    assert.equal(create(`acs:ess:${REGION}:${ACCOUNT}:topic/x`), 'InvalidNotificationArn');
    assert.equal(create(`acs:mns:cn-beijing:${ACCOUNT}:topic/x`), 'InvalidNotificationArn');
    assert.equal(
      create(`acs:mns:${REGION}:${ACCOUNT}:topic/x`, ['AUTOSCALING:SCALE_SIDEWAYS']),
      'InvalidNotificationTypes',
    );
    assert.equal(create(`acs:mns:${REGION}:${ACCOUNT}:queue/events`), 'NotificationConfigurationExist');
    assert.equal(create(`acs:ess:${REGION}:${ACCOUNT}:cloudmonitor`), undefined);
    for (const n of [1, 2, 3, 4]) assert.equal(create(`acs:mns:${REGION}:${ACCOUNT}:topic/t${n}`), undefined);
    assert.equal(
      create(`acs:mns:${REGION}:${ACCOUNT}:topic/t5`),
      'NotificationConfigurationQuotaExceed.ForScalingGroup',
    );
  });

  it('leaves the activity of a group force-deleted mid-launch Failed and silent', () => {
    // Prepare
    const { group } = activeGroup(2);
    const before = events.length;

    // Act
    world.ess.deleteGroup(group.scalingGroupId, true);
    clock.advance(LAUNCH_SECONDS);

    // Assess
    assert.equal(world.ess.store.activities[0]?.statusCode, 'Failed');
    assert.equal(events.length, before, 'no SUCCESS after the group is gone');
    assert.equal(world.ecs.listInstances().length, 0);
  });

  it('deletes a group with instances only when forced, releasing them', () => {
    // Prepare
    const { group } = activeGroup(2);
    clock.advance(LAUNCH_SECONDS);

    // Act
    const unforced = codeOf(() => world.ess.deleteGroup(group.scalingGroupId, false));
    world.ess.deleteGroup(group.scalingGroupId, true);

    // Assess
    assert.equal(unforced, 'ForbiddenDelete.InstanceExist');
    assert.equal(
      codeOf(() => world.ess.getGroup(group.scalingGroupId)),
      'InvalidScalingGroupId.NotFound',
    );
    assert.equal(world.ecs.listInstances().length, 0);
  });
});
