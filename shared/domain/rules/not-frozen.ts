import { freezeOf } from '../batch-hold';
import { inFlight } from './rollout-not-in-flight';
import { COMPLIANT, notApplicable, type GroupContext, type RuleVerdict, wait } from './verdict';

/**
 * An emergency freeze (policy flag or the group's `rollgate:frozen` tag) stops every new rollout. A rollout in
 * flight is not decided by it: the gate holds its next batch (batch-hold.ts), and the group reads `rollout-running`.
 */
export function notFrozen(ctx: GroupContext): RuleVerdict {
  if (inFlight(ctx)) return notApplicable('a rollout in flight is held at its batches by the gate, not here');
  const reason = freezeOf(ctx.policy, ctx.group.tags);
  return reason === undefined ? COMPLIANT : wait('frozen', `frozen: ${reason}`);
}
