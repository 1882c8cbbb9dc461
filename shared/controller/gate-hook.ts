// The one place the reconcile function takes its gate from: the gate's
// once-per-minute turn (shared/controller/gate/), which also starts the fast
// gate loop when a rollout started or a pause went unwatched.
import type { RunGateOnce } from './deps';
import { reconcileGate } from './gate/reconcile-hook';

export function gateHook(): RunGateOnce {
  return reconcileGate();
}
