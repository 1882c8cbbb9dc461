import { COMPLIANT, type RevisionContext, type RuleVerdict, wait } from './verdict';

/** No rollout starts while a scaling activity of the group is in progress. */
export function noScalingActivity(ctx: RevisionContext): RuleVerdict {
  const busy = ctx.group.scalingActivities.filter((a) => a.statusCode === 'InProgress');
  if (busy.length === 0) return COMPLIANT;
  return wait('scaling-activity', `scaling activity ${busy.map((a) => a.id).join(', ')} in progress`);
}
