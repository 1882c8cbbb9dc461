// Scaling activities: bring a group's capacity to its target (DesiredCapacity,
// else within MinSize..MaxSize), one activity at a time, launching instances
// from the active configuration's CURRENT image and notifying as ESS does.
import type { RegionWorld } from '../core/contracts';
import type { NotificationCenter } from './notifications';
import type { ActivityState, ConfigurationState, GroupState } from './records';
import type { EssStore } from './store';

/** Simulated seconds from launch to InService. */
export const LAUNCH_SECONDS = 45;
/** Simulated seconds from Removing to gone. */
export const REMOVAL_SECONDS = 20;
/** Simulated seconds before a failing activity reports its failure. */
export const FAILURE_SECONDS = 10;

const ZONE_SUFFIXES = ['h', 'i', 'j'];

export interface ScalingTrigger {
  /** What a user changed (`the Desired Capacity`, `the MinSize`, …); undefined for maintenance. */
  userChange?: string;
}

export class ScalingEngine {
  /** Cause of the next activity per group, set by user changes. */
  private readonly pendingChange = new Map<string, string>();
  private readonly retryScheduled = new Set<string>();

  constructor(
    private readonly world: RegionWorld,
    private readonly store: EssStore,
    private readonly notifications: NotificationCenter,
  ) {}

  /** The capacity the group should have now. */
  targetCapacity(group: GroupState): number {
    if (group.desiredCapacity !== undefined) return group.desiredCapacity;
    return Math.min(group.maxSize, Math.max(group.minSize, this.store.capacityOf(group.scalingGroupId)));
  }

  /** Starts the activity the group needs, if any and if none is running. */
  reconcile(scalingGroupId: string, trigger: ScalingTrigger = {}): void {
    if (trigger.userChange) this.pendingChange.set(scalingGroupId, trigger.userChange);
    const group = this.store.groups.get(scalingGroupId);
    if (!group || group.lifecycleState !== 'Active') return;
    if (this.store.activityInProgress(scalingGroupId)) return;
    const current = this.store.capacityOf(scalingGroupId);
    const target = this.targetCapacity(group);
    if (target === current) {
      this.pendingChange.delete(scalingGroupId);
      return;
    }
    const kind = target > current ? 'ScaleOut' : 'ScaleIn';
    const change = this.pendingChange.get(scalingGroupId);
    this.pendingChange.delete(scalingGroupId);
    const cause = change
      ? `A user changed ${change}, changing the Total Capacity from "${current}" to "${target}".`
      : `Maintaining the expected capacity, changing the Total Capacity from "${current}" to "${target}".`;
    if (group.suspendedProcesses.includes(kind)) {
      // Only a user's change is answered with a rejection; maintenance just waits for ResumeProcesses.
      if (change) this.reject(group, kind, cause, current);
      return;
    }
    if (kind === 'ScaleOut') this.scaleOut(group, target - current, cause, current);
    else this.scaleIn(group, current - target, cause, current);
  }

  private newActivity(
    group: GroupState,
    kind: 'ScaleOut' | 'ScaleIn',
    cause: string,
    expectNum: number,
    totalAfter: number,
  ): ActivityState {
    const activity: ActivityState = {
      scalingActivityId: this.world.newId('asa-'),
      scalingGroupId: group.scalingGroupId,
      kind,
      cause,
      description: kind === 'ScaleOut' ? `Add "${expectNum}" ECS instances` : `Remove "${expectNum}" ECS instances`,
      startTimeMs: this.world.clock.now(),
      statusCode: 'InProgress',
      statusMessage: '',
      progress: 0,
      expectNum,
      instanceIds: [],
      totalCapacityAfter: totalAfter,
      requestId: this.world.newId('INNER_', 25),
    };
    this.store.activities.push(activity);
    return activity;
  }

  private finish(activity: ActivityState, status: ActivityState['statusCode'], message: string): void {
    activity.statusCode = status;
    activity.statusMessage = message;
    activity.progress = 100;
    activity.endTimeMs = this.world.clock.now();
  }

  private reject(group: GroupState, kind: 'ScaleOut' | 'ScaleIn', cause: string, current: number): void {
    const activity = this.newActivity(group, kind, cause, 0, current);
    activity.description = `The scaling activity is rejected because the ${kind} process is suspended`;
    this.finish(activity, 'Rejected', `The ${kind} process of the scaling group is suspended.`);
    this.notifications.publish('AUTOSCALING:SCALE_REJECT', activity);
  }

