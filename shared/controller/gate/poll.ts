// The gate's poll interval: the shortest of the policy's targets.
import type { ControllerDeps } from '../deps';

/** The poll interval of the policy: the shortest of its targets (default 5 s). */
export function pollSecondsOf(deps: Pick<ControllerDeps, 'policy'>): number {
  const values = deps.policy.targets.map((t) => t.gate.pollSeconds);
  return values.length === 0 ? 5 : Math.min(...values);
}
