// ESS wire for both API versions: each handler reads either list style
// (`Name.N` as 2014-08-28 takes it, plural `Names` as 2022-02-22 does) and
// answers in its version's shape (views.ts). Rules live in model.ts.
import type { RpcHandler, RpcParams, RpcRequest } from '../core/contracts';
import { invalidParameter, missingParameter } from '../core/errors';
import {
  boolParam,
  enumParam,
  intParam,
  jsonOrRepeatList,
  listParam,
  optionalParam,
  paginate,
  requiredParam,
  tagPairs,
  type TagPair,
  decodeOffsetToken,
  encodeOffsetToken,
} from '../core/params';
import type { LocalEssModel } from './model';
import { activityView, configurationView, groupView, instanceView, listOf, type EssVersion } from './views';

type VersionedHandler = (version: EssVersion) => RpcHandler;

const essOf = (req: RpcRequest) => req.world.ess as LocalEssModel;

function page(params: RpcParams, max: number): { pageNumber: number; pageSize: number } {
  return {
    pageNumber: intParam(params, 'PageNumber', { min: 1 }) ?? 1,
    pageSize: intParam(params, 'PageSize', { min: 1, max }) ?? 10,
  };
}

/** Tags from `Tag.N.*` (2014) or `Tags.N.*` (2022). */
function tagsOf(params: RpcParams): TagPair[] {
  const singular = tagPairs(params, 'Tag');
  return singular.length > 0 ? singular : tagPairs(params, 'Tags');
}

