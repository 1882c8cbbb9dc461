// ESS TagResources / UntagResources / ListTagResources (ResourceType scalinggroup).
import type { RpcParams } from '../core/contracts';
import { essOf, tagsOf, tagRecord, requiredList, type VersionedHandler } from './wire';
import { invalidParameter, missingParameter } from '../core/errors';
import {
  boolParam,
  decodeOffsetToken,
  encodeOffsetToken,
  listParam,
  optionalParam,
  requiredParam,
} from '../core/params';
import { listOf } from './views';

function checkResourceType(params: RpcParams): void {
  const type = requiredParam(params, 'ResourceType');
  if (type.toLowerCase() !== 'scalinggroup')
    throw invalidParameter('ResourceType', 'Only "scalinggroup" is supported.');
}

export const tagResources: VersionedHandler = () => (req) => {
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

export const untagResources: VersionedHandler = () => (req) => {
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

export const listTagResources: VersionedHandler = (version) => (req) => {
  checkResourceType(req.params);
  const ids = listParam(req.params, 'ResourceId', 'ResourceIds');
  const wanted = tagsOf(req.params);
  const rows = essOf(req)
    .listGroups()
    .filter((g) => ids.length === 0 || ids.includes(g.scalingGroupId))
    .filter((g) => wanted.every(({ key, value }) => key in g.tags && (value === '' || g.tags[key] === value)))
    .flatMap((g) =>
      Object.entries(g.tags).map(([TagKey, TagValue]) => ({
        ResourceId: g.scalingGroupId,
        ResourceType: 'ALIYUN::ESS::SCALINGGROUP',
        TagKey,
        TagValue,
      })),
    );
  const token = optionalParam(req.params, 'NextToken');
  const start = token === undefined ? 0 : decodeOffsetToken(token);
  const more = start + LIST_TAGS_PAGE < rows.length;
  return {
    NextToken: more ? encodeOffsetToken(start + LIST_TAGS_PAGE) : '',
    TagResources: listOf(version, 'TagResource', rows.slice(start, start + LIST_TAGS_PAGE)),
  };
};
