// What the gate reads about the group of a paused execution: its tags (the
// gate state lives there), suspended processes, active scaling configuration,
// and instances with the private addresses health probes connect to.
import type { CloudClients, ScalingGroup, ScalingInstance } from '../../cloud/api';

export interface GroupView {
  group: ScalingGroup;
  instances: ScalingInstance[];
}

/** The group by id (its tags as they are now), or undefined when it is gone. */
async function describeGroup(clients: CloudClients, groupId: string): Promise<ScalingGroup | undefined> {
  const groups = await clients.ess.describeScalingGroups({ scalingGroupIds: [groupId] });
  return groups.scalingGroups.find((g) => g.scalingGroupId === groupId);
}

export async function readGroup(clients: CloudClients, groupId: string): Promise<GroupView | undefined> {
  const [group, instances] = await Promise.all([
    describeGroup(clients, groupId),
    clients.ess.listAllScalingInstances({ scalingGroupId: groupId }),
  ]);
  return group === undefined ? undefined : { group, instances };
}

/**
 * The group read again, its instances taken from `view` (read a moment before): what a lease's read-back needs is in
 * the group's tags (the lease, another gate's state); the instances read a moment before serve the check as before.
 */
export async function rereadGroupTags(clients: CloudClients, view: GroupView): Promise<GroupView | undefined> {
  const group = await describeGroup(clients, view.group.scalingGroupId);
  return group === undefined ? undefined : { group, instances: view.instances };
}

/**
 * Private IPs of instances (DescribeInstances takes at most 100 ids per call); unknown ones map to ''. With `known`
 * (a gate loop's memory), only instances not in it are read, and those read are added to it.
 */
export async function privateIps(
  clients: CloudClients,
  instanceIds: readonly string[],
  known?: Map<string, string>,
): Promise<Map<string, string>> {
  const ips = new Map<string, string>();
  const unique = [...new Set(instanceIds)].filter((id) => id !== '');
  const unknown = unique.filter((id) => {
    const ip = known?.get(id);
    if (ip !== undefined) ips.set(id, ip);
    return ip === undefined;
  });
  for (let i = 0; i < unknown.length; i += 100) {
    const page = await clients.ecs.listAllInstances({ instanceIds: unknown.slice(i, i + 100) });
    for (const instance of page) {
      const ip = instance.privateIpAddress ?? '';
      ips.set(instance.instanceId, ip);
      if (ip !== '') known?.set(instance.instanceId, ip);
    }
  }
  return ips;
}

/** The images instances run, read now (never from a loop's memory: a disk replacement changes them). */
export async function instanceImages(
  clients: CloudClients,
  instanceIds: readonly string[],
): Promise<Map<string, string>> {
  const images = new Map<string, string>();
  const unique = [...new Set(instanceIds)].filter((id) => id !== '');
  for (let i = 0; i < unique.length; i += 100) {
    const page = await clients.ecs.listAllInstances({ instanceIds: unique.slice(i, i + 100) });
    for (const instance of page) if (instance.imageId !== undefined) images.set(instance.instanceId, instance.imageId);
  }
  return images;
}
