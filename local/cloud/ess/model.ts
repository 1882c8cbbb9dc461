// ESS state and rules for one world: groups, configurations, member
// instances, processes, standby/protection and tags. Scaling activities are
// in scaling.ts, notifications in notifications.ts. No HTTP here.
import {
  ApiError,
  SCALING_PROCESSES,
  type EssModel,
  type RegionWorld,
  type ScalingInstanceRecord,
  type ScalingProcess,
} from '../core/contracts';
import { invalidParameter } from '../core/errors';
import {
  configurationNotFound,
  forbiddenDeleteInstanceExist,
  groupNameDuplicate,
  groupNotFound,
  incorrectGroupStatus,
  incorrectInstanceStatus,
  instanceNotInGroup,
  quotaExceededTags,
} from './errors';
import { NotificationCenter } from './notifications';
import type { ConfigurationState, GroupState, ScalingInstanceState } from './records';
import { ScalingEngine } from './scaling';
import { EssStore } from './store';

const MAX_TAGS_PER_GROUP = 20;

export interface CreateGroupInput {
  scalingGroupName?: string;
  minSize: number;
  maxSize: number;
  desiredCapacity?: number;
  vSwitchIds?: string[];
  defaultCooldown?: number;
  removalPolicies?: string[];
  healthCheckType?: 'ECS' | 'NONE';
  multiAZPolicy?: string;
  tags?: Record<string, string>;
}

export interface CreateConfigurationInput {
  scalingGroupId: string;
  imageId: string;
  instanceType: string;
  scalingConfigurationName?: string;
  securityGroupId?: string;
  keyPairName?: string;
  userData?: string;
  tags?: Record<string, string>;
}

export interface ModifyGroupInput {
  scalingGroupName?: string;
  minSize?: number;
  maxSize?: number;
  desiredCapacity?: number;
  activeScalingConfigurationId?: string;
  defaultCooldown?: number;
  removalPolicies?: string[];
}

export interface ScalingInstanceView extends ScalingInstanceRecord {
  scalingActivityId?: string;
  zoneId: string;
  protectedFromScaleIn: boolean;
}

export class LocalEssModel implements EssModel {
  readonly store = new EssStore();
  readonly notifications: NotificationCenter;
  readonly scaling: ScalingEngine;

  constructor(private readonly world: RegionWorld) {
    this.notifications = new NotificationCenter(world);
    this.scaling = new ScalingEngine(world, this.store, this.notifications);
  }

  // ------------------------------------------------------------ groups
  createGroup(input: CreateGroupInput): GroupState {
    checkSizes(input.minSize, input.maxSize, input.desiredCapacity);
    const name = input.scalingGroupName;
    if (name !== undefined && [...this.store.groups.values()].some((g) => g.scalingGroupName === name))
      throw groupNameDuplicate(name);
    const scalingGroupId = this.world.newId('asg-');
    const now = this.world.clock.iso();
    const group: GroupState = {
      scalingGroupId,
      scalingGroupName: name ?? scalingGroupId,
      lifecycleState: 'Inactive',
      minSize: input.minSize,
      maxSize: input.maxSize,
      ...(input.desiredCapacity !== undefined ? { desiredCapacity: input.desiredCapacity } : {}),
      suspendedProcesses: [],
      tags: {},
      creationTime: now,
      regionId: this.world.regionId,
      vSwitchIds: input.vSwitchIds ?? [],
      defaultCooldown: input.defaultCooldown ?? 300,
      healthCheckType: input.healthCheckType ?? 'ECS',
      removalPolicies: input.removalPolicies ?? ['OldestScalingConfiguration', 'OldestInstance'],
      multiAZPolicy: input.multiAZPolicy ?? 'PRIORITY',
      modificationTime: now,
      groupDeletionProtection: false,
    };
    this.store.groups.set(scalingGroupId, group);
    if (input.tags) this.tagGroup(scalingGroupId, input.tags);
    return group;
  }

  getGroup(scalingGroupId: string): GroupState {
    const group = this.store.groups.get(scalingGroupId);
    if (!group) throw groupNotFound(scalingGroupId);
    return group;
  }

  listGroups(): GroupState[] {
    return [...this.store.groups.values()];
  }

  enableGroup(scalingGroupId: string, scalingConfigurationId?: string): void {
    const group = this.getGroup(scalingGroupId);
    if (scalingConfigurationId !== undefined) this.activateConfiguration(group, scalingConfigurationId);
    if (!group.activeScalingConfigurationId) {
      throw incorrectGroupStatus('The scaling group has no active scaling configuration; pass ScalingConfigurationId.');
    }
    if (group.lifecycleState === 'Active') return;
    group.lifecycleState = 'Active';
    group.modificationTime = this.world.clock.iso();
    this.scaling.reconcile(scalingGroupId, { userChange: 'the state of the scaling group to Active' });
  }

