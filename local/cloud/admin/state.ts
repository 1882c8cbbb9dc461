// Compact views of the whole local cloud for GET /_local/state and
// GET /_local/instances/{id}: what a person debugging a run wants to see.
import type { LocalCloud } from '../core/cloud';
import type { LocalRegionWorld } from '../core/world';

export function cloudState(cloud: LocalCloud): Record<string, unknown> {
  return {
    clock: clockState(cloud),
    accountId: cloud.defaultAccountId,
    regionId: cloud.defaultRegionId,
    worlds: cloud.worlds.all().map(worldState),
  };
}

export function clockState(cloud: LocalCloud): Record<string, unknown> {
  return {
    now: cloud.clock.now(),
    iso: cloud.clock.iso(),
    nextDueIn: cloud.clock.nextDueIn() ?? null,
    pendingTasks: cloud.clock.pending().length,
  };
}

function worldState(world: LocalRegionWorld): Record<string, unknown> {
  const ess = world.ess;
  return {
    accountId: world.accountId,
    regionId: world.regionId,
    images: world.ecs.images
      .list()
      .filter((i) => i.ownerAlias === 'self')
      .map((i) => ({
        imageId: i.imageId,
        name: i.imageName,
        family: i.imageFamily ?? null,
        status: i.status,
        unhealthy: i.bootsUnhealthy,
        tags: i.tags,
      })),
    groups: ess.listGroups().map((g) => ({
      scalingGroupId: g.scalingGroupId,
      name: g.scalingGroupName,
      state: g.lifecycleState,
      min: g.minSize,
      max: g.maxSize,
      desired: g.desiredCapacity ?? null,
      imageId: g.activeScalingConfigurationId
        ? ess.getScalingConfiguration(g.activeScalingConfigurationId).imageId
        : null,
      suspended: g.suspendedProcesses,
      tags: g.tags,
      instances: ess.listInstances(g.scalingGroupId).map((m) => {
        const ecs = world.ecs.findInstance(m.instanceId);
        return {
          instanceId: m.instanceId,
          lifecycle: m.lifecycleState,
          health: m.healthStatus,
          status: ecs?.status ?? null,
          imageId: ecs?.imageId ?? null,
          ip: ecs?.privateIp ?? null,
        };
      }),
      activities: ess.store.activities
        .filter((a) => a.scalingGroupId === g.scalingGroupId)
        .slice(-5)
        .map((a) => ({ id: a.scalingActivityId, kind: a.kind, status: a.statusCode, instances: a.instanceIds.length })),
      notifications: ess.notifications.forGroup(g.scalingGroupId).map((n) => n.notificationArn),
      executions: world.oos.executionsForGroup(g.scalingGroupId),
    })),
    standaloneInstances: world.ecs
      .listInstances()
      .filter((i) => !ess.store.instances.has(i.instanceId))
      .map((i) => ({ instanceId: i.instanceId, status: i.status, imageId: i.imageId })),
    notificationDeliveries: ess.notifications.deliveries.slice(-20),
    faults: world.faults.snapshot(),
  };
}

export function instanceState(world: LocalRegionWorld, instanceId: string): Record<string, unknown> | undefined {
  const instance = world.ecs.findInstance(instanceId);
  if (!instance) return undefined;
  const member = world.ess.store.instances.get(instanceId);
  const image = world.ecs.images.find(instance.imageId);
  return {
    instanceId,
    name: instance.instanceName,
    status: instance.status,
    privateIp: instance.privateIp,
    imageId: instance.imageId,
    imageName: image?.imageName ?? null,
    imageFamily: image?.imageFamily ?? null,
    healthy: instance.healthy,
    systemDiskId: instance.systemDiskId,
    tags: instance.tags,
    commandsRun: instance.commandsRun,
    packages: instance.packages,
    scaling: member
      ? {
          scalingGroupId: member.scalingGroupId,
          lifecycleState: member.lifecycleState,
          scalingConfigurationId: member.scalingConfigurationId ?? null,
          updateFails: world.faults.instanceUpdateFails(instanceId),
        }
      : null,
  };
}