/** Tag key rules of TagResources: not empty, ≤128, no `acs:`/`aliyun` prefix, no URL. */
function checkTag({ key, value }: TagPair, index: number): void {
  const name = `Tag.${index + 1}.Key`;
  if (key.length > 128) throw invalidParameter(name, 'A tag key can be at most 128 characters long.');
  if (/^(acs:|aliyun)/i.test(key)) throw invalidParameter(name, 'A tag key must not start with "acs:" or "aliyun".');
  if (/https?:\/\//i.test(key)) throw invalidParameter(name, 'A tag key must not contain "http://" or "https://".');
  if (value.length > 128) throw invalidParameter(`Tag.${index + 1}.Value`, 'A tag value can be at most 128 characters long.');
}

function tagRecord(pairs: TagPair[]): Record<string, string> {
  pairs.forEach(checkTag);
  return Object.fromEntries(pairs.map(({ key, value }) => [key, value]));
}

function jsonTags(params: RpcParams, name: string): Record<string, string> | undefined {
  const raw = optionalParam(params, name);
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidParameter(name, 'It must be a JSON object of string values.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidParameter(name, 'It must be a JSON object of string values.');
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

function requiredList(params: RpcParams, singular: string, plural: string): string[] {
  const values = listParam(params, singular, plural);
  if (values.length === 0) throw missingParameter(`${singular}.1`);
  return values;
}

// ------------------------------------------------------------ groups
const createScalingGroup: VersionedHandler = () => (req) => {
  const { params } = req;
  const vSwitchIds = [...new Set([...(optionalParam(params, 'VSwitchId') ? [requiredParam(params, 'VSwitchId')] : []), ...listParam(params, 'VSwitchIds', 'VSwitchIds')])];
  const name = optionalParam(params, 'ScalingGroupName');
  const desired = intParam(params, 'DesiredCapacity', { min: 0 });
  const cooldown = intParam(params, 'DefaultCooldown', { min: 0, max: 86400 });
  const removalPolicies = listParam(params, 'RemovalPolicy', 'RemovalPolicies');
  const healthCheckType = enumParam(params, 'HealthCheckType', ['ECS', 'NONE'] as const);
  const multiAZPolicy = optionalParam(params, 'MultiAZPolicy');
  const tags = tagsOf(params);
  const group = essOf(req).createGroup({
    minSize: intParam(params, 'MinSize', { min: 0 }) ?? (() => { throw missingParameter('MinSize'); })(),
    maxSize: intParam(params, 'MaxSize', { min: 0 }) ?? (() => { throw missingParameter('MaxSize'); })(),
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

const describeScalingGroups: VersionedHandler = (version) => (req) => {
  const { params } = req;
  const ess = essOf(req);
  const ids = listParam(params, 'ScalingGroupId', 'ScalingGroupIds');
  const names = [...listParam(params, 'ScalingGroupName', 'ScalingGroupNames'), ...(optionalParam(params, 'ScalingGroupName') ? [requiredParam(params, 'ScalingGroupName')] : [])];
  const tags = tagsOf(params);
  const { pageNumber, pageSize } = page(params, 50);
  const groups = ess
    .listGroups()
    .filter((g) => ids.length === 0 || ids.includes(g.scalingGroupId))
    .filter((g) => names.length === 0 || names.includes(g.scalingGroupName))
    .filter((g) => tags.every(({ key, value }) => key in g.tags && (value === '' || g.tags[key] === value)));
  const { page: items, totalCount } = paginate(groups, pageNumber, pageSize);
  return {
    TotalCount: totalCount,
    PageNumber: pageNumber,
    PageSize: pageSize,
    ScalingGroups: listOf(version, 'ScalingGroup', items.map((g) => groupView(version, req.world, ess, g))),
  };
};

const modifyScalingGroup: VersionedHandler = () => (req) => {
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

const enableScalingGroup: VersionedHandler = () => (req) => {
  const configurationId = optionalParam(req.params, 'ActiveScalingConfigurationId') ?? optionalParam(req.params, 'ScalingConfigurationId');
  essOf(req).enableGroup(requiredParam(req.params, 'ScalingGroupId'), configurationId);
  return {};
};

const disableScalingGroup: VersionedHandler = () => (req) => {
  essOf(req).disableGroup(requiredParam(req.params, 'ScalingGroupId'));
  return {};
};

const deleteScalingGroup: VersionedHandler = () => (req) => {
  essOf(req).deleteGroup(requiredParam(req.params, 'ScalingGroupId'), boolParam(req.params, 'ForceDelete') ?? false);
  return {};
};

// ------------------------------------------------------------ configurations
const createScalingConfiguration: VersionedHandler = () => (req) => {
  const { params } = req;
  const instanceType = optionalParam(params, 'InstanceType') ?? listParam(params, 'InstanceTypes', 'InstanceTypes')[0];
  if (!instanceType) throw missingParameter('InstanceType');
  const name = optionalParam(params, 'ScalingConfigurationName');
  const securityGroupId = optionalParam(params, 'SecurityGroupId');
  const keyPairName = optionalParam(params, 'KeyPairName');
  const userData = optionalParam(params, 'UserData');
  const tags = jsonTags(params, 'Tags');
  const configuration = essOf(req).createConfiguration({
    scalingGroupId: requiredParam(params, 'ScalingGroupId'),
    imageId: requiredParam(params, 'ImageId'),
    instanceType,
    ...(name ? { scalingConfigurationName: name } : {}),
    ...(securityGroupId ? { securityGroupId } : {}),
    ...(keyPairName ? { keyPairName } : {}),
    ...(userData ? { userData } : {}),
    ...(tags ? { tags } : {}),
  });
  return { ScalingConfigurationId: configuration.scalingConfigurationId };
};

const describeScalingConfigurations: VersionedHandler = (version) => (req) => {
  const { params } = req;
  const groupId = optionalParam(params, 'ScalingGroupId');
  const ess = essOf(req);
  if (groupId) ess.getGroup(groupId);
  const ids = listParam(params, 'ScalingConfigurationId', 'ScalingConfigurationIds');
  const names = listParam(params, 'ScalingConfigurationName', 'ScalingConfigurationNames');
  const { pageNumber, pageSize } = page(params, 50);
  const configurations = ess
    .listConfigurations()
    .filter((c) => groupId === undefined || c.scalingGroupId === groupId)
    .filter((c) => ids.length === 0 || ids.includes(c.scalingConfigurationId))
    .filter((c) => names.length === 0 || names.includes(c.scalingConfigurationName));
  const { page: items, totalCount } = paginate(configurations, pageNumber, pageSize);
  return {
    TotalCount: totalCount,
    PageNumber: pageNumber,
    PageSize: pageSize,
    ScalingConfigurations: listOf(version, 'ScalingConfiguration', items.map((c) => configurationView(version, req.world, c))),
  };
};

const modifyScalingConfiguration: VersionedHandler = () => (req) => {
  const { params } = req;
  const imageId = optionalParam(params, 'ImageId');
  const instanceType = optionalParam(params, 'InstanceType');
  const name = optionalParam(params, 'ScalingConfigurationName');
  const userData = optionalParam(params, 'UserData');
  essOf(req).modifyConfiguration(requiredParam(params, 'ScalingConfigurationId'), {
    ...(imageId ? { imageId } : {}),
    ...(instanceType ? { instanceType } : {}),
    ...(name ? { scalingConfigurationName: name } : {}),
    ...(userData ? { userData } : {}),
  });
  return {};
};

const deleteScalingConfiguration: VersionedHandler = () => (req) => {
  essOf(req).deleteConfiguration(requiredParam(req.params, 'ScalingConfigurationId'));
  return {};
};

// ------------------------------------------------------------ instances and activities
const describeScalingInstances: VersionedHandler = (version) => (req) => {
  const { params } = req;
  const ess = essOf(req);
  const groupId = optionalParam(params, 'ScalingGroupId');
  const single = optionalParam(params, 'LifecycleState');
  const plural = jsonOrRepeatList(params, 'LifecycleStates');
  if (single && plural.length > 0) throw invalidParameter('LifecycleStates', 'Specify only one of LifecycleState and LifecycleStates.');
  const lifecycleStates = single ? [single] : plural;
  const creationTypes = [...(optionalParam(params, 'CreationType') ? [requiredParam(params, 'CreationType')] : []), ...jsonOrRepeatList(params, 'CreationTypes')];
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
    ScalingInstances: listOf(version, 'ScalingInstance', items.map((m) => instanceView(version, m))),
  };
};

const ACTIVITY_STATUSES = ['Successful', 'Warning', 'Failed', 'InProgress', 'Rejected'] as const;

const describeScalingActivities: VersionedHandler = (version) => (req) => {
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
    ScalingActivities: listOf(version, 'ScalingActivity', items.map((a) => activityView(req.world, a))),
  };
};

const suspendProcesses: VersionedHandler = () => (req) => {
  essOf(req).suspendProcesses(requiredParam(req.params, 'ScalingGroupId'), requiredList(req.params, 'Process', 'Processes'));
  return {};
};

const resumeProcesses: VersionedHandler = () => (req) => {
  essOf(req).resumeProcesses(requiredParam(req.params, 'ScalingGroupId'), requiredList(req.params, 'Process', 'Processes'));
  return {};
};

const enterStandby: VersionedHandler = () => (req) => {
  essOf(req).enterStandby(requiredParam(req.params, 'ScalingGroupId'), requiredList(req.params, 'InstanceId', 'InstanceIds'));
  return {};
};

const exitStandby: VersionedHandler = () => (req) => {
  essOf(req).exitStandby(requiredParam(req.params, 'ScalingGroupId'), requiredList(req.params, 'InstanceId', 'InstanceIds'));
  return {};
};

const setInstancesProtection: VersionedHandler = () => (req) => {
  const protect = boolParam(req.params, 'ProtectedFromScaleIn');
  if (protect === undefined) throw missingParameter('ProtectedFromScaleIn');
  essOf(req).setProtection(requiredParam(req.params, 'ScalingGroupId'), requiredList(req.params, 'InstanceId', 'InstanceIds'), protect);
  return {};
};

// ------------------------------------------------------------ tags
function checkResourceType(params: RpcParams): void {
  const type = requiredParam(params, 'ResourceType');
  if (type.toLowerCase() !== 'scalinggroup') throw invalidParameter('ResourceType', 'Only "scalinggroup" is supported.');
}

const tagResources: VersionedHandler = () => (req) => {
  checkResourceType(req.params);
  const ids = requiredList(req.params, 'ResourceId', 'ResourceIds');
  const pairs = tagsOf(req.params);
  if (pairs.length === 0) throw missingParameter('Tag.1.Key');
  const tags = tagRecord(pairs);
  const ess = essOf(req);
  for (const id of ids) ess.getGroup(id);
  for (const id of ids) ess.tagGroup(id, tags);
  return {};
};

const untagResources: VersionedHandler = () => (req) => {
  checkResourceType(req.params);
  const ids = requiredList(req.params, 'ResourceId', 'ResourceIds');
  const all = boolParam(req.params, 'All') ?? false;
  const keys = listParam(req.params, 'TagKey', 'TagKeys');
  if (!all && keys.length === 0) throw missingParameter('TagKey.1');
  const ess = essOf(req);
  for (const id of ids) ess.getGroup(id);
  for (const id of ids) ess.untagGroup(id, all ? 'all' : keys);
  return {};
};

const LIST_TAGS_PAGE = 50;

const listTagResources: VersionedHandler = (version) => (req) => {
  checkResourceType(req.params);
  const ids = listParam(req.params, 'ResourceId', 'ResourceIds');
  const wanted = tagsOf(req.params);
  const rows = essOf(req)
    .listGroups()
    .filter((g) => ids.length === 0 || ids.includes(g.scalingGroupId))
    .filter((g) => wanted.every(({ key, value }) => key in g.tags && (value === '' || g.tags[key] === value)))
    .flatMap((g) =>
      Object.entries(g.tags).map(([TagKey, TagValue]) => ({ ResourceId: g.scalingGroupId, ResourceType: 'ALIYUN::ESS::SCALINGGROUP', TagKey, TagValue })),
    );
  const token = optionalParam(req.params, 'NextToken');
  const start = token === undefined ? 0 : decodeOffsetToken(token);
  const more = start + LIST_TAGS_PAGE < rows.length;
  return {
    NextToken: more ? encodeOffsetToken(start + LIST_TAGS_PAGE) : '',
    TagResources: listOf(version, 'TagResource', rows.slice(start, start + LIST_TAGS_PAGE)),
  };
};



// ------------------------------------------------------------ notifications
const createNotificationConfiguration: VersionedHandler = () => (req) => {
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

const modifyNotificationConfiguration: VersionedHandler = () => (req) => {
  const { params } = req;
  const scalingGroupId = requiredParam(params, 'ScalingGroupId');
  const ess = essOf(req);
  ess.getGroup(scalingGroupId);
  ess.notifications.modify(scalingGroupId, requiredParam(params, 'NotificationArn'), requiredList(params, 'NotificationType', 'NotificationTypes'));
  return {};
};

const describeNotificationConfigurations: VersionedHandler = (version) => (req) => {
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

const deleteNotificationConfiguration: VersionedHandler = () => (req) => {
  const scalingGroupId = requiredParam(req.params, 'ScalingGroupId');
  const ess = essOf(req);
  ess.getGroup(scalingGroupId);
  ess.notifications.remove(scalingGroupId, requiredParam(req.params, 'NotificationArn'));
  return {};
};

export const essHandlers: Readonly<Record<string, VersionedHandler>> = {
  CreateScalingGroup: createScalingGroup,
  DescribeScalingGroups: describeScalingGroups,
  ModifyScalingGroup: modifyScalingGroup,
  EnableScalingGroup: enableScalingGroup,
  DisableScalingGroup: disableScalingGroup,
  DeleteScalingGroup: deleteScalingGroup,
  CreateScalingConfiguration: createScalingConfiguration,
  DescribeScalingConfigurations: describeScalingConfigurations,
  ModifyScalingConfiguration: modifyScalingConfiguration,
  DeleteScalingConfiguration: deleteScalingConfiguration,
  DescribeScalingInstances: describeScalingInstances,
  DescribeScalingActivities: describeScalingActivities,
  SuspendProcesses: suspendProcesses,
  ResumeProcesses: resumeProcesses,
  EnterStandby: enterStandby,
  ExitStandby: exitStandby,
  SetInstancesProtection: setInstancesProtection,
  TagResources: tagResources,
  UntagResources: untagResources,
  ListTagResources: listTagResources,
  CreateNotificationConfiguration: createNotificationConfiguration,
  ModifyNotificationConfiguration: modifyNotificationConfiguration,
  DescribeNotificationConfigurations: describeNotificationConfigurations,
  DeleteNotificationConfiguration: deleteNotificationConfiguration,
};
