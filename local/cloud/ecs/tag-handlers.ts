// ECS TagResources / UntagResources / ListTagResources for instances and images.
import type { RpcHandler, RpcRequest } from '../core/contracts';
import { invalidParameter } from '../core/errors';
import {
  decodeOffsetToken,
  encodeOffsetToken,
  optionalParam,
  repeatList,
  requiredParam,
  tagPairs,
} from '../core/params';
import { ecsOf, matchesTags } from './wire';

const TAGGABLE = ['instance', 'image'] as const;

function resourceType(req: RpcRequest): 'instance' | 'image' {
  const raw = requiredParam(req.params, 'ResourceType').toLowerCase();
  if (!(TAGGABLE as readonly string[]).includes(raw))
    throw invalidParameter('ResourceType', `Supported here: ${TAGGABLE.join(', ')}.`);
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
    .flatMap((r) =>
      Object.entries(r.tags).map(([TagKey, TagValue]) => ({ ResourceId: r.id, ResourceType: type, TagKey, TagValue })),
    );
  const start =
    optionalParam(req.params, 'NextToken') === undefined
      ? 0
      : decodeOffsetToken(requiredParam(req.params, 'NextToken'));
  const size = 50;
  const more = start + size < rows.length;
  return {
    NextToken: more ? encodeOffsetToken(start + size) : '',
    TagResources: { TagResource: rows.slice(start, start + size) },
  };
};
