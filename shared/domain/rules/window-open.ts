import { batchNumberOf } from '../policy/rollout';
import { DEFAULT_INSTANCE_SECONDS } from '../policy/templates';
import { inService } from '../satisfied';
import { estimateRolloutSeconds, maintenanceWindowOpen } from '../windows';
import { COMPLIANT, notApplicable, type RevisionContext, type RuleVerdict, wait } from './verdict';

/** A rollout starts only inside a maintenance window with room for its estimated duration. */
export function windowOpen(ctx: RevisionContext): RuleVerdict {
  const { target } = ctx;
  if (target.windows.length === 0) return notApplicable('no maintenance windows: always open');
  const estimated = estimateRolloutSeconds(
    inService(ctx.group).length,
    batchNumberOf(target.rollout),
    target.gate.bakeSeconds,
    target.rollout.instanceSeconds ?? DEFAULT_INSTANCE_SECONDS[ctx.desired.kind],
  );
  const verdict = maintenanceWindowOpen(target.windows, ctx.now, estimated);
  if (verdict.open) return COMPLIANT;
  return wait('window-closed', `${verdict.reason}: ${verdict.detail}`, verdict.nextOpensAt !== undefined ? { recheckAt: verdict.nextOpensAt } : {});
}
