// Wire shapes of ESS records. Views are built flat (the 2022-02-22 shape);
// `wrap` turns lists into 2014-08-28's `{"Singular":[…]}` objects.
import type { RegionWorld } from '../core/contracts';
import type { LocalEssModel, ScalingInstanceView } from './model';
import type { ActivityState, ConfigurationState, GroupState } from './records';

export type EssVersion = '2014-08-28' | '2022-02-22';

/** 2014-08-28 wraps every list in an object named by its singular. */
export function listOf<T>(version: EssVersion, singular: string, items: T[]): T[] | Record<string, T[]> {
  return version === '2014-08-28' ? { [singular]: items } : items;
}

/** `2014-08-14T10:58Z`: ESS prints most times to the minute. */
export function minuteTime(iso: string): string {
  return iso.replace(/:\d{2}(\.\d+)?Z$/, 'Z');
}

function msToMinute(world: RegionWorld, ms: number): string {
  return minuteTime(world.clock.iso(ms));
}

export function groupView(version: EssVersion, ess: LocalEssModel, group: GroupState): Record<string, unknown> {
  const members = ess.store.instancesOf(group.scalingGroupId);
  // One pass over the members for every state's count: a page of groups is served for each of a fleet's pages.
  const byState = new Map<string, number>();
  for (const m of members) byState.set(m.lifecycleState, (byState.get(m.lifecycleState) ?? 0) + 1);
  const count = (state: string) => byState.get(state) ?? 0;
  const total = ess.store.capacityOf(group.scalingGroupId);
  return {
    ScalingGroupId: group.scalingGroupId,
    ScalingGroupName: group.scalingGroupName,
    RegionId: group.regionId,
    LifecycleState: group.lifecycleState,
    ActiveScalingConfigurationId: group.activeScalingConfigurationId ?? '',
    MinSize: group.minSize,
    MaxSize: group.maxSize,
    ...(group.desiredCapacity !== undefined ? { DesiredCapacity: group.desiredCapacity } : {}),
    DefaultCooldown: group.defaultCooldown,
    TotalCapacity: total,
    TotalInstanceCount: members.length,
    ActiveCapacity: count('InService'),
    PendingCapacity: count('Pending'),
    PendingWaitCapacity: count('Pending:Wait'),
    RemovingCapacity: count('Removing'),
    RemovingWaitCapacity: count('Removing:Wait'),
    ProtectedCapacity: count('Protected'),
    StandbyCapacity: count('Standby'),
    StoppedCapacity: count('Stopped'),
    SuspendedProcesses: listOf(version, 'SuspendedProcess', [...group.suspendedProcesses]),
    HealthCheckType: group.healthCheckType,
    RemovalPolicies: listOf(version, 'RemovalPolicy', [...group.removalPolicies]),
    MultiAZPolicy: group.multiAZPolicy,
    ScalingPolicy: 'recycle',
    LoadBalancerIds: listOf(version, 'LoadBalancerId', []),
    DBInstanceIds: listOf(version, 'DBInstanceId', []),
    VSwitchId: group.vSwitchIds[0] ?? '',
    VSwitchIds: listOf(version, 'VSwitchId', [...group.vSwitchIds]),
    VpcId: group.vSwitchIds.length > 0 ? `vpc-local${group.regionId.replace(/[^a-z0-9]/g, '')}` : '',
    CreationTime: minuteTime(group.creationTime),
    ModificationTime: minuteTime(group.modificationTime),
    GroupDeletionProtection: group.groupDeletionProtection,
    GroupType: 'ECS',
    ...(version === '2022-02-22'
      ? {
          Tags: Object.entries(group.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue, Propagate: false })),
          SystemSuspended: false,
        }
      : {}),
  };
}

export function instanceView(version: EssVersion, member: ScalingInstanceView): Record<string, unknown> {
  return {
    InstanceId: member.instanceId,
    ScalingGroupId: member.scalingGroupId,
    ScalingConfigurationId: member.scalingConfigurationId ?? '',
    HealthStatus: member.healthStatus,
    LifecycleState: member.lifecycleState,
    CreationType: member.creationType,
    CreationTime: minuteTime(member.createdTime),
    CreatedTime: member.createdTime,
    ScalingActivityId: member.scalingActivityId ?? '',
    LoadBalancerWeight: member.lifecycleState === 'Standby' ? 0 : 50,
    Entrusted: member.creationType === 'AutoCreated',
    WarmupState: 'NoNeedWarmup',
    WeightedCapacity: 1,
    ZoneId: member.zoneId,
    ...(version === '2022-02-22' ? { ProtectedFromScaleIn: member.protectedFromScaleIn } : {}),
  };
}

export function activityView(world: RegionWorld, activity: ActivityState): Record<string, unknown> {
  const autoCreated = activity.kind === 'ScaleOut' ? activity.instanceIds.length : 0;
  return {
    ScalingActivityId: activity.scalingActivityId,
    ScalingGroupId: activity.scalingGroupId,
    Cause: activity.cause,
    Description: activity.description,
    StartTime: msToMinute(world, activity.startTimeMs),
    ...(activity.endTimeMs !== undefined ? { EndTime: msToMinute(world, activity.endTimeMs) } : {}),
    Progress: activity.progress,
    StatusCode: activity.statusCode,
    StatusMessage: activity.statusMessage,
    TotalCapacity: String(activity.totalCapacityAfter),
    AttachedCapacity: '0',
    AutoCreatedCapacity: String(autoCreated),
    ScalingInstanceNumber: activity.instanceIds.length,
    ActivityType: activity.kind === 'ScaleOut' ? 'ScaleOut' : 'ScaleIn',
  };
}

export function configurationView(
  version: EssVersion,
  world: RegionWorld,
  configuration: ConfigurationState,
): Record<string, unknown> {
  const image = world.ecs.getImage(configuration.imageId);
  const tags = Object.entries(configuration.tags).map(([Key, Value]) => ({ Key, Value }));
  return {
    ScalingConfigurationId: configuration.scalingConfigurationId,
    ScalingConfigurationName: configuration.scalingConfigurationName,
    ScalingGroupId: configuration.scalingGroupId,
    ImageId: configuration.imageId,
    ...(image?.imageFamily ? { ImageFamily: image.imageFamily } : {}),
    InstanceType: configuration.instanceType,
    InstanceTypes: listOf(version, 'InstanceType', [configuration.instanceType]),
    LifecycleState: configuration.lifecycleState,
    CreationTime: minuteTime(configuration.creationTime),
    SecurityGroupId: configuration.securityGroupId ?? '',
    KeyPairName: configuration.keyPairName ?? '',
    ...(configuration.userData ? { UserData: configuration.userData } : {}),
    SystemDiskCategory: 'cloud_essd',
    SystemDiskSize: 40,
    InternetChargeType: 'PayByTraffic',
    Tags: listOf(version, 'Tag', tags),
  };
}
