import { rejectActions } from './revision-not-rejected';
import { COMPLIANT, type RevisionContext, type RuleVerdict, wait } from './verdict';

/** A revision whose executions failed or were cancelled `maxAttempts` times is rejected, not retried. */
export function attemptsLeft(ctx: RevisionContext): RuleVerdict {
  const { desired } = ctx;
  const failures = ctx.history.failures(desired.kind, desired.revision);
  const max = ctx.target.rollout.maxAttempts;
  if (failures.length < max) return COMPLIANT;
  const why = `${failures.length} failed or cancelled executions (${failures.map((e) => e.id).join(', ')}), at most ${max} allowed`;
  return wait('attempts-exhausted', why, { actions: rejectActions(ctx, why) });
}
