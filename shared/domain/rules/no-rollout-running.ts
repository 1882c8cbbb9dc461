import { rolloutNotInFlight } from './rollout-not-in-flight';
import { type RevisionContext, type RuleVerdict, wait } from './verdict';

/** At most one rolling update per group: any unfinished execution of the group, or final bake, blocks a new one. */
export function noRolloutRunning(ctx: RevisionContext): RuleVerdict {
  if (ctx.startingGroups.has(ctx.group.id))
    return wait('rollout-running', 'another target starts a rollout on this group in this plan');
  return rolloutNotInFlight(ctx);
}
