// ECS 2014-05-26 wire: parameters in, JSON shapes out. Rules live in model.ts.
import type { EcsInstanceRecord, RpcHandler, RpcRequest } from '../core/contracts';
import { invalidParameter } from '../core/errors';
import {
  enumParam,
  intParam,
  jsonOrRepeatList,
  optionalParam,
  paginate,
  repeatList,
  requiredParam,
  tagPairs,
} from '../core/params';
import type { InvocationRecord } from './commands';
import type { ImageRecord } from './images';
import type { LocalEcsModel } from './model';

const ecsOf = (req: RpcRequest) => req.world.ecs as LocalEcsModel;

const tagList = (tags: Record<string, string>) => ({ Tag: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) });

function matchesTags(tags: Record<string, string>, wanted: Array<{ key: string; value: string }>): boolean {
  return wanted.every(({ key, value }) => key in tags && (value === '' || tags[key] === value));
}

function page(req: RpcRequest, max: number): { pageNumber: number; pageSize: number } {
  return {
    pageNumber: intParam(req.params, 'PageNumber', { min: 1 }) ?? 1,
    pageSize: intParam(req.params, 'PageSize', { min: 1, max }) ?? 10,
  };
}

// ------------------------------------------------------------ images
function imageView(image: ImageRecord, accountId: string): Record<string, unknown> {
  return {
    ImageId: image.imageId,
    ImageName: image.imageName,
    ...(image.imageFamily ? { ImageFamily: image.imageFamily } : {}),
    ImageVersion: image.imageVersion ?? '',
    Description: image.description,
    Status: image.status,
    Progress: `${image.progress}%`,
    CreationTime: image.creationTime,
    Size: image.sizeGiB,
    OSType: image.osType,
    OSName: image.osName,
    OSNameEn: image.osName,
    Platform: image.platform,
    Architecture: image.architecture,
    ImageOwnerAlias: image.ownerAlias,
    ImageOwnerId: image.ownerAlias === 'self' ? Number(accountId) : 0,
    IsPublic: image.ownerAlias === 'system',
    IsCopied: false,
    IsSelfShared: '',
    IsSupportCloudinit: true,
    IsSupportIoOptimized: true,
    Usage: 'instance',
    BootMode: 'UEFI-Preferred',
    ...(image.sourceInstanceId ? { SourceInstanceId: image.sourceInstanceId } : {}),
    Tags: tagList(image.tags),
    DiskDeviceMappings: {
      DiskDeviceMapping: [{ Device: '/dev/xvda', Size: String(image.sizeGiB), Type: 'system', Format: '', Progress: `${image.progress}%` }],
    },
  };
}

const IMAGE_STATUSES = ['Creating', 'Waiting', 'Available', 'UnAvailable', 'CreateFailed', 'Deprecated'];

export const describeImages: RpcHandler = (req) => {
  const { params } = req;
  const statusParam = optionalParam(params, 'Status') ?? 'Available';
  const statuses = statusParam === 'ALL' ? IMAGE_STATUSES : statusParam.split(',').map((s) => s.trim());
  for (const status of statuses) if (!IMAGE_STATUSES.includes(status)) throw invalidParameter('Status', `"${status}" is not a valid image status.`);
  const ids = optionalParam(params, 'ImageId')?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const name = optionalParam(params, 'ImageName');
  const family = optionalParam(params, 'ImageFamily');
  const owner = enumParam(params, 'ImageOwnerAlias', ['system', 'self', 'others', 'marketplace'] as const);
  const osType = optionalParam(params, 'OSType');
  const architecture = optionalParam(params, 'Architecture');
  const tags = tagPairs(params);
  const { pageNumber, pageSize } = page(req, 100);
  const images = ecsOf(req)
    .images.list()
    .filter((i) => statuses.includes(i.status))
    .filter((i) => !ids || ids.includes(i.imageId))
    .filter((i) => name === undefined || i.imageName === name)
    .filter((i) => family === undefined || i.imageFamily === family)
    .filter((i) => (owner === undefined ? true : i.ownerAlias === owner))
    .filter((i) => osType === undefined || i.osType === osType)
    .filter((i) => architecture === undefined || i.architecture === architecture)
    .filter((i) => matchesTags(i.tags, tags))
    // Newest first, as the console and DescribeImages list custom images.
    .sort((a, b) => b.creationTime.localeCompare(a.creationTime) || b.imageId.localeCompare(a.imageId));
  const { page: items, totalCount } = paginate(images, pageNumber, pageSize);
  return {
    RegionId: req.world.regionId,
    TotalCount: totalCount,
    PageNumber: pageNumber,
    PageSize: pageSize,
    Images: { Image: items.map((i) => imageView(i, req.world.accountId)) },
  };
};

