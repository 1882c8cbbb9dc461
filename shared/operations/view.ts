// What every operation starts from: a fresh read of the fleet (the same
// snapshot a reconcile reads, with detail for the groups the planner needs
// it for) and the plan at an instant. Operations re-read before they act.
import type { PlanResult } from '../domain/actions';
import { plan } from '../domain/plan';
import type { GroupSnapshot, Snapshot } from '../domain/snapshot';
import { groupMatches } from '../domain/select';
import type { ControllerDeps } from '../controller/deps';
import { withRecordedFreeze } from '../domain/batch-hold';
import { readFreeze } from '../controller/freeze';
import { groupsNeedingDetail } from '../controller/reconcile';
import { ALL_GROUPS, readSnapshot } from '../controller/snapshot/read-snapshot';

/** The emergency freeze in force: the policy file's `freeze`, or the one the freeze operation recorded. */
export interface FreezeStatus {
  reason: string;
  by: 'policy' | 'operation';
  since?: string;
}

export interface FleetView {
  snapshot: Snapshot;
  plan: PlanResult;
  at: Date;
  freeze?: FreezeStatus;
}

async function freezeInForce(deps: ControllerDeps): Promise<FreezeStatus | undefined> {
  if (deps.policy.freeze !== undefined) return { reason: deps.policy.freeze.reason, by: 'policy' };
  const recorded = await readFreeze(deps.clients);
  return recorded === undefined ? undefined : { ...recorded, by: 'operation' };
}

export async function readView(deps: ControllerDeps, at: Date = new Date(deps.now())): Promise<FleetView> {
  const freeze = await freezeInForce(deps);
  const policy = withRecordedFreeze(deps.policy, freeze);
  const planAt = (s: Snapshot): PlanResult => plan(s, policy, at);
  const read = await readSnapshot(deps.clients, policy, ALL_GROUPS, {
    regionId: deps.regionId,
    selectForDetail: (draft) => groupsNeedingDetail(planAt(draft)),
  });
  return { snapshot: read.snapshot, plan: planAt(read.snapshot), at, ...(freeze === undefined ? {} : { freeze }) };
}

/** Groups some policy target selects: the ones rollgate manages. */
export function managedGroups(deps: ControllerDeps, snapshot: Snapshot): GroupSnapshot[] {
  return snapshot.groups.filter((g) => deps.policy.targets.some((t) => groupMatches(t.select, g)));
}
