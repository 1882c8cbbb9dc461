// ESS error codes as the real service returns them (research §3).
import { ApiError } from '../core/contracts';

export const groupNotFound = (id: string) =>
  new ApiError('InvalidScalingGroupId.NotFound', `The specified scaling group "${id}" does not exist.`, 404);
export const configurationNotFound = (id: string) =>
  new ApiError(
    'InvalidScalingConfigurationId.NotFound',
    `The specified scaling configuration "${id}" does not exist.`,
    404,
  );
export const instanceNotInGroup = (id: string) =>
  new ApiError(
    'InvalidInstanceId.NotFound',
    `The specified ECS instance "${id}" does not exist in the scaling group.`,
    404,
  );
export const incorrectGroupStatus = (detail: string) =>
  new ApiError(
    'IncorrectScalingGroupStatus',
    `The current status of the specified scaling group does not support this action. ${detail}`,
    403,
  );
export const incorrectInstanceStatus = (id: string, state: string) =>
  new ApiError(
    'IncorrectInstanceStatus',
    `The current lifecycle state "${state}" of instance "${id}" does not support this action.`,
    403,
  );
export const groupNameDuplicate = (name: string) =>
  new ApiError(
    'InvalidScalingGroupName.Duplicate',
    `The specified value of parameter "ScalingGroupName" (${name}) is duplicated.`,
    400,
  );
export const forbiddenDeleteInstanceExist = (id: string) =>
  new ApiError(
    'ForbiddenDelete.InstanceExist',
    `The scaling group "${id}" still has ECS instances; set ForceDelete to delete it with them.`,
    403,
  );
export const invalidNotificationArn = (arn: string) =>
  new ApiError('InvalidNotificationArn', `The specified NotificationArn "${arn}" is invalid.`, 400);
export const invalidNotificationTypes = (type: string) =>
  new ApiError('InvalidNotificationTypes', `The specified NotificationType "${type}" is invalid.`, 400);
export const notificationExists = (arn: string) =>
  new ApiError(
    'NotificationConfigurationExist',
    `A notification configuration for "${arn}" already exists in the scaling group.`,
    400,
  );
export const notificationQuotaExceeded = () =>
  new ApiError(
    'NotificationConfigurationQuotaExceed.ForScalingGroup',
    'A scaling group can have at most 6 notification configurations.',
    400,
  );
export const notificationNotFound = (arn: string) =>
  new ApiError('NotificationConfigurationNotExist', `The notification configuration for "${arn}" does not exist.`, 404);
export const quotaExceededTags = () =>
  new ApiError('QuotaExceed.TagsPerResource', 'A scaling group can have at most 20 tags.', 400);
