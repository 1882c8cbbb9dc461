// The gate: health-checked batch pauses, failure actions and their events.
export { runGateOnce, type GateRunReport } from './run-gate';
export { runGateLoop, pollSecondsOf, type GateLoopDeps, type GateLoopResult } from './loop';
export { reconcileGate } from './reconcile-hook';
export { kickGate, DEFAULT_GATE_FUNCTION } from './kick';
export { realSleep, simulatedSleep, type Sleep } from './sleep';
export { GATE_STATE_TAG, decodeGateState, encodeGateState, type GateState } from './state';
export { ROLLBACK_OF_TAG, PRE_SUSPENDED_TAG } from './context';
export type { GateDecisionReport } from './decide-execution';
