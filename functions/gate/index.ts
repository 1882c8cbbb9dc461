// The gate: invoked asynchronously when a rollout starts (by the reconcile)
// and by itself before its timeout. Watches every active rollout rollgate
// started, decides each batch pause, and returns when none is active, or when
// an older gate loop already runs (one loop at a time).
import { gateLoopDeps } from '../../shared/controller/gate/compose';
import { gateStartOf } from '../../shared/controller/gate/hand-over';
import { runGateLoop } from '../../shared/controller/gate/loop';

export const handler = async (event: unknown, context: unknown): Promise<Record<string, unknown>> => {
  // The event says why the gate was started and, on a hand-over, which loop this continues and what it remembered;
  // the rest is read from the cloud.
  const loop = await gateLoopDeps(context, process.env, gateStartOf(event));
  const result = await runGateLoop(loop);
  return {
    status: 'done',
    rounds: result.rounds,
    stopped: result.stopped,
    holder: result.holder,
    decisions: result.decisions,
    active: result.last?.active ?? 0,
  };
};
