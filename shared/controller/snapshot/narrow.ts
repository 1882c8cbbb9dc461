// A reconcile that needs only the first wave of the first target (an image
// event: a new image starts at the first wave, and the first target's first
// wave is the head of the planner's slot order) reads those groups by one tag
// instead of the whole fleet (docs/decisions.md, "Image events read the first
// wave").
import type { Policy } from '../../domain/policy';
import { groupMatches } from '../../domain/select';
import type { GroupSnapshot } from '../../domain/snapshot';
import { waveIndexOf } from '../../domain/waves';
import type { ReconcileScope } from './read-snapshot';

export interface FleetNarrowing {
  /** One tag every group the read needs carries: the DescribeScalingGroups filter. */
  tag: { key: string; value: string };
  /** Whether a group the filter returned is one the read needs (the tag alone may select more). */
  keeps(group: Pick<GroupSnapshot, 'id' | 'name' | 'tags'>): boolean;
}

/**
 * The narrowing for a reconcile of one target that is the policy's first: its first wave (every group it selects
 * when it has no waves), found by an exact tag of the wave's selector, else of the target's. Undefined when the
 * scope is anything else or no exact tag selects the wave (names, ids or `*` only): then the whole fleet is read.
 */
export function firstWaveNarrowing(policy: Policy, scope: ReconcileScope): FleetNarrowing | undefined {
  const target = policy.targets[0];
  if (target === undefined || scope.groupIds !== undefined || scope.targetNames?.length !== 1) return undefined;
  if (scope.targetNames[0] !== target.name) return undefined;
  const wave = target.waves[0];
  const exact = [...Object.entries(wave?.select.tags ?? {}), ...Object.entries(target.select.tags ?? {})].find(
    ([, value]) => value !== '*',
  );
  if (exact === undefined) return undefined;
  const [key, value] = exact;
  return {
    tag: { key, value },
    keeps: (group) => groupMatches(target.select, group) && waveIndexOf(target, group) === 0,
  };
}
