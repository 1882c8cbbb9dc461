import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reconcile } from '../../shared/controller/reconcile';
import { handleScalingEvent } from '../../shared/controller/scaling-event';
import {
  EVENTS_TOPIC,
  groupIdByName,
  publishImage,
  rollingExecutions,
  localControllerPerTest,
  type LocalController,
} from './local-deps';

const ESS_TOPIC = 'ess-events';

/** The ESS notifications the local cloud published for a group, oldest first. */
function notificationsOf(lc: LocalController, groupId: string): Array<{ event: string; body: string }> {
  return lc.cloud
    .world()
    .mns.history(ESS_TOPIC)
    .map((m) => ({ body: m.body, parsed: JSON.parse(m.body) as { event: string; resourceArn: string } }))
    .filter((m) => m.parsed.resourceArn.endsWith(`/${groupId}`))
    .map((m) => ({ event: m.parsed.event, body: m.body }));
}

describe('scaling events', () => {
  const controller = localControllerPerTest();

  it('a scaling activity delays the rollout, and its SCALE_OUT_SUCCESS starts it without waiting for the timer', async () => {
    // Prepare: a scale-out is in progress on the canary group when the new image arrives
    const c = controller();
    const canary = groupIdByName(c, 'web-canary');
    c.cloud.world().ess.modifyGroup(canary, { desiredCapacity: 3 });
    publishImage(c, 'app-base-2026.03.01');
    const delayed = await reconcile(c.deps, {});
    assert.equal(delayed.decisions.find((d) => d.groupId === canary)?.reason, 'scaling-activity');
    assert.equal((await rollingExecutions(c)).length, 0);
    c.cloud.clock.advance(120);
    await c.cloud.world().mns.idle();
    const success = notificationsOf(c, canary).find((n) => n.event === 'AUTOSCALING:SCALE_OUT_SUCCESS');
    assert.ok(success, 'the local cloud published SCALE_OUT_SUCCESS for the group');
    // Act
    const outcome = await handleScalingEvent(c.deps, success.body);
    // Assess
    assert.equal(outcome.kind, 'done');
    assert.equal(outcome.kind === 'done' && outcome.summary['meaning'], 'activity-finished');
    assert.equal(outcome.kind === 'done' && outcome.summary['started'], 1);
    const executions = await rollingExecutions(c);
    assert.deepEqual(
      executions.map((e) => e.tags['scaling_group']),
      [canary],
    );
  });

  it('records a failed scaling activity during a rollout as an event on the events topic', async () => {
    // Prepare: the canary's rollout is running
    const c = controller();
    const canary = groupIdByName(c, 'web-canary');
    publishImage(c, 'app-base-2026.03.01');
    await reconcile(c.deps, {});
    const [execution] = await rollingExecutions(c);
    const body = JSON.stringify({
      content: { cause: 'A user changed the Desired Capacity', scalingActivityId: 'asa-failed0001' },
      event: 'AUTOSCALING:SCALE_OUT_ERROR',
      eventLevel: 'CRITICAL',
      eventStatus: 'normal',
      product: 'ESS',
      regionId: 'cn-hangzhou',
      resourceArn: `acs:ess:cn-hangzhou:${c.cloud.accountId}:scalingGroup/${canary}`,
      userId: c.cloud.accountId,
    });
    // Act
    const outcome = await handleScalingEvent(c.deps, body);
    // Assess
    assert.equal(outcome.kind, 'done');
    const published = c.cloud
      .world()
      .mns.history(EVENTS_TOPIC)
      .map((m) => JSON.parse(m.body) as Record<string, unknown>);
    const recorded = published.find((e) => e['type'] === 'scaling.error_during_rollout');
    assert.ok(recorded, 'a scaling.error_during_rollout event was published');
    assert.equal(recorded['groupId'], canary);
    assert.equal(recorded['executionId'], execution?.executionId);
    assert.equal(outcome.kind === 'done' && outcome.summary['recordedEvent'], recorded['id']);
  });

  it('acknowledges malformed and unknown notifications as terminal', async () => {
    // Act
    const notJson = await handleScalingEvent(controller().deps, '{"event":');
    const unknownType = await handleScalingEvent(
      controller().deps,
      JSON.stringify({ event: 'AUTOSCALING:SOMETHING_NEW', resourceArn: 'acs:ess:cn-hangzhou:1:scalingGroup/asg-1' }),
    );
    const badArn = await handleScalingEvent(
      controller().deps,
      JSON.stringify({ event: 'AUTOSCALING:SCALE_OUT_SUCCESS', resourceArn: 'asg-1' }),
    );
    // Assess
    assert.deepEqual([notJson.kind, unknownType.kind, badArn.kind], ['terminal', 'terminal', 'terminal']);
    assert.match(badArn.kind === 'terminal' ? badArn.error.message : '', /resourceArn/);
  });
});
