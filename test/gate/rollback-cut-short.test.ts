// A gate turn that rolls back cut short by the runtime, right after its
// StartExecution or right after the source's cancel: the group never has two
// rolling updates at once, and the next turns finish what the cloud shows
// unfinished (start the rollback of a cancelled, rejected source; gate it),
// reporting the rejection once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runGateOnce, ROLLBACK_OF_TAG, type GateRunReport } from '../../shared/controller/gate/index';
import { GROUP_TAG, IMAGE_TAG_REJECTED } from '../../shared/domain/tags';
import type { RollgateEvent } from '../../shared/domain/events';
import { killableDeps } from '../chaos/killed-turn';
import { status } from '../../shared/operations/index';
import { startGateCloud, type GateCloud } from './gate-cloud';

for (const method of ['startExecution', 'cancelExecution'] as const)
  describe(`gate: a rollback cut short after its ${method}`, () => {
    let gc: GateCloud;
    let badImage: string;
    let events: RollgateEvent[];
    let statusesAfterCut: string[];
    let phaseAfterCut: string | undefined;

    before(async () => {
      // Prepare: the canary's first batch fails its gate; the turn that decides it is killed after StartExecution
      gc = await startGateCloud();
      badImage = gc.publishImage('app-v2-broken', true);
      await gc.reconcileOnce();
      let cut = false;
      for (let i = 0; i < 600 && !cut; i++) {
        gc.cloud.clock.advance(5);
        const turn = killableDeps(gc.deps, { method, nth: 1 });
        await runGateOnce(turn.deps).catch(() => undefined);
        cut = turn.killed();
      }
      assert.ok(cut, 'a gate turn started the rollback and was cut short');
      statusesAfterCut = gc
        .executions('web-canary')
        .map((e) => e.status)
        .sort();
      phaseAfterCut = (await status(gc.deps, 'web-canary')).groups[0]?.rollout?.phase;
      // Act: normal turns
      let last: GateRunReport | undefined;
      for (let i = 0; i < 600 && (last === undefined || last.active > 0); i++) last = await gc.gateTurn();
      events = gc.events();
    });
    after(() => gc.close());

    it('never leaves two rolling updates on the group', () => {
      assert.ok(
        statusesAfterCut.filter((s) => ['Waiting', 'Running', 'Queued', 'Started'].includes(s)).length <= 1,
        statusesAfterCut.join(','),
      );
    });

    it('status shows the group rolling back while the rollback is cut short, never a cancelled rollout', () => {
      assert.equal(phaseAfterCut, 'rolling back');
    });

    it('the next turns cancel the source and gate the rollback to success', () => {
      assert.deepEqual(
        gc
          .executions('web-canary')
          .map((e) => e.status)
          .sort(),
        ['Cancelled', 'Success'],
      );
      const rolledBack = events.filter((e) => e.type === 'rollout.rolled_back');
      assert.equal(new Set(rolledBack.map((e) => e.id)).size, 1, 'one rollout.rolled_back');
    });

    it('rejects the revision once and restores the group', async () => {
      assert.equal(
        new Set(events.filter((e) => e.type === 'revision.rejected').map((e) => e.id)).size,
        1,
        'one revision.rejected',
      );
      const world = gc.cloud.world();
      const canary = gc.groups['web-canary']!;
      assert.equal(world.ess.getGroup(canary.scalingGroupId).tags[GROUP_TAG.rejectedImage], badImage);
      const images = await gc.clients.ecs.describeImages({ imageIds: [badImage], status: ['ALL'] });
      assert.equal(images.images[0]?.tags[IMAGE_TAG_REJECTED], 'true');
      assert.equal(
        world.ess.getScalingConfiguration(canary.scalingConfigurationId).imageId,
        canary.imageId,
        'scaling configuration restored',
      );
      for (const id of canary.instanceIds)
        assert.equal(world.ecs.getInstance(id).imageId, canary.imageId, `${id} is on the old image`);
      assert.deepEqual(world.ess.getGroup(canary.scalingGroupId).suspendedProcesses, []);
      const source = gc.executions('web-canary').find((e) => e.status === 'Cancelled');
      const rollbacks = await gc.clients.oos.listAllExecutions({
        tags: { [ROLLBACK_OF_TAG]: source?.executionId ?? '' },
      });
      assert.equal(rollbacks.length, 1, 'exactly one rollback execution');
    });
  });
