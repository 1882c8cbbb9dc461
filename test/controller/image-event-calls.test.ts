// An image event on a large fleet reads the first wave of the image's target
// (one tag), not the whole fleet: counted by the local cloud. The slots and the
// wave order stay the fleet's: a rollout running on a later wave's group holds
// its slot, and a first wave already in place lets the whole fleet be read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handleImageEvent } from '../../shared/controller/image-event';
import { campaignIdFor } from '../../shared/domain/rollout-request';
import { seedFleet } from '../../local/cloud/seed/fleet';
import { resetRequests, servedRequests } from '../../bench/lib/requests';
import { groupIdByName, rollingExecutions, startLocalController, type LocalController } from './local-deps';

const PROD_GROUPS = 120;
const DAY_MS = 24 * 3600_000;

function imageEvent(imageId: string): string {
  return JSON.stringify({
    name: 'Image:StateChange',
    product: 'ECS',
    regionId: 'cn-hangzhou',
    content: { imageId, currentState: 'Available' },
  });
}

/** Three canaries and 120 prod groups, the canaries on `canaryImage` (default: the fleet's image). */
async function fleet(canaryImage?: string): Promise<{ lc: LocalController; newImage: string }> {
  const lc = await startLocalController({});
  const seeded = seedFleet(lc.cloud.world(), {
    images: [
      { name: 'app-base-1', family: 'app-base', ageDays: 10 },
      ...(canaryImage === undefined ? [] : [{ name: canaryImage, family: 'app-base', ageDays: 0 }]),
    ],
    groups: [
      ...Array.from({ length: 3 }, (_, i) => ({
        name: `canary-${i}`,
        instances: 2,
        imageName: canaryImage ?? 'app-base-1',
        tags: { 'rollgate:managed': 'true', 'rollgate:wave': 'canary' },
      })),
      ...Array.from({ length: PROD_GROUPS }, (_, i) => ({
        name: `prod-${String(i).padStart(3, '0')}`,
        instances: 2,
        imageName: 'app-base-1',
        tags: { 'rollgate:managed': 'true', 'rollgate:wave': 'prod' },
      })),
    ],
  });
  const newImage =
    canaryImage === undefined
      ? lc.cloud.world().ecs.images.create({
          imageName: 'app-base-2',
          imageFamily: 'app-base',
          tags: {},
          available: true,
          bootsUnhealthy: false,
        }).imageId
      : (seeded.images[canaryImage] as string);
  lc.cloud.world().mns.ensureTopic('rollgate-events');
  return { lc, newImage };
}

