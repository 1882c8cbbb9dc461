// The plain data of ESS in one world, shared by the model and the scaling engine.
import type { ActivityState, ConfigurationState, GroupState, ScalingInstanceState } from './records';

export class EssStore {
  readonly groups = new Map<string, GroupState>();
  readonly configurations = new Map<string, ConfigurationState>();
  /** Keyed by ECS instance id: an instance belongs to at most one group. */
  readonly instances = new Map<string, ScalingInstanceState>();
  /** In start order. */
  readonly activities: ActivityState[] = [];

  instancesOf(scalingGroupId: string): ScalingInstanceState[] {
    return [...this.instances.values()].filter((i) => i.scalingGroupId === scalingGroupId);
  }

  /** Instances that count toward capacity: all but those being removed. */
  capacityOf(scalingGroupId: string): number {
    return this.instancesOf(scalingGroupId).filter((i) => !i.lifecycleState.startsWith('Removing')).length;
  }

  activityInProgress(scalingGroupId: string): ActivityState | undefined {
    return this.activities.find((a) => a.scalingGroupId === scalingGroupId && a.statusCode === 'InProgress');
  }
}
