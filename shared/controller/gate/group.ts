// What the gate reads about the group of a paused execution: its tags (the
// gate state lives there), suspended processes, active scaling configuration,
// and instances with the private addresses health probes connect to and
// the images they run.
import type { CloudClients, ScalingGroup, ScalingInstance } from '../../cloud/api';

export interface GroupView {
  group: ScalingGroup;
  instances: ScalingInstance[];
}

export async function readGroup(clients: CloudClients, groupId: string): Promise<GroupView | undefined> {
  const [groups, instances] = await Promise.all([
    clients.ess.describeScalingGroups({ scalingGroupIds: [groupId] }),
    clients.ess.listAllScalingInstances({ scalingGroupId: groupId }),
  ]);
  const group = groups.scalingGroups.find((g) => g.scalingGroupId === groupId);
  return group === undefined ? undefined : { group, instances };
}

/** What the gate needs of an instance from ECS: the address probes connect to, and the image it runs. */
export interface InstanceFacts {
  privateIp: string;
  imageId?: string;
}

/** ECS facts of instances (DescribeInstances takes at most 100 ids per call); unknown ones are missing. */
export async function instanceFacts(
  clients: CloudClients,
  instanceIds: readonly string[],
): Promise<Map<string, InstanceFacts>> {
  const facts = new Map<string, InstanceFacts>();
  const unique = [...new Set(instanceIds)].filter((id) => id !== '');
  for (let i = 0; i < unique.length; i += 100) {
    const page = await clients.ecs.listAllInstances({ instanceIds: unique.slice(i, i + 100) });
    for (const instance of page)
      facts.set(instance.instanceId, {
        privateIp: instance.privateIpAddress ?? '',
        ...(instance.imageId === undefined ? {} : { imageId: instance.imageId }),
      });
  }
  return facts;
}
