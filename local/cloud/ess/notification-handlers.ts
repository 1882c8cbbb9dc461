// ESS notification configurations (events go to MNS or CloudMonitor; notifications.ts).
import { essOf, requiredList, type VersionedHandler } from './wire';
import { optionalParam, requiredParam } from '../core/params';
import { listOf } from './views';

export const createNotificationConfiguration: VersionedHandler = () => (req) => {
  const { params } = req;
  const scalingGroupId = requiredParam(params, 'ScalingGroupId');
  const ess = essOf(req);
  ess.getGroup(scalingGroupId);
  const timeZone = optionalParam(params, 'TimeZone');
  ess.notifications.create({
    scalingGroupId,
    notificationArn: requiredParam(params, 'NotificationArn'),
    notificationTypes: requiredList(params, 'NotificationType', 'NotificationTypes'),
    ...(timeZone ? { timeZone } : {}),
  });
  return {};
};

export const modifyNotificationConfiguration: VersionedHandler = () => (req) => {
  const { params } = req;
  const scalingGroupId = requiredParam(params, 'ScalingGroupId');
  const ess = essOf(req);
  ess.getGroup(scalingGroupId);
  ess.notifications.modify(
    scalingGroupId,
    requiredParam(params, 'NotificationArn'),
    requiredList(params, 'NotificationType', 'NotificationTypes'),
  );
  return {};
};

export const describeNotificationConfigurations: VersionedHandler = (version) => (req) => {
  const scalingGroupId = requiredParam(req.params, 'ScalingGroupId');
  const ess = essOf(req);
  ess.getGroup(scalingGroupId);
  const models = ess.notifications.forGroup(scalingGroupId).map((c) => ({
    ScalingGroupId: c.scalingGroupId,
    NotificationArn: c.notificationArn,
    NotificationTypes: listOf(version, 'NotificationType', [...c.notificationTypes]),
    ...(c.timeZone ? { TimeZone: c.timeZone } : {}),
  }));
  return { NotificationConfigurationModels: listOf(version, 'NotificationConfigurationModel', models) };
};

export const deleteNotificationConfiguration: VersionedHandler = () => (req) => {
  const scalingGroupId = requiredParam(req.params, 'ScalingGroupId');
  const ess = essOf(req);
  ess.getGroup(scalingGroupId);
  ess.notifications.remove(scalingGroupId, requiredParam(req.params, 'NotificationArn'));
  return {};
};
