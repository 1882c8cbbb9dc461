// ECS image actions: DescribeImages, CreateImage.
import type { RpcHandler } from '../core/contracts';
import { invalidParameter } from '../core/errors';
import { enumParam, optionalParam, paginate, requiredParam, tagPairs } from '../core/params';
import type { ImageRecord } from './images';
import { ecsOf, tagList, matchesTags, page } from './wire';

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
      DiskDeviceMapping: [
        {
          Device: '/dev/xvda',
          Size: String(image.sizeGiB),
          Type: 'system',
          Format: '',
          Progress: `${image.progress}%`,
        },
      ],
    },
  };
}

const IMAGE_STATUSES = ['Creating', 'Waiting', 'Available', 'UnAvailable', 'CreateFailed', 'Deprecated'];

export const describeImages: RpcHandler = (req) => {
  const { params } = req;
  const statusParam = optionalParam(params, 'Status') ?? 'Available';
  const statuses = statusParam === 'ALL' ? IMAGE_STATUSES : statusParam.split(',').map((s) => s.trim());
  for (const status of statuses)
    if (!IMAGE_STATUSES.includes(status)) throw invalidParameter('Status', `"${status}" is not a valid image status.`);
  const ids = optionalParam(params, 'ImageId')
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
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
    .filter((i) => !ids?.length || ids.includes(i.imageId))
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
  if (!instanceId && !snapshotId)
    throw invalidParameter('InstanceId', 'Either InstanceId or SnapshotId must be specified.');
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
