// ESS wire for both API versions, as one table: Action → handler built per version.
// Handlers by area live in *-handlers.ts; rules live in model.ts.
import * as configurations from './configuration-handlers';
import * as groups from './group-handlers';
import * as instances from './instance-handlers';
import * as notifications from './notification-handlers';
import * as tags from './tag-handlers';
import type { VersionedHandler } from './wire';

export const essHandlers: Readonly<Record<string, VersionedHandler>> = {
  CreateScalingGroup: groups.createScalingGroup,
  DescribeScalingGroups: groups.describeScalingGroups,
  ModifyScalingGroup: groups.modifyScalingGroup,
  EnableScalingGroup: groups.enableScalingGroup,
  DisableScalingGroup: groups.disableScalingGroup,
  DeleteScalingGroup: groups.deleteScalingGroup,
  CreateScalingConfiguration: configurations.createScalingConfiguration,
  DescribeScalingConfigurations: configurations.describeScalingConfigurations,
  ModifyScalingConfiguration: configurations.modifyScalingConfiguration,
  DeleteScalingConfiguration: configurations.deleteScalingConfiguration,
  DescribeScalingInstances: instances.describeScalingInstances,
  DescribeScalingActivities: instances.describeScalingActivities,
  SuspendProcesses: instances.suspendProcesses,
  ResumeProcesses: instances.resumeProcesses,
  EnterStandby: instances.enterStandby,
  ExitStandby: instances.exitStandby,
  SetInstancesProtection: instances.setInstancesProtection,
  TagResources: tags.tagResources,
  UntagResources: tags.untagResources,
  ListTagResources: tags.listTagResources,
  CreateNotificationConfiguration: notifications.createNotificationConfiguration,
  ModifyNotificationConfiguration: notifications.modifyNotificationConfiguration,
  DescribeNotificationConfigurations: notifications.describeNotificationConfigurations,
  DeleteNotificationConfiguration: notifications.deleteNotificationConfiguration,
};
