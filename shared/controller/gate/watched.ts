// Whether the minute reconcile's gate turn has anything to do, from the
// snapshot the reconcile already read: every group with a rollout the gate
// may have to decide (paused, a final bake, a hold, a cancel or rollback to
// finish) shows a live lease of a gate loop. Then the loop
// decides them and the reconcile's observing turn would only read what it
// must leave alone.
import { isActiveExecution, type Snapshot } from '../../domain/snapshot';
import { EXECUTION_TAG } from '../../domain/tags';
import { decodeLease, GATE_LEASE_TAG } from './lease';
import { decodeGateState, GATE_STATE_TAG } from './state';

export interface Watched {
  /** Every such group has a live lease (none at all counts as watched: there is nothing to decide). */
  watched: boolean;
  /** Running or paused rollouts rollgate started, as the snapshot lists them. */
  active: number;
}

/** `windowMs`: how long after its end a success may still be baking (run-gate.ts). */
export function watchedByLoops(snapshot: Snapshot, nowMs: number, windowMs: number): Watched {
  const groups = new Map(snapshot.groups.map((g) => [g.id, g]));
  const stateOf = (groupId: string) => decodeGateState(groups.get(groupId)?.tags[GATE_STATE_TAG]);
  const toDecide = new Set<string>();
  let active = 0;
  for (const e of snapshot.executions) {
    const groupId = e.tags[EXECUTION_TAG.scalingGroup];
    if (groupId === undefined || e.tags[EXECUTION_TAG.kind] === undefined) continue;
    if (isActiveExecution(e)) {
      active += 1;
      // A running batch has nothing to decide; once it pauses, a loop's lease or this turn covers it.
      if (e.status === 'Waiting') toDecide.add(groupId);
    } else if (e.status === 'Success' && nowMs - Date.parse(e.endDate ?? '') <= windowMs) {
      const state = stateOf(groupId);
      if (state?.executionId !== e.id || state.pause !== 'final' || state.phase !== 'done') toDecide.add(groupId);
    }
  }
  for (const g of snapshot.groups) {
    const state = stateOf(g.id);
    if (state === undefined) continue;
    if (state.phase === 'held' || state.phase === 'cancel' || state.phase === 'rollback') toDecide.add(g.id);
    if (state.pause === 'final' && state.phase === 'bake') toDecide.add(g.id);
  }
  const nowS = Math.floor(nowMs / 1000);
  const watched = [...toDecide].every((groupId) => {
    const lease = decodeLease(groups.get(groupId)?.tags[GATE_LEASE_TAG]);
    return lease !== undefined && lease.expiresAt > nowS;
  });
  return { watched, active };
}
