// A scale-out in the instant an image rollout starts: the template lists the
// instances before it suspends scaling, so the instance launched in between
// (from the old configuration) is never updated. The final bake finds it off
// the image and the next reconcile starts one follow-up rollout, after which
// every instance runs the image and nothing starts again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RollgateEvent } from '../../shared/domain/events';
import { startGateCloud, type GateCloud } from './gate-cloud';

describe('gate: a scale-out as the rollout starts', () => {
  let gc: GateCloud;
  let imageId: string;
  let events: RollgateEvent[];
  let quietReconciles = 0;

  before(async () => {
    // Prepare
    gc = await startGateCloud({ groups: [{ name: 'web-canary', instances: 2, wave: 'canary' }] });
    const world = gc.cloud.world();
    const group = gc.groups['web-canary']!;
    imageId = gc.publishImage('app-v2');
    const rec = await gc.reconcileOnce();
    assert.ok(rec.outcomes.some((o) => o.type === 'startRollout' && o.result === 'started'));
    world.ess.modifyGroup(group.scalingGroupId, { desiredCapacity: 3 });
    // Act: the gate every 5 s, a reconcile every minute, until three reconciles in a row start nothing.
    for (let s = 5; s <= 3600 && quietReconciles < 3; s += 5) {
      await gc.gateTurn();
      if (s % 60 !== 0) continue;
      const report = await gc.reconcileOnce();
      const started = report.outcomes.some((o) => o.type === 'startRollout');
      const active = gc.executions('web-canary').some((e) => !['Success', 'Failed', 'Cancelled'].includes(e.status));
      quietReconciles = started || active ? 0 : quietReconciles + 1;
    }
    events = gc.events();
  });
  after(() => gc.close());

  it('ends with every instance, the launched one included, on the new image', () => {
    // Assess
    const world = gc.cloud.world();
    const instances = world.ess.listInstances(gc.groups['web-canary']!.scalingGroupId);
    assert.equal(instances.length, 3);
    for (const i of instances) assert.equal(world.ecs.getInstance(i.instanceId).imageId, imageId, i.instanceId);
    assert.equal(quietReconciles, 3, 'the group settles');
  });

  it('rolls out once more, and only once', () => {
    const executions = gc.executions('web-canary');
    assert.deepEqual(
      executions.map((e) => e.status),
      ['Success', 'Success'],
    );
    const succeeded = events.filter((e) => e.type === 'rollout.succeeded');
    assert.equal(new Set(succeeded.map((e) => e.id)).size, 2);
    const first = succeeded.find((e) => e.executionId === executions[0]?.executionId);
    assert.equal((first?.detail?.['behind'] as unknown[] | undefined)?.length, 1, 'the first names the missed one');
    const second = succeeded.find((e) => e.executionId === executions[1]?.executionId);
    assert.equal(second?.detail?.['behind'], undefined);
  });
});
