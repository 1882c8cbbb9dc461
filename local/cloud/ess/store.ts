// The plain data of ESS in one world, shared by the model and the scaling engine.
import type { ActivityState, ConfigurationState, GroupState, ScalingInstanceState } from './records';

/**
 * Instances by id, with an index by group kept on every set/delete, so a
 * group's members are found without scanning the region (a 50,000-instance
 * fleet is listed 50 groups a page). Iteration order per group is insertion
 * order, as a filtered scan of the whole map would give.
 */
class InstanceMap extends Map<string, ScalingInstanceState> {
  private readonly byGroup = new Map<string, Map<string, ScalingInstanceState>>();

  override set(instanceId: string, instance: ScalingInstanceState): this {
    const previous = super.get(instanceId);
    if (previous && previous.scalingGroupId !== instance.scalingGroupId)
      this.byGroup.get(previous.scalingGroupId)?.delete(instanceId);
    super.set(instanceId, instance);
    // The constructor of Map calls set before the index field exists.
    if (this.byGroup === undefined) return this;
    let members = this.byGroup.get(instance.scalingGroupId);
    if (!members) this.byGroup.set(instance.scalingGroupId, (members = new Map()));
    members.set(instanceId, instance);
    return this;
  }

  override delete(instanceId: string): boolean {
    const previous = super.get(instanceId);
    if (previous) this.byGroup.get(previous.scalingGroupId)?.delete(instanceId);
    return super.delete(instanceId);
  }

  override clear(): void {
    this.byGroup.clear();
    super.clear();
  }

  membersOf(scalingGroupId: string): ScalingInstanceState[] {
    const members = this.byGroup.get(scalingGroupId);
    return members ? [...members.values()] : [];
  }
}

export class EssStore {
  readonly groups = new Map<string, GroupState>();
  readonly configurations = new Map<string, ConfigurationState>();
  /** Keyed by ECS instance id: an instance belongs to at most one group. */
  readonly instances = new InstanceMap();
  /** In start order. */
  readonly activities: ActivityState[] = [];

  instancesOf(scalingGroupId: string): ScalingInstanceState[] {
    return this.instances.membersOf(scalingGroupId);
  }

  /** Instances that count toward capacity: all but those being removed. */
  capacityOf(scalingGroupId: string): number {
    return this.instancesOf(scalingGroupId).filter((i) => !i.lifecycleState.startsWith('Removing')).length;
  }

  activityInProgress(scalingGroupId: string): ActivityState | undefined {
    return this.activities.find((a) => a.scalingGroupId === scalingGroupId && a.statusCode === 'InProgress');
  }
}
