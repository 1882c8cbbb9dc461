import { invokeTypeOf, kindOfExecution } from '../history';
import { batchNumberOf } from '../policy/rollout';
import { DEFAULT_INSTANCE_SECONDS } from '../policy/templates';
import { inService } from '../satisfied';
import { estimateRolloutSeconds, maintenanceWindowOpen, observedBatchSeconds, targetWindows } from '../windows';
import { COMPLIANT, notApplicable, type RevisionContext, type RuleVerdict, wait } from './verdict';

/** Estimated seconds for this group's rollout: its own finished rollouts of this kind per batch, else the policy's. */
export function estimatedSeconds(ctx: RevisionContext): number {
  const { target } = ctx;
  const own = observedBatchSeconds(
    ctx.history.executions.filter((e) => invokeTypeOf(e) === 'invoke' && kindOfExecution(e) === ctx.desired.kind),
  );
  const batches = batchNumberOf(target.rollout);
  const instances = inService(ctx.group).length;
  if (own !== undefined) return estimateRolloutSeconds(instances, batches, 0, own);
  return estimateRolloutSeconds(
    instances,
    batches,
    target.gate.bakeSeconds,
    target.rollout.instanceSeconds ?? DEFAULT_INSTANCE_SECONDS[ctx.desired.kind],
  );
}

/** A rollout starts only inside a maintenance window with room for its estimated duration before the cutoff. */
export function windowOpen(ctx: RevisionContext): RuleVerdict {
  const windows = targetWindows(ctx.policy, ctx.target);
  if (windows.length === 0) return notApplicable('no maintenance windows: always open');
  const verdict = maintenanceWindowOpen(windows, ctx.now, estimatedSeconds(ctx));
  if (verdict.open) return COMPLIANT;
  return wait(
    'window-closed',
    verdict.detail,
    verdict.nextOpensAt !== undefined ? { recheckAt: verdict.nextOpensAt } : {},
  );
}
