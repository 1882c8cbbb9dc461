// Second stage of a snapshot: instances and scaling activities, read only for
// the groups that need a decision (a handful per reconcile, not the fleet).
import type { CloudClients, ScalingGroup } from '../../cloud/api';
import type { InstanceSnapshot, ScalingActivitySnapshot } from '../../domain/snapshot';
import { toActivitySnapshot, toInstanceSnapshot } from './map';

export interface GroupDetail {
  instances: InstanceSnapshot[];
  scalingActivities: ScalingActivitySnapshot[];
}

/**
 * A scaling activity in progress shows in DescribeScalingGroups' capacity
 * fields first (instances pending or being removed, total not yet at
 * desired), so groups whose capacity is settled need no
 * DescribeScalingActivities call at all.
 */
export function capacityUnsettled(group: ScalingGroup): boolean {
  const moving = [
    group.pendingCapacity,
    group.pendingWaitCapacity,
    group.removingCapacity,
    group.removingWaitCapacity,
  ].some((n) => n !== undefined && n > 0);
  const offTarget =
    group.desiredCapacity !== undefined &&
    group.totalCapacity !== undefined &&
    group.desiredCapacity !== group.totalCapacity;
  return moving || offTarget;
}

/** The placeholder the first planning pass sees for a group whose capacity is moving. */
export function inferredActivity(group: ScalingGroup): ScalingActivitySnapshot {
  return {
    id: `inferred-${group.scalingGroupId}`,
    statusCode: 'InProgress',
    description: 'inferred from the group capacity',
  };
}

export async function readGroupDetail(clients: CloudClients, group: ScalingGroup): Promise<GroupDetail> {
  const [instances, activities] = await Promise.all([
    clients.ess.listAllScalingInstances({ scalingGroupId: group.scalingGroupId }),
    capacityUnsettled(group)
      ? clients.ess.listAllScalingActivities({ scalingGroupId: group.scalingGroupId, statusCode: 'InProgress' })
      : Promise.resolve([]),
  ]);
  return { instances: instances.map(toInstanceSnapshot), scalingActivities: activities.map(toActivitySnapshot) };
}