  private scaleOut(group: GroupState, count: number, cause: string, current: number): void {
    const activity = this.newActivity(group, 'ScaleOut', cause, count, current + count);
    this.notifications.publish('AUTOSCALING:SCALE_OUT_START', activity);
    const configuration = group.activeScalingConfigurationId
      ? this.store.configurations.get(group.activeScalingConfigurationId)
      : undefined;
    const image = configuration ? this.world.ecs.getImage(configuration.imageId) : undefined;
    const fault =
      configuration && image?.status === 'Available' ? this.faultOf(group.scalingGroupId, 'ScaleOut') : undefined;
    const failure = !configuration
      ? 'The scaling group has no active scaling configuration.'
      : !image || image.status !== 'Available'
        ? `The image "${configuration.imageId}" of the scaling configuration is not available.`
        : fault === 'fail' || (fault === 'partial' && count === 1)
          ? 'Failed to create ECS instances (injected fault).'
          : undefined;
    if (failure !== undefined || !configuration) {
      this.world.clock.schedule(
        FAILURE_SECONDS,
        () => {
          if (this.ended(activity)) return;
          activity.totalCapacityAfter = this.store.capacityOf(group.scalingGroupId);
          activity.description = `Fail to add "${count}" ECS instances`;
          this.finish(activity, 'Failed', failure ?? '');
          this.notifications.publish('AUTOSCALING:SCALE_OUT_ERROR', activity);
          this.retryLater(group);
        },
        `activity ${activity.scalingActivityId} fails`,
      );
      return;
    }
    // A partial fault: every instance but one is created.
    const launched = fault === 'partial' ? count - 1 : count;
    this.launchInstances(group, configuration, activity, launched);
    this.world.clock.schedule(
      LAUNCH_SECONDS,
      () => {
        if (this.ended(activity)) return;
        for (const instanceId of activity.instanceIds) {
          const member = this.store.instances.get(instanceId);
          const ecsInstance = this.world.ecs.findInstance(instanceId);
          if (!member || !ecsInstance) continue;
          this.world.ecs.setStatus(instanceId, 'Running');
          if (member.lifecycleState === 'Pending') member.lifecycleState = 'InService';
        }
        activity.totalCapacityAfter = this.store.capacityOf(group.scalingGroupId);
        activity.description = `"${activity.instanceIds.length}" ECS instances are added`;
        if (launched < count) {
          this.finish(
            activity,
            'Warning',
            `Failed to create "${count - launched}" of "${count}" ECS instances (injected fault).`,
          );
          this.notifications.publish('AUTOSCALING:SCALE_OUT_WARN', activity);
          this.retryLater(group);
          return;
        }
        this.finish(activity, 'Successful', '');
        this.notifications.publish('AUTOSCALING:SCALE_OUT_SUCCESS', activity);
        this.reconcile(group.scalingGroupId);
      },
      `activity ${activity.scalingActivityId} launched`,
    );
  }

  private launchInstances(
    group: GroupState,
    configuration: ConfigurationState,
    activity: ActivityState,
    count: number,
  ): void {
    const startIndex = this.store.instancesOf(group.scalingGroupId).length;
    for (let n = 0; n < count; n++) {
      const zoneId = `${this.world.regionId}-${ZONE_SUFFIXES[(startIndex + n) % ZONE_SUFFIXES.length]}`;
      const ecsInstance = this.world.ecs.createInstance({
        imageId: configuration.imageId,
        instanceType: configuration.instanceType,
        zoneId,
        name: `ESS-asg-${group.scalingGroupName}`,
        tags: {
          'acs:autoscaling:scalingGroupId': group.scalingGroupId,
          'acs:autoscaling:scalingConfigurationId': configuration.scalingConfigurationId,
        },
      });
      this.store.instances.set(ecsInstance.instanceId, {
        instanceId: ecsInstance.instanceId,
        scalingGroupId: group.scalingGroupId,
        scalingConfigurationId: configuration.scalingConfigurationId,
        lifecycleState: 'Pending',
        creationType: 'AutoCreated',
        createdTime: this.world.clock.iso(),
        scalingActivityId: activity.scalingActivityId,
        zoneId,
      });
      activity.instanceIds.push(ecsInstance.instanceId);
    }
  }

