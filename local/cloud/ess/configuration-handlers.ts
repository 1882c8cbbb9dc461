// ESS scaling configuration actions, both API versions.
import { essOf, page, jsonTags, type VersionedHandler } from './wire';
import { missingParameter } from '../core/errors';
import { listParam, optionalParam, paginate, requiredParam } from '../core/params';
import { configurationView, listOf } from './views';

export const createScalingConfiguration: VersionedHandler = () => (req) => {
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

export const describeScalingConfigurations: VersionedHandler = (version) => (req) => {
  const { params } = req;
  const groupId = optionalParam(params, 'ScalingGroupId');
  const ess = essOf(req);
  if (groupId) ess.getGroup(groupId);
  const ids = listParam(params, 'ScalingConfigurationId', 'ScalingConfigurationIds');
  const names = listParam(params, 'ScalingConfigurationName', 'ScalingConfigurationNames');
  const { pageNumber, pageSize } = page(params, 50);
  const filtered = groupId !== undefined || ids.length > 0 || names.length > 0;
  const configurations = filtered
    ? ess
        .listConfigurations()
        .filter((c) => groupId === undefined || c.scalingGroupId === groupId)
        .filter((c) => ids.length === 0 || ids.includes(c.scalingConfigurationId))
        .filter((c) => names.length === 0 || names.includes(c.scalingConfigurationName))
    : ess.listConfigurations();
  const { page: items, totalCount } = paginate(configurations, pageNumber, pageSize);
  return {
    TotalCount: totalCount,
    PageNumber: pageNumber,
    PageSize: pageSize,
    ScalingConfigurations: listOf(
      version,
      'ScalingConfiguration',
      items.map((c) => configurationView(version, req.world, c)),
    ),
  };
};

export const modifyScalingConfiguration: VersionedHandler = () => (req) => {
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

export const deleteScalingConfiguration: VersionedHandler = () => (req) => {
  essOf(req).deleteConfiguration(requiredParam(req.params, 'ScalingConfigurationId'));
  return {};
};
