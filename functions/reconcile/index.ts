// Timer trigger (every minute): reconcile every managed group — the safety
// net for lost events — and give the gate its once-per-minute turn.
import { controllerDeps } from '../../shared/controller/compose';
import { gateHook } from '../../shared/controller/gate-hook';
import { toFcResult } from '../../shared/controller/outcome';
import { ALL_GROUPS } from '../../shared/controller/snapshot/read-snapshot';
import { reconcileStep } from '../../shared/controller/reconcile';
import { TimerTriggerEventSchema, parseEventBytes } from '../../shared/schemas/fc-events';

export const handler = async (event: unknown, context: unknown): Promise<Record<string, unknown>> => {
  // The payload carries nothing the reconcile needs; parsing only documents what arrived (and whether the timer sent it).
  const trigger = safeTrigger(event);
  const deps = await controllerDeps('reconcile', context, process.env, { arrangesWakes: trigger !== 'invoke' });
  const log = deps.log.child({ trigger });
  return toFcResult(await reconcileStep({ ...deps, log }, ALL_GROUPS, { runGateOnce: gateHook() }));
};

function safeTrigger(event: unknown): string {
  try {
    const parsed = parseEventBytes('reconcile', TimerTriggerEventSchema, event);
    return `${parsed.triggerName}@${parsed.triggerTime}`;
  } catch {
    return 'invoke';
  }
}
