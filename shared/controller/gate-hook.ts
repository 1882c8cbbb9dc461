// The one place the reconcile function takes its gate from. Until the gate
// (shared/controller/gate/) exports its runGateOnce, batches are continued by
// the minimal health-based continuation; wiring the gate is a one-line change here.
import { continueHealthyBatches } from './continue-batches';
import type { RunGateOnce } from './deps';

export function gateHook(): RunGateOnce {
  return continueHealthyBatches;
}
