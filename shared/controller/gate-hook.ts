// The one place the reconcile function takes its gate from: the gate's turn
// in the minute reconcile (shared/controller/gate/). It runs the policy's
// health check at every batch pause and starts the fast gate loop when a
// rollout needs watching.
import type { RunGateOnce } from './deps';
import { reconcileGate } from './gate/index';

export function gateHook(): RunGateOnce {
  return reconcileGate();
}
