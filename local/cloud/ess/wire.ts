// Wire helpers shared by the ESS handlers: each handler is built per API
// version and reads either list style (`Name.N` as 2014-08-28 takes it,
// plural `Names` as 2022-02-22 does).
import type { RpcHandler, RpcParams, RpcRequest } from '../core/contracts';
import { invalidParameter, missingParameter } from '../core/errors';
import { intParam, listParam, optionalParam, tagPairs, type TagPair } from '../core/params';
import type { LocalEssModel } from './model';
import type { EssVersion } from './views';

export type VersionedHandler = (version: EssVersion) => RpcHandler;

export const essOf = (req: RpcRequest) => req.world.ess as LocalEssModel;

export function page(params: RpcParams, max: number): { pageNumber: number; pageSize: number } {
  return {
    pageNumber: intParam(params, 'PageNumber', { min: 1 }) ?? 1,
    pageSize: intParam(params, 'PageSize', { min: 1, max }) ?? 10,
  };
}

/** Tags from `Tag.N.*` (2014) or `Tags.N.*` (2022). */
export function tagsOf(params: RpcParams): TagPair[] {
  const singular = tagPairs(params, 'Tag');
  return singular.length > 0 ? singular : tagPairs(params, 'Tags');
}

/** Tag key rules of TagResources: not empty, ≤128, no `acs:`/`aliyun` prefix, no URL. */
export function checkTag({ key, value }: TagPair, index: number): void {
  const name = `Tag.${index + 1}.Key`;
  if (key.length > 128) throw invalidParameter(name, 'A tag key can be at most 128 characters long.');
  if (/^(acs:|aliyun)/i.test(key)) throw invalidParameter(name, 'A tag key must not start with "acs:" or "aliyun".');
  if (/https?:\/\//i.test(key)) throw invalidParameter(name, 'A tag key must not contain "http://" or "https://".');
  if (value.length > 128)
    throw invalidParameter(`Tag.${index + 1}.Value`, 'A tag value can be at most 128 characters long.');
}

export function tagRecord(pairs: TagPair[]): Record<string, string> {
  pairs.forEach(checkTag);
  return Object.fromEntries(pairs.map(({ key, value }) => [key, value]));
}

export function jsonTags(params: RpcParams, name: string): Record<string, string> | undefined {
  const raw = optionalParam(params, name);
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidParameter(name, 'It must be a JSON object of string values.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw invalidParameter(name, 'It must be a JSON object of string values.');
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

export function requiredList(params: RpcParams, singular: string, plural: string): string[] {
  const values = listParam(params, singular, plural);
  if (values.length === 0) throw missingParameter(`${singular}.1`);
  return values;
}
