// The fleet's rolling-update history is read newest first and only as far back
// as a decision needs (read-history.ts): the calls stay flat as history grows,
// yet an unfinished execution of any age and a failure of any age of the
// revision a group would roll are still seen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reconcile } from '../../shared/controller/reconcile';
import { seedFleet } from '../../local/cloud/seed/fleet';
import {
  groupIdByName,
  localControllerPerTest,
  publishImage,
  startLocalController,
  type LocalController,
} from './local-deps';

const DAY_MS = 24 * 3600 * 1000;
const IMAGE_TEMPLATE = 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup';

function recordImageRollout(
  lc: LocalController,
  groupId: string,
  revision: string,
  status: 'Success' | 'Failed',
  startMs: number,
  attempt = 1,
): void {
  lc.cloud.world().oos.recordFinishedExecution({
    templateName: IMAGE_TEMPLATE,
    status,
    parameters: { invokeType: 'invoke', scalingGroupId: groupId, imageId: revision },
    tags: {
      scaling_group: groupId,
      'rollgate:kind': 'image',
      'rollgate:revision': revision,
      'rollgate:attempt': String(attempt),
    },
    startMs,
    endMs: startMs + 3600_000,
  });
}

function listExecutionsCalls(lc: LocalController): number {
  return lc.calls.get('oos:ListExecutions') ?? 0;
}

describe('fleet history read', () => {
  it('reads the same pages of history whether each group has 5 or 40 finished rollouts', async () => {
    const calls: number[] = [];
    for (const finishedRollouts of [5, 40]) {
      // Arrange: 12 managed groups on the newest app-base image, each with its history.
      const lc = await startLocalController({});
      try {
        seedFleet(lc.cloud.world(), {
          images: [{ name: 'app-base-1', family: 'app-base', ageDays: 400 }],
          groups: Array.from({ length: 12 }, (_, i) => ({
            name: `g-${i}`,
            instances: 2,
            imageFamily: 'app-base',
            tags: { 'rollgate:managed': 'true', 'rollgate:wave': 'prod' },
            finishedRollouts,
          })),
        });

        // Act
        const report = await reconcile(lc.deps, {});

        // Assess
        assert.equal(
          report.decisions.filter((d) => d.verdict === 'satisfied').length,
          12,
          JSON.stringify(report.decisions.filter((d) => d.verdict !== 'satisfied')),
        );
        calls.push(listExecutionsCalls(lc));
      } finally {
        await lc.close();
      }
    }
    // 60 executions are one page, the whole history: no other listing is needed. 480 are five pages; the twelve
    // newest are one, plus one listing per long-lived status.
    assert.deepEqual(calls, [1, 3]);
  });

  describe('on the demo fleet', () => {
    const lc = localControllerPerTest();

    it('still sees a rollout paused long before the newest success of its group, and starts nothing beside it', async () => {
      // Arrange: the canary's rollout pauses after its first batch and is left there.
      publishImage(lc(), 'app-base-2026.03.01');
      const canary = groupIdByName(lc(), 'web-canary');
      await reconcile(lc().deps, {});
      const world = lc().cloud.world();
      for (let i = 0; i < 720 && world.oos.executionsForGroup(canary)[0]?.status !== 'Waiting'; i++)
        lc().cloud.clock.advance(5);
      assert.equal(world.oos.executionsForGroup(canary)[0]?.status, 'Waiting');
      // A week later: 150 image rollouts someone ran on api-prod since, and one on every group, all newer than the pause.
      lc().cloud.clock.advance((7 * DAY_MS) / 1000);
      const now = lc().cloud.clock.now();
      const groups = ['web-canary', 'web-prod', 'api-prod'].map((name) => groupIdByName(lc(), name));
      for (let k = 0; k < 150; k++)
        recordImageRollout(lc(), groups[2]!, `m-other-${k}`, 'Success', now - 3 * DAY_MS + k * 60_000);
      for (const groupId of groups) recordImageRollout(lc(), groupId, `m-newer-${groupId}`, 'Success', now - DAY_MS);
      lc().calls.clear();

      // Act
      const report = await reconcile(lc().deps, {});

      // Assess
      assert.equal(report.decisions.find((d) => d.groupId === canary)?.reason, 'rollout-running');
      assert.deepEqual(
        report.outcomes.filter((o) => o.type === 'startRollout'),
        [],
      );
      assert.ok(
        listExecutionsCalls(lc()) <= 3,
        `the newest page settles every group: ${listExecutionsCalls(lc())} ListExecutions calls`,
      );
    });

    it('reads the whole history of a group it would roll, so failures older than its newest success still reject the revision', async () => {
      // Arrange: the new image failed twice on the canary (maxAttempts 2), then the canary was rolled
      // back to its image by hand; 150 rollouts on api-prod since push the failures off the newest page.
      const canary = groupIdByName(lc(), 'web-canary');
      const current = lc()
        .cloud.world()
        .ess.getScalingConfiguration(
          lc()
            .cloud.world()
            .ess.listGroups()
            .find((g) => g.scalingGroupId === canary)!.activeScalingConfigurationId!,
        ).imageId;
      lc().cloud.clock.advance((10 * DAY_MS) / 1000);
      const now = lc().cloud.clock.now();
      const imageId = publishImage(lc(), 'app-base-2026.03.01', 9 * DAY_MS);
      recordImageRollout(lc(), canary, imageId, 'Failed', now - 8 * DAY_MS, 1);
      recordImageRollout(lc(), canary, imageId, 'Failed', now - 8 * DAY_MS + 3600_000, 2);
      const apiProd = groupIdByName(lc(), 'api-prod');
      for (let k = 0; k < 150; k++)
        recordImageRollout(lc(), apiProd, `m-other-${k}`, 'Success', now - 5 * DAY_MS + k * 60_000);
      for (const name of ['web-canary', 'web-prod', 'api-prod']) {
        const groupId = groupIdByName(lc(), name);
        recordImageRollout(
          lc(),
          groupId,
          name === 'web-canary' ? current : `m-newer-${groupId}`,
          'Success',
          now - DAY_MS,
        );
      }

      // Act
      const report = await reconcile(lc().deps, {});

      // Assess
      assert.deepEqual(
        report.outcomes.filter((o) => o.type === 'startRollout'),
        [],
      );
      assert.equal(report.decisions.find((d) => d.groupId === canary)?.reason, 'attempts-exhausted');
      assert.ok(report.detailedGroupIds.includes(canary), 'the group it would roll was read in detail');
    });
  });
});
