import { GROUP_TAG } from '../tags';
import { COMPLIANT, type GroupContext, type RuleVerdict, wait } from './verdict';

/** A `rollgate:paused` group tag (any value but `false`) stops new rollouts on the group. */
export function groupNotPaused(ctx: GroupContext): RuleVerdict {
  const paused = ctx.group.tags[GROUP_TAG.paused];
  if (paused === undefined || paused === 'false') return COMPLIANT;
  return wait('paused', `group tag ${GROUP_TAG.paused}=${paused}`);
}
