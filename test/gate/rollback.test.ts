// An image that boots unhealthy: the canary's first batch fails its gate, the
// execution is rolled back (and the rollback gated), the scaling
// configuration points at the previous image again, the image is rejected on
// the group and on the image, and no other group ever gets it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLLBACK_OF_TAG, type GateRunReport } from '../../shared/controller/gate/index';
import { GROUP_TAG, IMAGE_TAG_REJECTED } from '../../shared/domain/tags';
import type { RollgateEvent } from '../../shared/domain/events';
import { startGateCloud, type GateCloud } from './gate-cloud';

describe('gate: unhealthy image rolls back after the first batch', () => {
  let gc: GateCloud;
  let reports: GateRunReport[];
  let badImage: string;
  let events: RollgateEvent[];

  before(async () => {
    // Prepare
    gc = await startGateCloud();
    badImage = gc.publishImage('app-v2-broken', true);
    await gc.reconcileOnce();
    // Act
    reports = [];
    let last: GateRunReport | undefined;
    for (let i = 0; i < 600 && (last === undefined || last.active > 0); i++) {
      last = await gc.gateTurn();
      reports.push(last);
    }
    events = gc.events();
  });
  after(() => gc.close());

  it('fails batch 1 of the canary with the measured reasons and starts a rollback', () => {
    // Assess
    const failed = reports.flatMap((r) => r.decisions).filter((d) => d.decision === 'failureAction');
    assert.equal(failed.length, 1, 'one failure decision');
    assert.equal(failed[0]?.pause, 'b1');
    assert.equal(failed[0]?.detail?.['action'], 'rollback');
    assert.equal(failed[0]?.result, 'done');
    assert.match(failed[0]?.reasons.join('\n') ?? '', /consecutive failed health checks/);
    assert.match(failed[0]?.reasons.join('\n') ?? '', /essHealth/, 'the health check reasons name the failing check');
    const batchFailed = events.find((e) => e.type === 'batch.failed');
    assert.ok(batchFailed, 'batch.failed published');
    assert.equal(batchFailed.detail['batch'], 1);
  });

  it('ends with every instance back on the previous image, InService, nothing suspended', () => {
    const world = gc.cloud.world();
    const canary = gc.groups['web-canary']!;
    for (const id of canary.instanceIds)
      assert.equal(world.ecs.getInstance(id).imageId, canary.imageId, `${id} is on the old image`);
    assert.deepEqual(
      world.ess.listInstances(canary.scalingGroupId).map((i) => i.lifecycleState),
      canary.instanceIds.map(() => 'InService'),
    );
    assert.equal(
      world.ess.getScalingConfiguration(canary.scalingConfigurationId).imageId,
      canary.imageId,
      'scaling configuration restored',
    );
    assert.deepEqual(world.ess.getGroup(canary.scalingGroupId).suspendedProcesses, []);
    const statuses = gc
      .executions('web-canary')
      .map((e) => e.status)
      .sort();
    assert.deepEqual(
      statuses,
      ['Cancelled', 'Success'],
      'the failed execution was cancelled by its rollback, which succeeded',
    );
  });

  it('gates the rollback and reports it rolled back', () => {
    const rollbackDecisions = reports.flatMap((r) => r.decisions).filter((d) => d.rollbackOf !== undefined);
    assert.ok(
      rollbackDecisions.some((d) => d.decision === 'done' && d.pause === 'final'),
      'the rollback baked after success',
    );
    const types = events.map((e) => e.type);
    for (const t of ['rollout.failed', 'revision.rejected', 'campaign.stopped', 'rollout.rolled_back'] as const)
      assert.ok(types.includes(t), `${t} published`);
    const failedEvent = events.find((e) => e.type === 'rollout.failed');
    assert.equal(failedEvent?.detail['action'], 'rollback');
  });

  it('rejects the image on the group and on the image', async () => {
    const world = gc.cloud.world();
    assert.equal(world.ess.getGroup(gc.groups['web-canary']!.scalingGroupId).tags[GROUP_TAG.rejectedImage], badImage);
    const images = await gc.clients.ecs.describeImages({ imageIds: [badImage], status: ['ALL'] });
    assert.equal(images.images[0]?.tags[IMAGE_TAG_REJECTED], 'true');
    const rollbacks = await gc.clients.oos.listAllExecutions({
      tags: {
        [ROLLBACK_OF_TAG]:
          reports.flatMap((r) => r.decisions).find((d) => d.decision === 'failureAction')?.executionId ?? '',
      },
    });
    assert.equal(rollbacks.length, 1, 'exactly one rollback execution');
  });

  it('never touches the other groups, and no reconcile retries the rejected image', async () => {
    assert.deepEqual(gc.executions('web-prod'), []);
    gc.cloud.clock.advance(600);
    const rec = await gc.reconcileOnce();
    assert.ok(!rec.outcomes.some((o) => o.type === 'startRollout'), 'nothing starts');
    const prod = rec.decisions.find((d) => d.groupId === gc.groups['web-prod']!.scalingGroupId);
    const canary = rec.decisions.find((d) => d.groupId === gc.groups['web-canary']!.scalingGroupId);
    assert.equal(prod?.reason, 'rejected-revision');
    assert.equal(canary?.reason, 'rejected-revision');
    const world = gc.cloud.world();
    for (const id of gc.groups['web-prod']!.instanceIds) assert.notEqual(world.ecs.getInstance(id).imageId, badImage);
  });
});

describe('gate: the final bake fails after the execution succeeded', () => {
  let gc: GateCloud;
  let decisions: GateRunReport['decisions'];

  before(async () => {
    // Prepare: a healthy image; once the execution has succeeded, an instance goes unhealthy during the final bake
    gc = await startGateCloud({ groups: [{ name: 'web-canary', instances: 2, wave: 'canary' }] });
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    const world = gc.cloud.world();
    decisions = [];
    for (let i = 0; i < 200 && !gc.executions('web-canary').some((e) => e.status === 'Success'); i++)
      decisions.push(...(await gc.gateTurn()).decisions);
    world.ecs.getInstance(gc.groups['web-canary']!.instanceIds[1]!).healthy = false;
    // Act
    let last: GateRunReport | undefined;
    for (let i = 0; i < 600 && (last === undefined || last.active > 0); i++) {
      last = await gc.gateTurn();
      decisions.push(...last.decisions);
    }
  });
  after(() => gc.close());

  it('rolls the whole execution back and restores the previous image', () => {
    // Assess
    const failed = decisions.find((d) => d.decision === 'failureAction');
    assert.equal(failed?.pause, 'final');
    assert.equal(failed?.detail?.['action'], 'rollback');
    const world = gc.cloud.world();
    const canary = gc.groups['web-canary']!;
    for (const id of canary.instanceIds) assert.equal(world.ecs.getInstance(id).imageId, canary.imageId);
    assert.equal(world.ess.getScalingConfiguration(canary.scalingConfigurationId).imageId, canary.imageId);
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status),
      ['Success', 'Success'],
      'the rolled-out execution and its rollback',
    );
  });
});