  disableGroup(scalingGroupId: string): void {
    const group = this.getGroup(scalingGroupId);
    if (this.store.activityInProgress(scalingGroupId)) throw incorrectGroupStatus('A scaling activity is in progress.');
    group.lifecycleState = 'Inactive';
  }

  modifyGroup(scalingGroupId: string, input: ModifyGroupInput): void {
    const group = this.getGroup(scalingGroupId);
    const minSize = input.minSize ?? group.minSize;
    const maxSize = input.maxSize ?? group.maxSize;
    let desired = input.desiredCapacity ?? group.desiredCapacity;
    // A new MinSize/MaxSize carries a previously set DesiredCapacity along with it.
    if (input.desiredCapacity === undefined && desired !== undefined)
      desired = Math.min(maxSize, Math.max(minSize, desired));
    checkSizes(minSize, maxSize, desired);
    if (input.scalingGroupName !== undefined && input.scalingGroupName !== group.scalingGroupName) {
      if ([...this.store.groups.values()].some((g) => g.scalingGroupName === input.scalingGroupName))
        throw groupNameDuplicate(input.scalingGroupName);
      group.scalingGroupName = input.scalingGroupName;
    }
    if (input.activeScalingConfigurationId !== undefined)
      this.activateConfiguration(group, input.activeScalingConfigurationId);
    if (input.defaultCooldown !== undefined) group.defaultCooldown = input.defaultCooldown;
    if (input.removalPolicies !== undefined) group.removalPolicies = input.removalPolicies;
    const change =
      input.desiredCapacity !== undefined && input.desiredCapacity !== group.desiredCapacity
        ? 'the Desired Capacity'
        : minSize !== group.minSize
          ? 'the MinSize'
          : maxSize !== group.maxSize
            ? 'the MaxSize'
            : undefined;
    group.minSize = minSize;
    group.maxSize = maxSize;
    if (desired === undefined) delete group.desiredCapacity;
    else group.desiredCapacity = desired;
    group.modificationTime = this.world.clock.iso();
    this.scaling.reconcile(scalingGroupId, change ? { userChange: change } : {});
  }

  deleteGroup(scalingGroupId: string, forceDelete: boolean): void {
    const group = this.getGroup(scalingGroupId);
    const members = this.store.instancesOf(scalingGroupId);
    if (members.length > 0 && !forceDelete) throw forbiddenDeleteInstanceExist(scalingGroupId);
    if (!forceDelete && this.store.activityInProgress(scalingGroupId))
      throw incorrectGroupStatus('A scaling activity is in progress.');
    group.lifecycleState = 'Deleting';
    for (const member of members) {
      this.store.instances.delete(member.instanceId);
      if (member.creationType === 'AutoCreated' && this.world.ecs.findInstance(member.instanceId))
        this.world.ecs.deleteInstance(member.instanceId);
    }
    for (const activity of this.store.activities) {
      if (activity.scalingGroupId === scalingGroupId && activity.statusCode === 'InProgress') {
        activity.statusCode = 'Failed';
        activity.statusMessage = 'The scaling group was deleted.';
        activity.endTimeMs = this.world.clock.now();
      }
    }
    for (const [id, configuration] of this.store.configurations) {
      if (configuration.scalingGroupId === scalingGroupId) this.store.configurations.delete(id);
    }
    this.notifications.removeGroup(scalingGroupId);
    this.store.groups.delete(scalingGroupId);
  }

  activityInProgress(scalingGroupId: string): boolean {
    this.getGroup(scalingGroupId);
    return this.store.activityInProgress(scalingGroupId) !== undefined;
  }

  /**
   * Seeding: enables the group and gives it its target capacity at once,
   * InService and Running, with a Successful activity in its history, as if
   * it had been running for a while. No notifications are sent (it happened
   * in the past).
   */
  enableWithRunningCapacity(scalingGroupId: string, startedAtMs?: number): string[] {
    const group = this.getGroup(scalingGroupId);
    if (!group.activeScalingConfigurationId)
      throw incorrectGroupStatus('The scaling group has no active scaling configuration.');
    group.lifecycleState = 'Active';
    return this.scaling.launchSettled(group, startedAtMs ?? this.world.clock.now());
  }

  // ------------------------------------------------------------ processes
  suspendProcesses(scalingGroupId: string, processes: readonly string[]): void {
    const group = this.getGroup(scalingGroupId);
    for (const process of checkProcesses(processes)) {
      if (!group.suspendedProcesses.includes(process)) group.suspendedProcesses.push(process);
    }
  }

