import { COMPLIANT, type RevisionContext, type RuleVerdict, wait } from './verdict';

/** At most one rolling update per group: any unfinished execution of the group, or final bake, blocks a new one. */
export function noRolloutRunning(ctx: RevisionContext): RuleVerdict {
  if (ctx.startingGroups.has(ctx.group.id))
    return wait('rollout-running', 'another target starts a rollout on this group in this plan');
  const bake = ctx.group.finalBake;
  if (bake !== undefined)
    return wait(
      'rollout-running',
      `execution ${bake.executionId} succeeded; its final bake ${bake.state === 'held' ? 'failed and is held for a person' : 'is still checked'}`,
    );
  const running = ctx.history.active()[0];
  if (running === undefined) return COMPLIANT;
  return wait('rollout-running', `execution ${running.id} (${running.templateName}) is ${running.status}`);
}
