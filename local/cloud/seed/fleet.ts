// A fleet described as data (images, topics, scaling groups) and the function
// that builds it in one world: images Available, groups Active and InService
// on the current image of their family, notifications wired to MNS.
import * as z from 'zod';
import type { LocalRegionWorld } from '../core/world';
import { NOTIFICATION_TYPES } from '../ess/records';

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;

export const FleetSpecSchema = z.object({
  images: z
    .array(
      z.object({
        name: z.string().min(1),
        family: z.string().min(1).optional(),
        version: z.string().optional(),
        tags: z.record(z.string(), z.string()).default({}),
        unhealthy: z.boolean().default(false),
        /** How long ago the image was built; the newest of a family is its current image. */
        ageDays: z.number().nonnegative().default(0),
      }),
    )
    .default([]),
  topics: z.array(z.string().min(1)).default([]),
  /** Topic receiving ECS Image:StateChange events of new custom images (a CloudMonitor event rule's job). */
  imageEventsTopic: z.string().min(1).optional(),
  queues: z.array(z.string().min(1)).default([]),
  groups: z
    .array(
      z.object({
        name: z.string().min(1),
        instances: z.number().int().min(0).max(100),
        minSize: z.number().int().min(0).optional(),
        maxSize: z.number().int().min(0).optional(),
        /** Family whose newest image the group runs, or an image name. */
        imageFamily: z.string().optional(),
        imageName: z.string().optional(),
        instanceType: z.string().default('ecs.g7.large'),
        tags: z.record(z.string(), z.string()).default({}),
        /** MNS topic receiving every ESS event of the group. */
        notificationTopic: z.string().optional(),
        vSwitchIds: z.array(z.string()).default([]),
        /**
         * Image rollouts that ended before seeding, one a week apart, the newest
         * a week ago and of the group's image (the older ones of images since deleted).
         */
        finishedRollouts: z.number().int().min(0).max(200).default(0),
      }),
    )
    .default([]),
});
export type FleetSpec = z.input<typeof FleetSpecSchema>;

export interface SeededFleet {
  images: Record<string, string>;
  groups: Record<
    string,
    { scalingGroupId: string; scalingConfigurationId: string; imageId: string; instanceIds: string[] }
  >;
}

export function seedFleet(world: LocalRegionWorld, input: FleetSpec): SeededFleet {
  const spec = FleetSpecSchema.parse(input);
  const now = world.clock.now();
  const seeded: SeededFleet = { images: {}, groups: {} };

  const created = spec.images.map((image) => {
    const record = world.ecs.images.create({
      imageName: image.name,
      ...(image.family ? { imageFamily: image.family } : {}),
      ...(image.version ? { imageVersion: image.version } : {}),
      tags: image.tags,
      available: true,
      bootsUnhealthy: image.unhealthy,
      createdAtMs: now - image.ageDays * DAY_MS,
    });
    seeded.images[image.name] = record.imageId;
    return { spec: image, record };
  });
  const newestOfFamily = (family: string) =>
    created.filter((c) => c.spec.family === family).sort((a, b) => a.spec.ageDays - b.spec.ageDays)[0]?.record.imageId;

  for (const topic of spec.topics) world.mns.ensureTopic(topic);
  // After the fleet's own images, so only images published later are announced.
  if (spec.imageEventsTopic) world.ecs.imageEvents.forwardTo(spec.imageEventsTopic);
  for (const queue of spec.queues) world.mns.ensureQueue(queue);

  for (const group of spec.groups) {
    const imageId = group.imageName
      ? seeded.images[group.imageName]
      : group.imageFamily
        ? newestOfFamily(group.imageFamily)
        : undefined;
    if (!imageId)
      throw new Error(`seed: group "${group.name}" names no image of this fleet (imageFamily or imageName)`);
    const minSize = group.minSize ?? group.instances;
    const maxSize = group.maxSize ?? Math.max(group.instances * 2, minSize, 1);
    const record = world.ess.createGroup({
      scalingGroupName: group.name,
      minSize,
      maxSize,
      desiredCapacity: group.instances,
      vSwitchIds: group.vSwitchIds,
      tags: group.tags,
    });
    const configuration = world.ess.createConfiguration({
      scalingGroupId: record.scalingGroupId,
      imageId,
      instanceType: group.instanceType,
      scalingConfigurationName: `${group.name}-config`,
    });
    if (group.notificationTopic) {
      world.mns.ensureTopic(group.notificationTopic);
      world.ess.notifications.create({
        scalingGroupId: record.scalingGroupId,
        notificationArn: `acs:mns:${world.regionId}:${world.accountId}:topic/${group.notificationTopic}`,
        notificationTypes: [...NOTIFICATION_TYPES],
      });
    }
    // Enabled a day ago: the capacity is history, not a live scale-out.
    const instanceIds = world.ess.enableWithRunningCapacity(record.scalingGroupId, now - DAY_MS);
    if (group.finishedRollouts > 0) {
      // A group's history starts after the group: created a day before its oldest rollout.
      record.creationTime = new Date(now - group.finishedRollouts * WEEK_MS - DAY_MS).toISOString();
      recordRolloutHistory(
        world,
        record.scalingGroupId,
        configuration.scalingConfigurationId,
        imageId,
        group.finishedRollouts,
        now,
      );
    }
    seeded.groups[group.name] = {
      scalingGroupId: record.scalingGroupId,
      scalingConfigurationId: configuration.scalingConfigurationId,
      imageId,
      instanceIds,
    };
  }
  return seeded;
}

function recordRolloutHistory(
  world: LocalRegionWorld,
  scalingGroupId: string,
  scalingConfigurationId: string,
  imageId: string,
  count: number,
  now: number,
): void {
  for (let k = count; k >= 1; k--) {
    const revision = k === 1 ? imageId : `m-retired-${String(k).padStart(3, '0')}`;
    const startMs = now - k * WEEK_MS;
    world.oos.recordFinishedExecution({
      templateName: 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup',
      status: 'Success',
      parameters: {
        invokeType: 'invoke',
        scalingGroupId,
        scalingConfigurationId,
        imageId: revision,
        batchNumber: 2,
        batchPauseOption: 'EveryBatchPause',
      },
      tags: {
        scaling_group: scalingGroupId,
        'rollgate:kind': 'image',
        'rollgate:revision': revision,
        'rollgate:attempt': '1',
      },
      startMs,
      endMs: startMs + 30 * 60 * 1000,
    });
  }
}