  resumeProcesses(scalingGroupId: string, processes: readonly string[]): void {
    const group = this.getGroup(scalingGroupId);
    const resumed = checkProcesses(processes);
    group.suspendedProcesses = group.suspendedProcesses.filter((p) => !resumed.includes(p));
    // Capacity changes held back while scaling was suspended happen now.
    this.scaling.reconcile(scalingGroupId);
  }

  // ------------------------------------------------------------ configurations
  createConfiguration(input: CreateConfigurationInput): ConfigurationState {
    const group = this.getGroup(input.scalingGroupId);
    if (!this.world.ecs.getImage(input.imageId)) throw invalidImage(input.imageId);
    const scalingConfigurationId = this.world.newId('asc-');
    const configuration: ConfigurationState = {
      scalingConfigurationId,
      scalingConfigurationName: input.scalingConfigurationName ?? scalingConfigurationId,
      scalingGroupId: group.scalingGroupId,
      imageId: input.imageId,
      instanceType: input.instanceType,
      lifecycleState: 'Inactive',
      creationTime: this.world.clock.iso(),
      ...(input.securityGroupId ? { securityGroupId: input.securityGroupId } : {}),
      ...(input.keyPairName ? { keyPairName: input.keyPairName } : {}),
      ...(input.userData ? { userData: input.userData } : {}),
      tags: { ...(input.tags ?? {}) },
    };
    this.store.configurations.set(scalingConfigurationId, configuration);
    // The first configuration of a group becomes its active one.
    if (!group.activeScalingConfigurationId) this.activateConfiguration(group, scalingConfigurationId);
    return configuration;
  }

  getScalingConfiguration(scalingConfigurationId: string): ConfigurationState {
    const configuration = this.store.configurations.get(scalingConfigurationId);
    if (!configuration) throw configurationNotFound(scalingConfigurationId);
    return configuration;
  }

  listConfigurations(): ConfigurationState[] {
    return [...this.store.configurations.values()];
  }

  modifyConfiguration(
    scalingConfigurationId: string,
    changes: { imageId?: string; instanceType?: string; scalingConfigurationName?: string; userData?: string },
  ): void {
    const configuration = this.getScalingConfiguration(scalingConfigurationId);
    if (changes.imageId !== undefined) {
      if (!this.world.ecs.getImage(changes.imageId)) throw invalidImage(changes.imageId);
      configuration.imageId = changes.imageId;
    }
    if (changes.instanceType !== undefined) configuration.instanceType = changes.instanceType;
    if (changes.scalingConfigurationName !== undefined)
      configuration.scalingConfigurationName = changes.scalingConfigurationName;
    if (changes.userData !== undefined) configuration.userData = changes.userData;
  }

  modifyScalingConfigurationImage(scalingConfigurationId: string, imageId: string): void {
    this.modifyConfiguration(scalingConfigurationId, { imageId });
  }

  deleteConfiguration(scalingConfigurationId: string): void {
    const configuration = this.getScalingConfiguration(scalingConfigurationId);
    if (configuration.lifecycleState === 'Active')
      throw incorrectGroupStatus('The active scaling configuration cannot be deleted.');
    this.store.configurations.delete(scalingConfigurationId);
  }

  private activateConfiguration(group: GroupState, scalingConfigurationId: string): void {
    const configuration = this.getScalingConfiguration(scalingConfigurationId);
    if (configuration.scalingGroupId !== group.scalingGroupId) throw configurationNotFound(scalingConfigurationId);
    const previous =
      group.activeScalingConfigurationId && this.store.configurations.get(group.activeScalingConfigurationId);
    if (previous) previous.lifecycleState = 'Inactive';
    configuration.lifecycleState = 'Active';
    group.activeScalingConfigurationId = scalingConfigurationId;
  }

  // ------------------------------------------------------------ instances
  listInstances(
    scalingGroupId: string,
    filter: { lifecycleStates?: string[]; creationTypes?: string[] } = {},
  ): ScalingInstanceView[] {
    this.getGroup(scalingGroupId);
    return this.store
      .instancesOf(scalingGroupId)
      .filter((i) => !filter.lifecycleStates?.length || filter.lifecycleStates.includes(i.lifecycleState))
      .filter((i) => !filter.creationTypes?.length || filter.creationTypes.includes(i.creationType))
      .map((i) => this.view(i));
  }

  /** Every member instance of the world (DescribeScalingInstances without a group). */
  allInstances(): ScalingInstanceView[] {
    return [...this.store.instances.values()].map((i) => this.view(i));
  }

  enterStandby(scalingGroupId: string, instanceIds: readonly string[]): void {
    this.getGroup(scalingGroupId);
    if (this.store.activityInProgress(scalingGroupId)) throw incorrectGroupStatus('A scaling activity is in progress.');
    const members = instanceIds.map((id) => this.member(scalingGroupId, id));
    for (const member of members) {
      if (member.lifecycleState !== 'InService' && member.lifecycleState !== 'Standby') {
        throw incorrectInstanceStatus(member.instanceId, member.lifecycleState);
      }
    }
    for (const member of members) member.lifecycleState = 'Standby';
  }

