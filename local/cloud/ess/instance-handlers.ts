// ESS member instances, activities, processes, standby and protection, both API versions.
import { essOf, page, requiredList, type VersionedHandler } from './wire';
import { invalidParameter, missingParameter } from '../core/errors';
import {
  boolParam,
  enumParam,
  jsonOrRepeatList,
  listParam,
  optionalParam,
  paginate,
  requiredParam,
} from '../core/params';
import { activityView, instanceView, listOf } from './views';

export const describeScalingInstances: VersionedHandler = (version) => (req) => {
  const { params } = req;
  const ess = essOf(req);
  const groupId = optionalParam(params, 'ScalingGroupId');
  const single = optionalParam(params, 'LifecycleState');
  const plural = jsonOrRepeatList(params, 'LifecycleStates');
  if (single && plural.length > 0)
    throw invalidParameter('LifecycleStates', 'Specify only one of LifecycleState and LifecycleStates.');
  const lifecycleStates = single ? [single] : plural;
  const creationTypes = [
    ...(optionalParam(params, 'CreationType') ? [requiredParam(params, 'CreationType')] : []),
    ...jsonOrRepeatList(params, 'CreationTypes'),
  ];
  const health = enumParam(params, 'HealthStatus', ['Healthy', 'Unhealthy'] as const);
  const instanceIds = listParam(params, 'InstanceId', 'InstanceIds');
  const configurationId = optionalParam(params, 'ScalingConfigurationId');
  const activityId = optionalParam(params, 'ScalingActivityId');
  const { pageNumber, pageSize } = page(params, version === '2014-08-28' ? 50 : 100);
  const members = (groupId ? ess.listInstances(groupId, { lifecycleStates, creationTypes }) : ess.allInstances())
    .filter((m) => groupId !== undefined || lifecycleStates.length === 0 || lifecycleStates.includes(m.lifecycleState))
    .filter((m) => groupId !== undefined || creationTypes.length === 0 || creationTypes.includes(m.creationType))
    .filter((m) => health === undefined || m.healthStatus === health)
    .filter((m) => instanceIds.length === 0 || instanceIds.includes(m.instanceId))
    .filter((m) => configurationId === undefined || m.scalingConfigurationId === configurationId)
    .filter((m) => activityId === undefined || m.scalingActivityId === activityId);
  const { page: items, totalCount } = paginate(members, pageNumber, pageSize);
  return {
    TotalCount: totalCount,
    TotalSpotCount: 0,
    PageNumber: pageNumber,
    PageSize: pageSize,
    ScalingInstances: listOf(
      version,
      'ScalingInstance',
      items.map((m) => instanceView(version, m)),
    ),
  };
};

const ACTIVITY_STATUSES = ['Successful', 'Warning', 'Failed', 'InProgress', 'Rejected'] as const;

export const describeScalingActivities: VersionedHandler = (version) => (req) => {
  const { params } = req;
  const ess = essOf(req);
  const groupId = optionalParam(params, 'ScalingGroupId');
  if (groupId) ess.getGroup(groupId);
  const status = enumParam(params, 'StatusCode', ACTIVITY_STATUSES);
  const ids = listParam(params, 'ScalingActivityId', 'ScalingActivityIds');
  const { pageNumber, pageSize } = page(params, 50);
  const activities = ess.store.activities
    .filter((a) => groupId === undefined || a.scalingGroupId === groupId)
    .filter((a) => status === undefined || a.statusCode === status)
    .filter((a) => ids.length === 0 || ids.includes(a.scalingActivityId))
    .slice()
    .reverse();
  const { page: items, totalCount } = paginate(activities, pageNumber, pageSize);
  return {
    TotalCount: totalCount,
    PageNumber: pageNumber,
    PageSize: pageSize,
    ScalingActivities: listOf(
      version,
      'ScalingActivity',
      items.map((a) => activityView(req.world, a)),
    ),
  };
};

export const suspendProcesses: VersionedHandler = () => (req) => {
  essOf(req).suspendProcesses(
    requiredParam(req.params, 'ScalingGroupId'),
    requiredList(req.params, 'Process', 'Processes'),
  );
  return {};
};

export const resumeProcesses: VersionedHandler = () => (req) => {
  essOf(req).resumeProcesses(
    requiredParam(req.params, 'ScalingGroupId'),
    requiredList(req.params, 'Process', 'Processes'),
  );
  return {};
};

export const enterStandby: VersionedHandler = () => (req) => {
  essOf(req).enterStandby(
    requiredParam(req.params, 'ScalingGroupId'),
    requiredList(req.params, 'InstanceId', 'InstanceIds'),
  );
  return {};
};

export const exitStandby: VersionedHandler = () => (req) => {
  essOf(req).exitStandby(
    requiredParam(req.params, 'ScalingGroupId'),
    requiredList(req.params, 'InstanceId', 'InstanceIds'),
  );
  return {};
};

export const setInstancesProtection: VersionedHandler = () => (req) => {
  const protect = boolParam(req.params, 'ProtectedFromScaleIn');
  if (protect === undefined) throw missingParameter('ProtectedFromScaleIn');
  essOf(req).setProtection(
    requiredParam(req.params, 'ScalingGroupId'),
    requiredList(req.params, 'InstanceId', 'InstanceIds'),
    protect,
  );
  return {};
};
