// Wire helpers shared by the ECS handlers.
import type { RpcRequest } from '../core/contracts';
import { intParam } from '../core/params';
import type { LocalEcsModel } from './model';

/** Handlers receive the contract type; ECS handlers need the local model's extras. */
export const ecsOf = (req: RpcRequest) => req.world.ecs as LocalEcsModel;

/** `{"Tag":[{"TagKey","TagValue"}]}` as ECS responses carry tags. */
export const tagList = (tags: Record<string, string>) => ({
  Tag: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
});

/** Every wanted tag present; an empty wanted value matches any value. */
export function matchesTags(tags: Record<string, string>, wanted: Array<{ key: string; value: string }>): boolean {
  return wanted.every(({ key, value }) => key in tags && (value === '' || tags[key] === value));
}

export function page(req: RpcRequest, max: number): { pageNumber: number; pageSize: number } {
  return {
    pageNumber: intParam(req.params, 'PageNumber', { min: 1 }) ?? 1,
    pageSize: intParam(req.params, 'PageSize', { min: 1, max }) ?? 10,
  };
}
