// The webhook's routes under /v1/ (any prefix before it is the mount point),
// each a call of one operation.
import { GROUP_ACTIONS, type GroupAction } from '../operations/control';

export type Route =
  | { op: 'status' }
  | { op: 'group'; groupId: string }
  | { op: 'plan' }
  | { op: 'rollout' }
  | { op: 'action'; action: GroupAction; groupId: string }
  | { op: 'events' }
  | { op: 'freeze' }
  | { op: 'unfreeze' };

export type RouteMatch = { ok: true; route: Route } | { ok: false; status: 404 | 405; allowed?: string };

const MUTATING: ReadonlySet<Route['op']> = new Set(['rollout', 'action', 'freeze', 'unfreeze']);
export const isMutating = (route: Route): boolean => MUTATING.has(route.op);

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function byPath(segments: readonly string[]): { methods: string; route: Route } | undefined {
  const [first, id, action, ...rest] = segments;
  if (rest.length > 0) return undefined;
  if (first === 'groups' && id === undefined) return { methods: 'GET', route: { op: 'status' } };
  if (first === 'plan' && id === undefined) return { methods: 'GET', route: { op: 'plan' } };
  if (first === 'events' && id === undefined) return { methods: 'GET', route: { op: 'events' } };
  if (first === 'rollouts' && id === undefined) return { methods: 'POST', route: { op: 'rollout' } };
  if (first === 'freeze' && id === undefined) return { methods: 'POST', route: { op: 'freeze' } };
  if (first === 'unfreeze' && id === undefined) return { methods: 'POST', route: { op: 'unfreeze' } };
  if (first !== 'groups' || id === undefined) return undefined;
  const groupId = decode(id);
  if (groupId === undefined || groupId === '') return undefined;
  if (action === undefined) return { methods: 'GET', route: { op: 'group', groupId } };
  if ((GROUP_ACTIONS as readonly string[]).includes(action))
    return { methods: 'POST', route: { op: 'action', action: action as GroupAction, groupId } };
  return undefined;
}

export function matchRoute(method: string, rawPath: string): RouteMatch {
  const at = rawPath.indexOf('/v1/');
  if (at < 0) return { ok: false, status: 404 };
  const segments = rawPath
    .slice(at + '/v1/'.length)
    .replace(/\/+$/, '')
    .split('/');
  const found = byPath(segments);
  if (found === undefined) return { ok: false, status: 404 };
  if (found.methods !== method) return { ok: false, status: 405, allowed: found.methods };
  return { ok: true, route: found.route };
}