export const createImage: RpcHandler = (req) => {
  const { params } = req;
  const instanceId = optionalParam(params, 'InstanceId');
  const snapshotId = optionalParam(params, 'SnapshotId');
  if (!instanceId && !snapshotId) throw invalidParameter('InstanceId', 'Either InstanceId or SnapshotId must be specified.');
  const ecs = ecsOf(req);
  const source = instanceId ? ecs.getInstance(instanceId) : undefined;
  const sourceImage = source ? ecs.images.find(source.imageId) : undefined;
  const imageName = optionalParam(params, 'ImageName') ?? `image-${req.world.clock.iso().replace(/[-:TZ]/g, '')}`;
  const tags = Object.fromEntries(tagPairs(params).map(({ key, value }) => [key, value]));
  const image = ecs.images.create({
    imageName,
    ...(optionalParam(params, 'ImageFamily') ? { imageFamily: requiredParam(params, 'ImageFamily') } : {}),
    ...(optionalParam(params, 'ImageVersion') ? { imageVersion: requiredParam(params, 'ImageVersion') } : {}),
    ...(optionalParam(params, 'Description') ? { description: requiredParam(params, 'Description') } : {}),
    tags,
    ...(instanceId ? { sourceInstanceId: instanceId } : {}),
    ...(sourceImage ? { osName: sourceImage.osName, architecture: sourceImage.architecture } : {}),
  });
  return { ImageId: image.imageId };
};

// ------------------------------------------------------------ instances
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
      NetworkInterface: [{ NetworkInterfaceId: `eni-${instance.instanceId.slice(2)}`, PrimaryIpAddress: instance.privateIp, Type: 'Primary' }],
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
    .filter((i) => !ids || ids.includes(i.instanceId))
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
    const start = nextToken === undefined ? 0 : decodeToken(nextToken);
    const size = maxResults ?? 10;
    const slice = instances.slice(start, start + size);
    const more = start + size < instances.length;
    return {
      TotalCount: instances.length,
      NextToken: more ? encodeToken(start + size) : '',
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
  const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(actual);
}

function encodeToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeToken(token: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw invalidParameter('NextToken', 'The token is invalid.');
  return Number(match[1]);
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
  const { diskId } = ecsOf(req).replaceSystemDisk(requiredParam(req.params, 'InstanceId'), requiredParam(req.params, 'ImageId'));
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
    .filter((d) => !ids || ids.includes(d.diskId))
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

// ------------------------------------------------------------ tags
const TAGGABLE = ['instance', 'image'] as const;

function resourceType(req: RpcRequest): 'instance' | 'image' {
  const raw = requiredParam(req.params, 'ResourceType').toLowerCase();
  if (!(TAGGABLE as readonly string[]).includes(raw)) throw invalidParameter('ResourceType', `Supported here: ${TAGGABLE.join(', ')}.`);
  return raw as 'instance' | 'image';
}

export const tagResources: RpcHandler = (req) => {
  const type = resourceType(req);
  const ids = repeatList(req.params, 'ResourceId');
  if (ids.length === 0) throw invalidParameter('ResourceId.1', 'At least one resource id is required.');
  const tags = Object.fromEntries(tagPairs(req.params).map(({ key, value }) => [key, value]));
  if (Object.keys(tags).length === 0) throw invalidParameter('Tag.1.Key', 'At least one tag is required.');
  const ecs = ecsOf(req);
  for (const id of ids) {
    if (type === 'instance') ecs.getInstance(id);
    else ecs.images.get(id);
  }
  for (const id of ids) {
    if (type === 'instance') ecs.tagInstance(id, tags);
    else ecs.images.tag(id, tags);
  }
  return {};
};

export const untagResources: RpcHandler = (req) => {
  const type = resourceType(req);
  const ids = repeatList(req.params, 'ResourceId');
  const keys = repeatList(req.params, 'TagKey');
  const ecs = ecsOf(req);
  for (const id of ids) {
    if (type === 'instance') ecs.untagInstance(id, keys);
    else ecs.images.untag(id, keys);
  }
  return {};
};

export const listTagResources: RpcHandler = (req) => {
  const type = resourceType(req);
  const ids = repeatList(req.params, 'ResourceId');
  const wanted = tagPairs(req.params);
  const ecs = ecsOf(req);
  const resources: Array<{ id: string; tags: Record<string, string> }> =
    type === 'instance'
      ? ecs.listInstances().map((i) => ({ id: i.instanceId, tags: i.tags }))
      : ecs.images.list().map((i) => ({ id: i.imageId, tags: i.tags }));
  const rows = resources
    .filter((r) => ids.length === 0 || ids.includes(r.id))
    .filter((r) => matchesTags(r.tags, wanted))
    .flatMap((r) => Object.entries(r.tags).map(([TagKey, TagValue]) => ({ ResourceId: r.id, ResourceType: type, TagKey, TagValue })));
  const start = optionalParam(req.params, 'NextToken') === undefined ? 0 : decodeToken(requiredParam(req.params, 'NextToken'));
  const size = 50;
  const more = start + size < rows.length;
  return { NextToken: more ? encodeToken(start + size) : '', TagResources: { TagResource: rows.slice(start, start + size) } };
};

// ------------------------------------------------------------ Cloud Assistant
export const runCommand: RpcHandler = (req) => {
  const { params } = req;
  const raw = requiredParam(params, 'CommandContent');
  const encoding = enumParam(params, 'ContentEncoding', ['PlainText', 'Base64'] as const) ?? 'PlainText';
  const content = encoding === 'Base64' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const type = enumParam(params, 'Type', ['RunShellScript', 'RunBatScript', 'RunPowerShellScript'] as const);
  if (!type) throw invalidParameter('Type', 'Type is required: RunShellScript, RunBatScript or RunPowerShellScript.');
  const instanceIds = [...repeatList(params, 'InstanceId'), ...jsonOrRepeatList(params, 'InstanceIds')];
  if (instanceIds.length === 0) throw invalidParameter('InstanceId.1', 'At least one instance is required.');
  const timeout = intParam(params, 'Timeout', { min: 10, max: 86400 });
  const name = optionalParam(params, 'Name');
  const invocation = ecsOf(req).commands.run({
    instanceIds,
    content,
    type,
    ...(name ? { name } : {}),
    ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
  });
  return { CommandId: invocation.commandId, InvokeId: invocation.invokeId };
};

function instanceInvokeStatus(status: string): string {
  return status === 'Success' ? 'Finished' : status === 'Failed' ? 'Failed' : 'Running';
}

function invocationView(invocation: InvocationRecord): Record<string, unknown> {
  return {
    InvokeId: invocation.invokeId,
    CommandId: invocation.commandId,
    CommandName: invocation.name,
    CommandType: invocation.type,
    CommandContent: Buffer.from(invocation.content).toString('base64'),
    InvokeStatus: invocation.status,
    InvocationStatus: invocation.status === 'Finished' ? 'Success' : invocation.status === 'Running' ? 'Running' : invocation.status,
    Timeout: invocation.timeoutSeconds,
    CreationTime: invocation.creationTime,
    Timed: false,
    RepeatMode: 'Once',
    InvokeInstances: {
      InvokeInstance: invocation.results.map((r) => ({
        InstanceId: r.instanceId,
        InstanceInvokeStatus: instanceInvokeStatus(r.status),
        InvocationStatus: r.status,
        ExitCode: r.exitCode,
        Output: Buffer.from(r.output).toString('base64'),
        StartTime: r.startTime,
        ...(r.finishedTime ? { FinishTime: r.finishedTime } : {}),
      })),
    },
  };
}

export const describeInvocations: RpcHandler = (req) => {
  const { params } = req;
  const invokeId = optionalParam(params, 'InvokeId');
  const status = optionalParam(params, 'InvokeStatus');
  const instanceId = optionalParam(params, 'InstanceId');
  const { pageNumber, pageSize } = page(req, 50);
  const ecs = ecsOf(req);
  const invocations = ecs.commands
    .list()
    .filter((i) => invokeId === undefined || i.invokeId === invokeId)
    .filter((i) => status === undefined || i.status === status)
    .filter((i) => instanceId === undefined || i.results.some((r) => r.instanceId === instanceId))
    .reverse();
  const { page: items, totalCount } = paginate(invocations, pageNumber, pageSize);
  return { TotalCount: totalCount, PageNumber: pageNumber, PageSize: pageSize, Invocations: { Invocation: items.map(invocationView) } };
};

export const describeInvocationResults: RpcHandler = (req) => {
  const { params } = req;
  const invokeId = optionalParam(params, 'InvokeId');
  const instanceId = optionalParam(params, 'InstanceId');
  const ecs = ecsOf(req);
  if (invokeId !== undefined) ecs.commands.get(invokeId);
  const { pageNumber, pageSize } = page(req, 50);
  const rows = ecs.commands
    .list()
    .filter((i) => invokeId === undefined || i.invokeId === invokeId)
    .flatMap((i) => i.results.map((r) => ({ invocation: i, result: r })))
    .filter(({ result }) => instanceId === undefined || result.instanceId === instanceId);
  const { page: items, totalCount } = paginate(rows, pageNumber, pageSize);
  return {
    Invocation: {
      TotalCount: totalCount,
      PageNumber: pageNumber,
      PageSize: pageSize,
      InvocationResults: {
        InvocationResult: items.map(({ invocation, result }) => ({
          InvokeId: invocation.invokeId,
          CommandId: invocation.commandId,
          InstanceId: result.instanceId,
          InvocationStatus: result.status,
          InvokeRecordStatus: result.status === 'Running' ? 'Running' : 'Finished',
          ExitCode: result.exitCode,
          Output: Buffer.from(result.output).toString('base64'),
          ErrorCode: result.status === 'Failed' ? 'NonZeroExitCode' : '',
          ErrorInfo: result.status === 'Failed' ? `the command exited with ${result.exitCode}` : '',
          StartTime: result.startTime,
          ...(result.finishedTime ? { FinishedTime: result.finishedTime } : {}),
          Dropped: 0,
          Repeats: 1,
        })),
      },
    },
  };
};
