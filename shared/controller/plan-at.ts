// What the planner would decide for every group at a given time, without
// doing anything: the read-only view behind `status` and `plan --at <time>`
// (a window verdict reads "waiting for window nightly, opens …").
import type { GroupDecision } from '../domain/actions';
import { plan } from '../domain/plan';
import type { ControllerDeps } from './deps';
import { policyInForce } from './freeze';
import { readSnapshot, type ReconcileScope } from './snapshot/read-snapshot';

export async function planAt(
  deps: Pick<ControllerDeps, 'clients' | 'policy' | 'regionId'>,
  at: Date,
  scope: ReconcileScope = {},
): Promise<GroupDecision[]> {
  if (Number.isNaN(at.getTime()))
    throw new RangeError('at: not a time; give an ISO 8601 instant such as 2026-12-05T22:30:00+08:00');
  const policy = await policyInForce(deps);
  const read = await readSnapshot(deps.clients, policy, scope, { regionId: deps.regionId });
  return plan(read.snapshot, policy, at).decisions;
}
