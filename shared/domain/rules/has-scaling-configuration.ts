import { COMPLIANT, notApplicable, type RevisionContext, type RuleVerdict, wait } from './verdict';

/** The image template rewrites the active scaling configuration; a group without one (launch template) cannot take it. */
export function hasScalingConfiguration(ctx: RevisionContext): RuleVerdict {
  if (ctx.desired.kind !== 'image') return notApplicable('only image rollouts change the scaling configuration');
  return ctx.group.activeScalingConfiguration !== undefined
    ? COMPLIANT
    : wait('no-scaling-configuration', 'group has no active scaling configuration');
}
