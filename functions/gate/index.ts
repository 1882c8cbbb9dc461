// The gate: invoked asynchronously when a rollout starts (by the reconcile)
// and by itself before its timeout. Watches every active rollout rollgate
// started, decides each batch pause, and returns when none is active.
import { gateLoopDeps } from '../../shared/controller/gate/compose';
import { runGateLoop } from '../../shared/controller/gate/loop';

export const handler = async (_event: unknown, context: unknown): Promise<Record<string, unknown>> => {
  // The event carries only why the gate was started: the gate reads everything it needs from the cloud.
  const loop = await gateLoopDeps(context);
  const result = await runGateLoop(loop);
  return { status: 'done', rounds: result.rounds, stopped: result.stopped, decisions: result.decisions, active: result.last?.active ?? 0 };
};
