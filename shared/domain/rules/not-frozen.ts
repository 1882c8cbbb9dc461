import { freezeOf } from '../batch-hold';
import { COMPLIANT, type GroupContext, type RuleVerdict, wait } from './verdict';

/** An emergency freeze (policy flag or the group's `rollgate:frozen` tag) stops every new rollout. */
export function notFrozen(ctx: GroupContext): RuleVerdict {
  const reason = freezeOf(ctx.policy, ctx.group.tags);
  return reason === undefined ? COMPLIANT : wait('frozen', `frozen: ${reason}`);
}
