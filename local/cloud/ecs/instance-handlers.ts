// ECS instance actions: DescribeInstances, power changes, ReplaceSystemDisk, DescribeDisks.
import type { EcsInstanceRecord, RpcHandler } from '../core/contracts';
import {
  decodeOffsetToken,
  encodeOffsetToken,
  enumParam,
  intParam,
  jsonOrRepeatList,
  optionalParam,
  paginate,
  requiredParam,
  tagPairs,
} from '../core/params';
import { ecsOf, tagList, matchesTags, page } from './wire';

function instanceView(instance: EcsInstanceRecord, regionId: string): Record<string, unknown> {
  return {
    InstanceId: instance.instanceId,
    InstanceName: instance.instanceName,
    HostName: `iZ${instance.instanceId.slice(2, 12)}Z`,
    ImageId: instance.imageId,
    Status: instance.status,
    RegionId: regionId,
    ZoneId: instance.zoneId,
    InstanceType: instance.instanceType,
    InstanceNetworkType: 'vpc',
    InstanceChargeType: 'PostPaid',
    OSType: 'linux',
    Cpu: 2,
    Memory: 4096,
    CreationTime: instance.creationTime.replace(/:\d{2}Z$/, 'Z'),
    StartTime: instance.creationTime.replace(/:\d{2}Z$/, 'Z'),
    ExpiredTime: '2099-12-31T15:59Z',
    VpcAttributes: {
      VpcId: `vpc-local${regionId.replace(/[^a-z0-9]/g, '')}`,
      VSwitchId: `vsw-local${instance.zoneId.replace(/[^a-z0-9]/g, '')}`,
      PrivateIpAddress: { IpAddress: [instance.privateIp] },
      NatIpAddress: '',
    },
    InnerIpAddress: { IpAddress: [] },
    PublicIpAddress: { IpAddress: [] },
    EipAddress: { AllocationId: '', IpAddress: '', InternetChargeType: '' },
    NetworkInterfaces: {
      NetworkInterface: [
        {
          NetworkInterfaceId: `eni-${instance.instanceId.slice(2)}`,
          PrimaryIpAddress: instance.privateIp,
          Type: 'Primary',
        },
      ],
    },
    SecurityGroupIds: { SecurityGroupId: [] },
    Tags: tagList(instance.tags),
  };
}

const INSTANCE_STATUSES = ['Pending', 'Running', 'Starting', 'Stopping', 'Stopped'];

export const describeInstances: RpcHandler = (req) => {
  const { params } = req;
  const ids = optionalParam(params, 'InstanceIds') !== undefined ? jsonOrRepeatList(params, 'InstanceIds') : undefined;
  const status = enumParam(params, 'Status', INSTANCE_STATUSES);
  const imageId = optionalParam(params, 'ImageId');
  const zoneId = optionalParam(params, 'ZoneId');
  const name = optionalParam(params, 'InstanceName');
  const tags = tagPairs(params);
  const instances = ecsOf(req)
    .listInstances()
    .filter((i) => !ids?.length || ids.includes(i.instanceId))
    .filter((i) => status === undefined || i.status === status)
    .filter((i) => imageId === undefined || i.imageId === imageId)
    .filter((i) => zoneId === undefined || i.zoneId === zoneId)
    .filter((i) => name === undefined || nameMatches(i.instanceName, name))
    .filter((i) => matchesTags(i.tags, tags));
  const regionId = req.world.regionId;

  // NextToken/MaxResults paging takes over when either is given (newer clients).
  const maxResults = intParam(params, 'MaxResults', { min: 1, max: 100 });
  const nextToken = optionalParam(params, 'NextToken');
  if (maxResults !== undefined || nextToken !== undefined) {
    const start = nextToken === undefined ? 0 : decodeOffsetToken(nextToken);
    const size = maxResults ?? 10;
    const slice = instances.slice(start, start + size);
    const more = start + size < instances.length;
    return {
      TotalCount: instances.length,
      NextToken: more ? encodeOffsetToken(start + size) : '',
      Instances: { Instance: slice.map((i) => instanceView(i, regionId)) },
    };
  }
  const { pageNumber, pageSize } = page(req, 100);
  const { page: items, totalCount } = paginate(instances, pageNumber, pageSize);
  return {
    TotalCount: totalCount,
    PageNumber: pageNumber,
    PageSize: pageSize,
    NextToken: '',
    Instances: { Instance: items.map((i) => instanceView(i, regionId)) },
  };
};

function nameMatches(actual: string, pattern: string): boolean {
  if (!pattern.includes('*')) return actual === pattern;
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(actual);
}

export const stopInstance: RpcHandler = (req) => {
  ecsOf(req).stopInstance(requiredParam(req.params, 'InstanceId'));
  return {};
};

export const startInstance: RpcHandler = (req) => {
  ecsOf(req).startInstance(requiredParam(req.params, 'InstanceId'));
  return {};
};

export const rebootInstance: RpcHandler = (req) => {
  ecsOf(req).rebootInstance(requiredParam(req.params, 'InstanceId'));
  return {};
};

export const replaceSystemDisk: RpcHandler = (req) => {
  const { diskId } = ecsOf(req).replaceSystemDisk(
    requiredParam(req.params, 'InstanceId'),
    requiredParam(req.params, 'ImageId'),
  );
  return { DiskId: diskId };
};

export const describeDisks: RpcHandler = (req) => {
  const { params } = req;
  const ids = optionalParam(params, 'DiskIds') !== undefined ? jsonOrRepeatList(params, 'DiskIds') : undefined;
  const instanceId = optionalParam(params, 'InstanceId');
  const diskType = enumParam(params, 'DiskType', ['all', 'system', 'data'] as const) ?? 'all';
  const { pageNumber, pageSize } = page(req, 100);
  const ecs = ecsOf(req);
  const disks = ecs
    .listDisks()
    .filter((d) => !ids?.length || ids.includes(d.diskId))
    .filter((d) => instanceId === undefined || d.instanceId === instanceId)
    .filter(() => diskType !== 'data');
  const { page: items, totalCount } = paginate(disks, pageNumber, pageSize);
  return {
    TotalCount: totalCount,
    PageNumber: pageNumber,
    PageSize: pageSize,
    Disks: {
      Disk: items.map((d) => ({
        DiskId: d.diskId,
        InstanceId: d.instanceId,
        ImageId: d.imageId,
        Status: d.status,
        Type: 'system',
        Category: 'cloud_essd',
        Size: d.sizeGiB,
        Device: '/dev/xvda',
        RegionId: req.world.regionId,
        ZoneId: ecs.findInstance(d.instanceId)?.zoneId ?? '',
        CreationTime: d.creationTime,
        Portable: false,
        DeleteWithInstance: true,
      })),
    },
  };
};
