// The three controller functions as deployed: bundles from s.yaml, run by the
// local runtime, triggered by MNS topics and the timer on the local cloud.
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { DEMO_EVENTS_TOPIC, DEMO_IMAGE_EVENTS_TOPIC } from '../../local/cloud/seed/demo';
import { buildOnce, groupId, rollingExecutions, startLocalSystem, type LocalSystem } from './local-system';

function newImage(system: LocalSystem, name: string): string {
  return system.cloud
    .world()
    .ecs.images.create({ imageName: name, imageFamily: 'app-base', tags: {}, available: true, bootsUnhealthy: false })
    .imageId;
}

describe('controller functions on the local runtime', { timeout: 120_000 }, () => {
  let system: LocalSystem | undefined;
  const sys = (): LocalSystem => {
    if (!system) throw new Error('no local system');
    return system;
  };
  beforeEach(async () => {
    await system?.close();
    await buildOnce();
    system = await startLocalSystem();
  });
  after(async () => {
    await system?.close();
  });

  it('image-events: the forwarded Image:StateChange starts the canary rollout at once', async () => {
    // Prepare
    const s = sys();
    // Act
    const imageId = newImage(s, 'app-base-2026.03.01');
    await s.deliver();
    // Assess
    const executions = await rollingExecutions(s);
    assert.deepEqual(
      executions.map((e) => [e.tags['scaling_group'], e.parameters['imageId']]),
      [[groupId(s, 'web-canary'), imageId]],
    );
    const delivery = s.cloud.world().mns.history(DEMO_IMAGE_EVENTS_TOPIC).at(-1)?.deliveries[0];
    assert.equal(delivery?.status, 'delivered', 'the function acknowledged the message');
    const gateRuns = s.cloud
      .world()
      .fc.invocations()
      .filter((i) => i.functionName === 'rollgate-gate');
    assert.deepEqual(
      gateRuns.map((i) => i.mode),
      ['Async'],
      'the gate loop was started with the rollout, not left to the timer',
    );
  });

  it('image-events: a repeated pipeline message and bad input start nothing more and are acknowledged', async () => {
    // Prepare
    const s = sys();
    const imageId = newImage(s, 'app-base-2026.03.01');
    await s.deliver();
    // Act
    for (const body of [
      JSON.stringify({ imageId }),
      JSON.stringify({ imageId }),
      '{not json',
      JSON.stringify({ imageId: 'm-doesnotexist0000000' }),
    ]) {
      await s.clients.mns.publishMessage({ topicName: DEMO_IMAGE_EVENTS_TOPIC, messageBody: body });
    }
    await s.deliver();
    // Assess
    assert.equal((await rollingExecutions(s)).length, 1);
    const last4 = s.cloud.world().mns.history(DEMO_IMAGE_EVENTS_TOPIC).slice(-4);
    assert.deepEqual(
      last4.map((m) => m.deliveries[0]?.status),
      ['delivered', 'delivered', 'delivered', 'delivered'],
      'bad input is acknowledged, never redelivered',
    );
  });

  it('scaling-events: SCALE_OUT_SUCCESS starts the rollout that waited for the activity, before the timer fires', async () => {
    // Prepare: a scale-out runs on the canary group when the image arrives
    const s = sys();
    const canary = groupId(s, 'web-canary');
    const firstTimerAt = s.cloud.clock.now() + 60_000;
    s.cloud.world().ess.modifyGroup(canary, { desiredCapacity: 3 });
    newImage(s, 'app-base-2026.03.01');
    await s.deliver();
    assert.equal((await rollingExecutions(s)).length, 0, 'the rollout waits for the scaling activity');
    // Act: the activity finishes (45 s), ESS notifies ess-events; the timer has not fired yet
    await s.advance(50);
    // Assess
    assert.ok(s.cloud.clock.now() < firstTimerAt);
    const notifications = s.cloud
      .world()
      .mns.history(DEMO_EVENTS_TOPIC)
      .map((m) => JSON.parse(m.body) as { event: string });
    assert.ok(notifications.some((n) => n.event === 'AUTOSCALING:SCALE_OUT_SUCCESS'));
    const executions = await rollingExecutions(s);
    assert.deepEqual(
      executions.map((e) => e.tags['scaling_group']),
      [canary],
    );
  });

  it('reconcile: the every-minute timer starts the rollout when the image event was lost', async () => {
    // Prepare: no event rule forwards image events
    const s = sys();
    await fetch(`${s.cloud.url}/_local/image-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topic: null }),
    });
    newImage(s, 'app-base-2026.03.01');
    await s.deliver();
    assert.equal((await rollingExecutions(s)).length, 0);
    // Act
    const started = await s.advanceUntil(65, async () => (await rollingExecutions(s)).length > 0);
    // Assess
    assert.ok(started, 'a rollout started after the timer fired');
    const executions = await rollingExecutions(s);
    assert.deepEqual(
      executions.map((e) => e.tags['scaling_group']),
      [groupId(s, 'web-canary')],
    );
  });
});
