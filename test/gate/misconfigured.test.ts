// A first batch whose every instance refuses the health check's connection
// while ESS and ECS call them healthy is a probable rollgate setup problem
// (health check outside the VPC, wrong port): held with gate.misconfigured,
// not rolled back, and the image is not rejected. An image that answers but
// is unhealthy is still rolled back.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RollgateEvent } from '../../shared/domain/events';
import { GROUP_TAG, IMAGE_TAG_REJECTED } from '../../shared/domain/tags';
import { startGateCloud, type GateCloud } from './gate-cloud';

async function turnsUntilIdle(gc: GateCloud, max = 400): Promise<void> {
  for (let i = 0; i < max; i++) {
    // Listeners follow instances restarted by the rollout (the probe service syncs on a real-time timer otherwise).
    await gc.cloud.probes.sync();
    const report = await gc.gateTurn();
    if (report.active === 0) return;
  }
}

describe('gate: probable misconfiguration', () => {
  let gc: GateCloud;
  let imageId: string;
  let events: RollgateEvent[];

  before(async () => {
    // Prepare: the HTTP check's port has no listener on any instance; the image itself is healthy.
    gc = await startGateCloud({
      gate: { checks: { essHealth: true, ecsRunning: true, http: { port: 1, timeoutMs: 500 } } },
    });
    imageId = gc.publishImage('app-v2');
    await gc.reconcileOnce();
    // Act
    await turnsUntilIdle(gc);
    events = gc.events();
  });
  after(() => gc.close());

  it('reports gate.misconfigured for the first batch, naming the network failure', () => {
    // Assess
    const misconfigured = events.filter((e) => e.type === 'gate.misconfigured');
    assert.equal(misconfigured.length, 1);
    assert.equal(misconfigured[0]?.groupId, gc.groups['web-canary']?.scalingGroupId);
    assert.equal(misconfigured[0]?.detail['network'], 'refused');
    assert.equal(misconfigured[0]?.detail['batch'], 1);
    assert.match(misconfigured[0]?.message ?? '', /VPC/);
    assert.ok(!events.some((e) => e.type === 'batch.failed'), 'not reported as a failed batch of the revision');
  });

  it('holds the rollout instead of rolling it back', () => {
    // Assess
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status),
      ['Waiting'],
    );
    assert.equal(events.filter((e) => e.type === 'rollout.held').length, 1);
    assert.ok(!events.some((e) => e.type === 'rollout.failed' || e.type === 'campaign.stopped'));
  });

  it('does not reject the image, on the group or fleet-wide', () => {
    // Assess
    const world = gc.cloud.world();
    assert.ok(!events.some((e) => e.type === 'revision.rejected'));
    assert.equal(world.ecs.images.find(imageId)?.tags[IMAGE_TAG_REJECTED], undefined);
    const group = world.ess.listGroups().find((g) => g.scalingGroupName === 'web-canary');
    assert.equal(group?.tags[GROUP_TAG.rejectedImage], undefined);
  });
});

describe('gate: an image that answers unhealthy is still rolled back', () => {
  let gc: GateCloud;
  let imageId: string;
  let events: RollgateEvent[];

  before(async () => {
    // Prepare: probes on the port the check uses; the image boots unhealthy (HTTP 503).
    gc = await startGateCloud({ httpProbes: true });
    imageId = gc.publishImage('app-v2-broken', true);
    await gc.reconcileOnce();
    // Act
    await turnsUntilIdle(gc);
    events = gc.events();
  });
  after(() => gc.close());

  it('rolls back and rejects the image', () => {
    // Assess
    assert.ok(!events.some((e) => e.type === 'gate.misconfigured'));
    assert.ok(events.some((e) => e.type === 'batch.failed'));
    assert.ok(events.some((e) => e.type === 'revision.rejected'));
    assert.equal(gc.cloud.world().ecs.images.find(imageId)?.tags[IMAGE_TAG_REJECTED], 'true');
  });
});
