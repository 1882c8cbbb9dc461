import { COMPLIANT, type GroupContext, type RuleVerdict, wait } from './verdict';

/** Two targets of the same kind selecting one group would fight over it: neither rolls until the policy says which. */
export function singleTarget(ctx: GroupContext): RuleVerdict {
  if (ctx.competingTargets.length === 0) return COMPLIANT;
  return wait(
    'target-conflict',
    `${ctx.kind} targets ${[ctx.target.name, ...ctx.competingTargets].join(', ')} all select this group`,
  );
}
