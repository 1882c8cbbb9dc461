// The StartExecution invocations of the seeds (rolling-update-cli.en.txt,
// rolling-update-python-sdk.en.md), with the placeholders filled in by tests.
const ALL_PROCESSES = ['ScaleIn', 'ScaleOut', 'HealthCheck', 'AlarmNotification', 'ScheduledAction'];

export const IMAGE_TEMPLATE = 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup';
export const SCRIPT_TEMPLATE = 'ACS-ESS-RollingUpdateByRunCommandInScalingGroup';
export const PACKAGE_TEMPLATE = 'ACS-ESS-RollingUpdateByConfigureOOSPackage';

export function imageInvoke(ids: { groupId: string; configurationId: string; imageId: string; sourceImageId: string }) {
  return {
    invokeType: 'invoke',
    scalingGroupId: ids.groupId,
    scalingConfigurationId: ids.configurationId,
    imageId: ids.imageId,
    sourceImageId: ids.sourceImageId,
    OOSAssumeRole: '',
    enterProcess: ALL_PROCESSES,
    exitProcess: ALL_PROCESSES,
    batchNumber: 2,
    batchPauseOption: 'Automatic',
  };
}

export function imageRollback(ids: {
  groupId: string;
  configurationId: string;
  sourceImageId: string;
  sourceExecutionId: string;
}) {
  return {
    invokeType: 'rollback',
    scalingGroupId: ids.groupId,
    scalingConfigurationId: ids.configurationId,
    sourceImageId: ids.sourceImageId,
    sourceExecutionId: ids.sourceExecutionId,
    OOSAssumeRole: '',
    batchNumber: 2,
    batchPauseOption: 'Automatic',
  };
}

export function scriptInvoke(groupId: string) {
  return {
    invokeType: 'invoke',
    scalingGroupId: groupId,
    commandType: 'RunShellScript',
    invokeScript: 'df -h\nifconfig',
    rollbackScript: 'df -h\nifconfig',
    OOSAssumeRole: '',
    exitProcess: ALL_PROCESSES,
    enterProcess: ALL_PROCESSES,
    batchNumber: 2,
    batchPauseOption: 'Automatic',
  };
}

export function scriptRollback(groupId: string, sourceExecutionId: string) {
  return {
    invokeType: 'rollback',
    commandType: 'RunShellScript',
    rollbackScript: 'df -h\nifconfig',
    scalingGroupId: groupId,
    sourceExecutionId,
    OOSAssumeRole: '',
    batchNumber: 2,
    batchPauseOption: 'Automatic',
  };
}

export function packageInvoke(groupId: string) {
  return {
    invokeType: 'invoke',
    scalingGroupId: groupId,
    packageName: 'wordpress',
    packageVersion: 'v4',
    action: 'install',
    OOSAssumeRole: '',
    enterProcess: ALL_PROCESSES,
    exitProcess: ALL_PROCESSES,
    batchNumber: 2,
    batchPauseOption: 'Automatic',
  };
}

export function packageRollback(groupId: string, sourceExecutionId: string) {
  return {
    invokeType: 'rollback',
    scalingGroupId: groupId,
    packageVersion: 'v3',
    packageName: 'wordpress',
    sourceExecutionId,
    OOSAssumeRole: '',
    batchNumber: 2,
    batchPauseOption: 'Automatic',
  };
}
