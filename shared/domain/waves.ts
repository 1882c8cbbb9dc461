// Which wave of a target a group belongs to.
import type { Target } from './policy/target';
import { groupMatches } from './select';
import type { GroupSnapshot } from './snapshot';

/** Index of the first wave whose selector matches; 0 when the target has no waves; undefined when none matches. */
export function waveIndexOf(target: Target, group: Pick<GroupSnapshot, 'id' | 'name' | 'tags'>): number | undefined {
  if (target.waves.length === 0) return 0;
  const index = target.waves.findIndex((w) => groupMatches(w.select, group));
  return index === -1 ? undefined : index;
}

export interface WaveMember {
  group: GroupSnapshot;
  /** undefined: selected by the target but by none of its waves. */
  waveIndex: number | undefined;
}

/** The groups a target selects, each with its wave: computed once per plan, read by every group's wave check. */
export function targetMembers(target: Target, groups: readonly GroupSnapshot[]): WaveMember[] {
  return groups
    .filter((g) => groupMatches(target.select, g))
    .map((group) => ({ group, waveIndex: waveIndexOf(target, group) }));
}
