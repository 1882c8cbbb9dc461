// What every operation starts from: a fresh read of the fleet (the same
// snapshot a reconcile reads, with detail for the groups the planner needs
// it for) and the plan at an instant. Operations re-read before they act.
import type { PlanResult } from '../domain/actions';
import { plan } from '../domain/plan';
import type { GroupSnapshot, Snapshot } from '../domain/snapshot';
import { groupMatches } from '../domain/select';
import type { ControllerDeps } from '../controller/deps';
import { groupsNeedingDetail } from '../controller/reconcile';
import { ALL_GROUPS, readSnapshot } from '../controller/snapshot/read-snapshot';

export interface FleetView {
  snapshot: Snapshot;
  plan: PlanResult;
  at: Date;
}

export async function readView(deps: ControllerDeps, at: Date = new Date(deps.now())): Promise<FleetView> {
  const planAt = (s: Snapshot): PlanResult => plan(s, deps.policy, at);
  const read = await readSnapshot(deps.clients, deps.policy, ALL_GROUPS, {
    regionId: deps.regionId,
    selectForDetail: (draft) => groupsNeedingDetail(planAt(draft)),
  });
  return { snapshot: read.snapshot, plan: planAt(read.snapshot), at };
}

/** Groups some policy target selects: the ones rollgate manages. */
export function managedGroups(deps: ControllerDeps, snapshot: Snapshot): GroupSnapshot[] {
  return snapshot.groups.filter((g) => deps.policy.targets.some((t) => groupMatches(t.select, g)));
}
