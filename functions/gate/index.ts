// The gate: invoked asynchronously when a rollout starts (by the reconcile)
// and by itself before its timeout. Watches every active rollout rollgate
// started, decides each batch pause, and returns when none is active, or when
// an older gate loop already runs (one loop at a time).
import { gateLoopDeps } from '../../shared/controller/gate/compose';
import { runGateLoop } from '../../shared/controller/gate/loop';
import { GateStartEventSchema, parseEventBytes } from '../../shared/schemas/fc-events';

export const handler = async (event: unknown, context: unknown): Promise<Record<string, unknown>> => {
  // The event says why the gate was started and, on a hand-over, which loop this continues; the rest is read from the cloud.
  const start = startOf(event);
  const loop = await gateLoopDeps(context, process.env, start.holder);
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

function startOf(event: unknown): { holder?: string } {
  try {
    return parseEventBytes('gate', GateStartEventSchema, event);
  } catch {
    // A start without a readable payload (a manual invoke) starts a new loop.
    return {};
  }
}
