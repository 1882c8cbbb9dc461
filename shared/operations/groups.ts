// Which groups a request names: by id (asg-…), by exact name, or by a policy
// selector (tags, ids, name globs). Unknown names are refused, not ignored.
import type { Selector } from '../domain/policy/common';
import { groupMatches } from '../domain/select';
import type { GroupSnapshot, Snapshot } from '../domain/snapshot';
import { OperationError } from './errors';

export interface GroupRefs {
  /** Group ids or names. */
  groups?: readonly string[];
  selector?: Selector;
}

/** The one group an id or name refers to. */
export function findGroup(snapshot: Snapshot, ref: string, field = 'group'): GroupSnapshot {
  const byId = snapshot.groups.find((g) => g.id === ref);
  if (byId !== undefined) return byId;
  const byName = snapshot.groups.filter((g) => g.name === ref);
  if (byName.length === 1 && byName[0] !== undefined) return byName[0];
  if (byName.length > 1)
    throw new OperationError(
      'bad-request',
      `${byName.length} groups are named ${ref}`,
      field,
      'name the group by its id (asg-…)',
    );
  throw new OperationError(
    'not-found',
    `no scaling group ${ref} in region ${snapshot.regionId}`,
    field,
    'give a scaling group id (asg-…) or name; `rollgate status` lists them',
  );
}

export function resolveGroups(snapshot: Snapshot, refs: GroupRefs): GroupSnapshot[] {
  const named = (refs.groups ?? []).map((ref, i) => findGroup(snapshot, ref, `groups[${i}]`));
  const selector = refs.selector;
  const selected = selector === undefined ? [] : snapshot.groups.filter((g) => groupMatches(selector, g));
  if (selector !== undefined && selected.length === 0) {
    throw new OperationError(
      'not-found',
      'the selector matches no scaling group',
      'selector',
      'check the tags, ids or name globs',
    );
  }
  const all = [...named, ...selected];
  if (all.length === 0)
    throw new OperationError('bad-request', 'no group named', 'groups', 'give groups (ids or names) or a selector');
  return [...new Map(all.map((g) => [g.id, g])).values()];
}
