// Cloud client shapes → the domain's snapshot shapes. Pure.
import type {
  Execution,
  Image,
  ScalingActivity,
  ScalingConfiguration,
  ScalingGroup,
  ScalingInstance,
} from '../../cloud/api';
import type {
  ExecutionSnapshot,
  GroupLifecycleState,
  GroupSnapshot,
  ImageSnapshot,
  InstanceLifecycleState,
  InstanceSnapshot,
  ScalingActivitySnapshot,
} from '../../domain/snapshot';

const GROUP_STATES: readonly GroupLifecycleState[] = ['Active', 'Inactive', 'Deleting'];
const INSTANCE_STATES: readonly InstanceLifecycleState[] = [
  'InService',
  'Pending',
  'Pending:Wait',
  'Protected',
  'Standby',
  'Stopped',
  'Removing',
  'Removing:Wait',
];

/** A state a newer API adds is not one rollgate may act on: treat it as the most cautious known one. */
function groupState(value: string): GroupLifecycleState {
  return (GROUP_STATES as readonly string[]).includes(value) ? (value as GroupLifecycleState) : 'Inactive';
}

function instanceState(value: string): InstanceLifecycleState {
  return (INSTANCE_STATES as readonly string[]).includes(value) ? (value as InstanceLifecycleState) : 'Pending';
}

export function toInstanceSnapshot(instance: ScalingInstance): InstanceSnapshot {
  return {
    id: instance.instanceId,
    lifecycleState: instanceState(instance.lifecycleState),
    healthStatus: instance.healthStatus === 'Healthy' ? 'Healthy' : 'Unhealthy',
  };
}

export function toActivitySnapshot(activity: ScalingActivity): ScalingActivitySnapshot {
  return {
    id: activity.scalingActivityId,
    statusCode: activity.statusCode,
    ...(activity.startTime === undefined ? {} : { startTime: activity.startTime }),
    ...(activity.description === undefined ? {} : { description: activity.description }),
  };
}

export function toGroupSnapshot(
  group: ScalingGroup,
  regionId: string,
  configuration: ScalingConfiguration | undefined,
  detail: { instances: readonly InstanceSnapshot[]; scalingActivities: readonly ScalingActivitySnapshot[] },
): GroupSnapshot {
  const imageId = configuration?.imageId;
  return {
    id: group.scalingGroupId,
    name: group.scalingGroupName,
    regionId: group.regionId ?? regionId,
    tags: { ...group.tags },
    lifecycleState: groupState(group.lifecycleState),
    ...(configuration !== undefined && imageId !== undefined
      ? { activeScalingConfiguration: { id: configuration.scalingConfigurationId, imageId } }
      : {}),
    instances: detail.instances,
    scalingActivities: detail.scalingActivities,
    suspendedProcesses: [...group.suspendedProcesses],
  };
}

export function toImageSnapshot(image: Image): ImageSnapshot {
  return {
    id: image.imageId,
    name: image.imageName ?? image.imageId,
    ...(image.imageFamily === undefined ? {} : { family: image.imageFamily }),
    tags: { ...image.tags },
    status: image.status,
    creationTime: image.creationTime ?? '1970-01-01T00:00:00Z',
  };
}

export function toExecutionSnapshot(execution: Execution): ExecutionSnapshot {
  return {
    id: execution.executionId,
    templateName: execution.templateName ?? '',
    status: execution.status,
    ...(execution.statusMessage === undefined ? {} : { statusMessage: execution.statusMessage }),
    parameters: { ...execution.parameters },
    tags: { ...execution.tags },
    ...(execution.startDate === undefined ? {} : { startDate: execution.startDate }),
    ...(execution.endDate === undefined ? {} : { endDate: execution.endDate }),
  };
}