  private scaleIn(group: GroupState, count: number, cause: string, current: number): void {
    const candidates = this.removalCandidates(group).slice(0, count);
    if (candidates.length === 0) return;
    const activity = this.newActivity(group, 'ScaleIn', cause, candidates.length, current - candidates.length);
    this.notifications.publish('AUTOSCALING:SCALE_IN_START', activity);
    const fault = this.faultOf(group.scalingGroupId, 'ScaleIn');
    if (fault === 'fail' || (fault === 'partial' && candidates.length === 1)) {
      this.world.clock.schedule(
        FAILURE_SECONDS,
        () => {
          if (this.ended(activity)) return;
          activity.totalCapacityAfter = this.store.capacityOf(group.scalingGroupId);
          activity.description = `Fail to remove "${candidates.length}" ECS instances`;
          this.finish(activity, 'Failed', 'Failed to remove ECS instances (injected fault).');
          this.notifications.publish('AUTOSCALING:SCALE_IN_ERROR', activity);
          this.retryLater(group);
        },
        `activity ${activity.scalingActivityId} fails`,
      );
      return;
    }
    // A partial fault: every instance but the last is removed; that one stays InService.
    const removed = fault === 'partial' ? candidates.slice(0, -1) : candidates;
    for (const member of removed) {
      member.lifecycleState = 'Removing';
      activity.instanceIds.push(member.instanceId);
    }
    this.world.clock.schedule(
      REMOVAL_SECONDS,
      () => {
        if (this.ended(activity)) return;
        for (const member of removed) {
          this.store.instances.delete(member.instanceId);
          if (member.creationType === 'AutoCreated' && this.world.ecs.findInstance(member.instanceId)) {
            this.world.ecs.deleteInstance(member.instanceId);
          }
        }
        activity.totalCapacityAfter = this.store.capacityOf(group.scalingGroupId);
        activity.description = `"${removed.length}" ECS instances are removed`;
        if (removed.length < candidates.length) {
          this.finish(
            activity,
            'Warning',
            `Failed to remove "${candidates.length - removed.length}" of "${candidates.length}" ECS instances (injected fault).`,
          );
          this.notifications.publish('AUTOSCALING:SCALE_IN_WARN', activity);
          this.retryLater(group);
          return;
        }
        this.finish(activity, 'Successful', '');
        this.notifications.publish('AUTOSCALING:SCALE_IN_SUCCESS', activity);
        this.reconcile(group.scalingGroupId);
      },
      `activity ${activity.scalingActivityId} removed`,
    );
  }

  /** Launches the missing capacity immediately (seeding), recording a finished activity. */
  launchSettled(group: GroupState, startedAtMs: number): string[] {
    const current = this.store.capacityOf(group.scalingGroupId);
    const target = this.targetCapacity(group);
    const configuration = group.activeScalingConfigurationId
      ? this.store.configurations.get(group.activeScalingConfigurationId)
      : undefined;
    if (target <= current || !configuration) return [];
    const count = target - current;
    const cause = `A user changed the Desired Capacity, changing the Total Capacity from "${current}" to "${target}".`;
    const activity = this.newActivity(group, 'ScaleOut', cause, count, target);
    activity.startTimeMs = startedAtMs;
    this.launchInstances(group, configuration, activity, count);
    for (const instanceId of activity.instanceIds) {
      this.world.ecs.setStatus(instanceId, 'Running');
      const member = this.store.instances.get(instanceId);
      if (member) member.lifecycleState = 'InService';
    }
    activity.description = `"${count}" ECS instances are added`;
    this.finish(activity, 'Successful', '');
    activity.endTimeMs = startedAtMs + LAUNCH_SECONDS * 1000;
    return [...activity.instanceIds];
  }

  /** OldestScalingConfiguration, then OldestInstance; only InService instances (never Protected/Standby). */
  private removalCandidates(group: GroupState) {
    return this.store
      .instancesOf(group.scalingGroupId)
      .filter((i) => i.lifecycleState === 'InService')
      .sort((a, b) => {
        const aOld = a.scalingConfigurationId !== group.activeScalingConfigurationId ? 0 : 1;
        const bOld = b.scalingConfigurationId !== group.activeScalingConfigurationId ? 0 : 1;
        return aOld - bOld || a.createdTime.localeCompare(b.createdTime) || a.instanceId.localeCompare(b.instanceId);
      });
  }

  /** A group deleted meanwhile has ended its activities already; nothing is left to finish. */
  private ended(activity: ActivityState): boolean {
    return activity.statusCode !== 'InProgress' || !this.store.groups.has(activity.scalingGroupId);
  }

  /** Fault models that only know whole failures (the contract's older method) still work. */
  private faultOf(scalingGroupId: string, kind: 'ScaleOut' | 'ScaleIn'): 'fail' | 'partial' | undefined {
    const faults = this.world.faults;
    if (faults.takeScalingActivityFault) return faults.takeScalingActivityFault(scalingGroupId, kind);
    return faults.takeScalingActivityFailure(scalingGroupId, kind) ? 'fail' : undefined;
  }

  /** After a failed activity, try again once the group's cooldown has passed. */
  private retryLater(group: GroupState): void {
    if (this.retryScheduled.has(group.scalingGroupId)) return;
    this.retryScheduled.add(group.scalingGroupId);
    this.world.clock.schedule(
      group.defaultCooldown,
      () => {
        this.retryScheduled.delete(group.scalingGroupId);
        this.reconcile(group.scalingGroupId);
      },
      `group ${group.scalingGroupId} retries its capacity`,
    );
  }
}
