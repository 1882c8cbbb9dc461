// ESS scaling group actions, both API versions.
import { essOf, page, tagsOf, tagRecord, type VersionedHandler } from './wire';
import { missingParameter } from '../core/errors';
import { boolParam, enumParam, intParam, listParam, optionalParam, paginate, requiredParam } from '../core/params';
import { groupView, listOf } from './views';

export const createScalingGroup: VersionedHandler = () => (req) => {
  const { params } = req;
  const vSwitchIds = [
    ...new Set([
      ...(optionalParam(params, 'VSwitchId') ? [requiredParam(params, 'VSwitchId')] : []),
      ...listParam(params, 'VSwitchIds', 'VSwitchIds'),
    ]),
  ];
  const name = optionalParam(params, 'ScalingGroupName');
  const desired = intParam(params, 'DesiredCapacity', { min: 0 });
  const cooldown = intParam(params, 'DefaultCooldown', { min: 0, max: 86400 });
  const removalPolicies = listParam(params, 'RemovalPolicy', 'RemovalPolicies');
  const healthCheckType = enumParam(params, 'HealthCheckType', ['ECS', 'NONE'] as const);
  const multiAZPolicy = optionalParam(params, 'MultiAZPolicy');
  const tags = tagsOf(params);
  const group = essOf(req).createGroup({
    minSize:
      intParam(params, 'MinSize', { min: 0 }) ??
      (() => {
        throw missingParameter('MinSize');
      })(),
    maxSize:
      intParam(params, 'MaxSize', { min: 0 }) ??
      (() => {
        throw missingParameter('MaxSize');
      })(),
    ...(name ? { scalingGroupName: name } : {}),
    ...(desired !== undefined ? { desiredCapacity: desired } : {}),
    ...(cooldown !== undefined ? { defaultCooldown: cooldown } : {}),
    ...(removalPolicies.length ? { removalPolicies } : {}),
    ...(healthCheckType ? { healthCheckType } : {}),
    ...(multiAZPolicy ? { multiAZPolicy } : {}),
    vSwitchIds,
    ...(tags.length ? { tags: tagRecord(tags) } : {}),
  });
  return { ScalingGroupId: group.scalingGroupId };
};

export const describeScalingGroups: VersionedHandler = (version) => (req) => {
  const { params } = req;
  const ess = essOf(req);
  const ids = listParam(params, 'ScalingGroupId', 'ScalingGroupIds');
  const names = [
    ...listParam(params, 'ScalingGroupName', 'ScalingGroupNames'),
    ...(optionalParam(params, 'ScalingGroupName') ? [requiredParam(params, 'ScalingGroupName')] : []),
  ];
  const tags = tagsOf(params);
  const { pageNumber, pageSize } = page(params, 50);
  const filtered = ids.length > 0 || names.length > 0 || tags.length > 0;
  const groups = filtered
    ? ess
        .listGroups()
        .filter((g) => ids.length === 0 || ids.includes(g.scalingGroupId))
        .filter((g) => names.length === 0 || names.includes(g.scalingGroupName))
        .filter((g) => tags.every(({ key, value }) => key in g.tags && (value === '' || g.tags[key] === value)))
    : ess.listGroups();
  const { page: items, totalCount } = paginate(groups, pageNumber, pageSize);
  return {
    TotalCount: totalCount,
    PageNumber: pageNumber,
    PageSize: pageSize,
    ScalingGroups: listOf(
      version,
      'ScalingGroup',
      items.map((g) => groupView(version, ess, g)),
    ),
  };
};

export const modifyScalingGroup: VersionedHandler = () => (req) => {
  const { params } = req;
  const min = intParam(params, 'MinSize', { min: 0 });
  const max = intParam(params, 'MaxSize', { min: 0 });
  const desired = intParam(params, 'DesiredCapacity', { min: 0 });
  const name = optionalParam(params, 'ScalingGroupName');
  const active = optionalParam(params, 'ActiveScalingConfigurationId');
  const cooldown = intParam(params, 'DefaultCooldown', { min: 0, max: 86400 });
  const removalPolicies = listParam(params, 'RemovalPolicy', 'RemovalPolicies');
  essOf(req).modifyGroup(requiredParam(params, 'ScalingGroupId'), {
    ...(min !== undefined ? { minSize: min } : {}),
    ...(max !== undefined ? { maxSize: max } : {}),
    ...(desired !== undefined ? { desiredCapacity: desired } : {}),
    ...(name ? { scalingGroupName: name } : {}),
    ...(active ? { activeScalingConfigurationId: active } : {}),
    ...(cooldown !== undefined ? { defaultCooldown: cooldown } : {}),
    ...(removalPolicies.length ? { removalPolicies } : {}),
  });
  return {};
};

export const enableScalingGroup: VersionedHandler = () => (req) => {
  const configurationId =
    optionalParam(req.params, 'ActiveScalingConfigurationId') ?? optionalParam(req.params, 'ScalingConfigurationId');
  essOf(req).enableGroup(requiredParam(req.params, 'ScalingGroupId'), configurationId);
  return {};
};

export const disableScalingGroup: VersionedHandler = () => (req) => {
  essOf(req).disableGroup(requiredParam(req.params, 'ScalingGroupId'));
  return {};
};

export const deleteScalingGroup: VersionedHandler = () => (req) => {
  essOf(req).deleteGroup(requiredParam(req.params, 'ScalingGroupId'), boolParam(req.params, 'ForceDelete') ?? false);
  return {};
};