  exitStandby(scalingGroupId: string, instanceIds: readonly string[]): void {
    this.getGroup(scalingGroupId);
    if (this.store.activityInProgress(scalingGroupId)) throw incorrectGroupStatus('A scaling activity is in progress.');
    const members = instanceIds.map((id) => this.member(scalingGroupId, id));
    for (const member of members) {
      if (member.lifecycleState !== 'Standby' && member.lifecycleState !== 'InService') {
        throw incorrectInstanceStatus(member.instanceId, member.lifecycleState);
      }
    }
    for (const member of members) member.lifecycleState = 'InService';
    // Back in service, the instance counts for scale-in again (a lowered capacity applies to it now).
    this.scaling.reconcile(scalingGroupId);
  }

  setProtection(scalingGroupId: string, instanceIds: readonly string[], protectedFromScaleIn: boolean): void {
    this.getGroup(scalingGroupId);
    const members = instanceIds.map((id) => this.member(scalingGroupId, id));
    const from = protectedFromScaleIn ? 'InService' : 'Protected';
    const to = protectedFromScaleIn ? 'Protected' : 'InService';
    for (const member of members) {
      if (member.lifecycleState !== from && member.lifecycleState !== to)
        throw incorrectInstanceStatus(member.instanceId, member.lifecycleState);
    }
    for (const member of members) member.lifecycleState = to;
  }

  // ------------------------------------------------------------ tags
  tagGroup(scalingGroupId: string, tags: Record<string, string>): void {
    const group = this.getGroup(scalingGroupId);
    const merged = { ...group.tags, ...tags };
    if (Object.keys(merged).length > MAX_TAGS_PER_GROUP) throw quotaExceededTags();
    group.tags = merged;
  }

  untagGroup(scalingGroupId: string, keys: readonly string[] | 'all'): void {
    const group = this.getGroup(scalingGroupId);
    if (keys === 'all') group.tags = {};
    else for (const key of keys) delete group.tags[key];
  }

  // ------------------------------------------------------------ helpers
  private member(scalingGroupId: string, instanceId: string): ScalingInstanceState {
    const member = this.store.instances.get(instanceId);
    if (!member || member.scalingGroupId !== scalingGroupId) throw instanceNotInGroup(instanceId);
    return member;
  }

  private view(member: ScalingInstanceState): ScalingInstanceView {
    const ecs = this.world.ecs.findInstance(member.instanceId);
    const servingState = member.lifecycleState === 'InService' || member.lifecycleState === 'Protected';
    const unhealthy = !ecs || !ecs.healthy || (servingState && (ecs.status === 'Stopped' || ecs.status === 'Stopping'));
    return {
      instanceId: member.instanceId,
      scalingGroupId: member.scalingGroupId,
      ...(member.scalingConfigurationId ? { scalingConfigurationId: member.scalingConfigurationId } : {}),
      lifecycleState: member.lifecycleState,
      healthStatus: unhealthy ? 'Unhealthy' : 'Healthy',
      creationType: member.creationType,
      createdTime: member.createdTime,
      ...(member.scalingActivityId ? { scalingActivityId: member.scalingActivityId } : {}),
      zoneId: member.zoneId,
      protectedFromScaleIn: member.lifecycleState === 'Protected',
    };
  }
}

function checkSizes(minSize: number, maxSize: number, desired: number | undefined): void {
  if (minSize < 0 || minSize > 2000) throw invalidParameter('MinSize', 'It must be within 0..2000.');
  if (maxSize < 0 || maxSize > 2000) throw invalidParameter('MaxSize', 'It must be within 0..2000.');
  if (minSize > maxSize) throw invalidParameter('MinSize', 'MinSize must not be greater than MaxSize.');
  if (desired !== undefined && (desired < minSize || desired > maxSize)) {
    throw invalidParameter('DesiredCapacity', 'DesiredCapacity must be within MinSize and MaxSize.');
  }
}

function checkProcesses(processes: readonly string[]): ScalingProcess[] {
  const unique = [...new Set(processes)];
  for (const process of unique) {
    if (!(SCALING_PROCESSES as readonly string[]).includes(process)) {
      throw invalidParameter('Process', `"${process}" is not one of ${SCALING_PROCESSES.join(', ')}.`);
    }
  }
  return unique as ScalingProcess[];
}

function invalidImage(imageId: string) {
  return new ApiError('InvalidImageId.NotFound', `The specified image "${imageId}" does not exist.`, 404);
}

export function createEssModel(world: RegionWorld): LocalEssModel {
  return new LocalEssModel(world);
}
