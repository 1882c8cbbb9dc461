import { COMPLIANT, type GroupContext, type RuleVerdict, wait } from './verdict';

/** Only an Active group can run a rolling update. */
export function groupActive(ctx: GroupContext): RuleVerdict {
  return ctx.group.lifecycleState === 'Active'
    ? COMPLIANT
    : wait('group-inactive', `group is ${ctx.group.lifecycleState}`);
}
