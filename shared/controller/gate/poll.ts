// The gate's poll interval: the shortest of the policy's targets.
import { checkSecondsOf } from '../../domain/policy';
import type { ControllerDeps } from '../deps';

/** The poll interval of the policy: the shortest of its targets (default 5 s). */
export function pollSecondsOf(deps: Pick<ControllerDeps, 'policy'>): number {
  const values = deps.policy.targets.map((t) => t.gate.pollSeconds);
  return values.length === 0 ? 5 : Math.min(...values);
}

/** The longest time one passing answer vouches for a batch in the policy (its targets' `checkSeconds`). */
export function longestCheckSecondsOf(deps: Pick<ControllerDeps, 'policy'>): number {
  return deps.policy.targets.reduce((max, t) => Math.max(max, checkSecondsOf(t.gate)), 0);
}