describe('image event on a large fleet', () => {
  it('reads the first wave by its tag, and a rollout running on a prod group still holds one of the two slots', async () => {
    // Arrange: someone's rolling update runs on prod-050 (maxConcurrentGroups is 2).
    const { lc, newImage } = await fleet();
    try {
      const busy = groupIdByName(lc, 'prod-050');
      lc.cloud.world().oos.startExecution({
        templateName: 'ACS-ESS-RollingUpdateByRunCommandInScalingGroup',
        parameters: JSON.stringify({
          invokeType: 'invoke',
          scalingGroupId: busy,
          commandType: 'RunShellScript',
          invokeScript: 'echo hello',
          batchNumber: 2,
          batchPauseOption: 'EveryBatchPause',
        }),
        tags: JSON.stringify({ scaling_group: busy }),
      });
      await resetRequests(lc.cloud.url);

      // Act
      const outcome = await handleImageEvent(lc.deps, imageEvent(newImage));

      // Assess: one canary starts, the first by name; the groups and configurations cost a call each (and
      // one for the busy group by id), where the fleet's pages were three each.
      const served = await servedRequests(lc.cloud.url);
      assert.equal(outcome.kind, 'done');
      assert.equal(outcome.kind === 'done' && outcome.summary['started'], 1);
      const started = (await rollingExecutions(lc))
        .filter((e) => e.tags['rollgate:revision'] === newImage)
        .map((e) => e.tags['scaling_group']);
      assert.deepEqual(started, [groupIdByName(lc, 'canary-0')]);
      assert.equal(served.byAction['ess:DescribeScalingGroups'], 2, JSON.stringify(served.byAction));
      assert.equal(served.byAction['ess:DescribeScalingConfigurations'], 1, JSON.stringify(served.byAction));
    } finally {
      await lc.close();
    }
  });

  it('does not announce again a campaign that started outside the first wave', async () => {
    // Arrange: a month after the groups were created, the campaign of the new image went through two prod groups
    // ten days ago; the canaries rolled their current image a day ago, and 150 rollouts on other prod groups since
    // push the campaign's executions off the newest page, which settles the canaries.
    const { lc, newImage } = await fleet();
    try {
      lc.cloud.clock.advance((30 * DAY_MS) / 1000);
      const world = lc.cloud.world();
      const now = lc.cloud.clock.now();
      const campaignId = campaignIdFor('app', 'image', newImage);
      const oldImage = world.ess.getScalingConfiguration(
        world.ess.listGroups().find((g) => g.scalingGroupName === 'canary-0')!.activeScalingConfigurationId!,
      ).imageId;
      const record = (name: string, imageId: string, startMs: number, campaign?: string) => {
        const groupId = groupIdByName(lc, name);
        world.oos.recordFinishedExecution({
          templateName: 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup',
          status: 'Success',
          parameters: { invokeType: 'invoke', scalingGroupId: groupId, imageId },
          tags: {
            scaling_group: groupId,
            ...(campaign === undefined ? {} : { 'rollgate:campaign': campaign }),
            'rollgate:kind': 'image',
            'rollgate:revision': imageId,
            'rollgate:attempt': '1',
          },
          startMs,
          endMs: startMs + 3600_000,
        });
      };
      for (const name of ['prod-000', 'prod-001']) record(name, newImage, now - 10 * DAY_MS, campaignId);
      for (let k = 0; k < 150; k++)
        record(`prod-${String(10 + (k % 100)).padStart(3, '0')}`, oldImage, now - 3 * DAY_MS + k * 60_000);
      for (const name of ['canary-0', 'canary-1', 'canary-2']) record(name, oldImage, now - DAY_MS);
      await resetRequests(lc.cloud.url);

      // Act
      const outcome = await handleImageEvent(lc.deps, imageEvent(newImage));

      // Assess: two canaries start (two slots); campaign.started is not published a second time.
      const served = await servedRequests(lc.cloud.url);
      assert.equal(outcome.kind === 'done' && outcome.summary['started'], 2);
      const published = world.mns.history('rollgate-events').map((m) => (JSON.parse(m.body) as { type: string }).type);
      assert.deepEqual(
        published.filter((t) => t === 'campaign.started'),
        [],
      );
      assert.equal(published.filter((t) => t === 'rollout.started').length, 2);
      assert.equal(served.byAction['ess:DescribeScalingGroups'], 1, 'the first wave only');
    } finally {
      await lc.close();
    }
  });

  it('reads the whole fleet when the first wave already runs the image, and starts the next wave', async () => {
    // Arrange: the canaries run app-base-2 already (a repeated event).
    const { lc, newImage } = await fleet('app-base-2');
    try {
      // Act
      const outcome = await handleImageEvent(lc.deps, imageEvent(newImage));

      // Assess: the first two prod groups by name take the two slots.
      assert.equal(outcome.kind === 'done' && outcome.summary['started'], 2);
      const started = (await rollingExecutions(lc))
        .filter((e) => e.tags['rollgate:revision'] === newImage)
        .map((e) => e.tags['scaling_group'])
        .sort();
      assert.deepEqual(started, [groupIdByName(lc, 'prod-000'), groupIdByName(lc, 'prod-001')].sort());
    } finally {
      await lc.close();
    }
  });
});
