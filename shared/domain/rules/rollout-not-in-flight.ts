import type { ExecutionSnapshot } from '../snapshot';
import { COMPLIANT, type GroupContext, type RuleVerdict, wait } from './verdict';

/**
 * A group whose rolling update is in flight (an unfinished execution of any kind, rollgate's or anyone's, or a
 * success whose final bake the gate still checks or holds) is decided by it: nothing new starts on it, and what a
 * freeze, the policy's sources or the group's configuration say is looked at again once it has ended (a freeze
 * holds the running rollout's batches at the gate instead). So its decision needs neither the recorded freeze nor
 * the images nor the configuration (docs/decisions.md, "The reconcile reads only what its decisions need").
 */
export function rolloutNotInFlight(ctx: GroupContext): RuleVerdict {
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

/** The execution that keeps a group's rollout in flight (`rolloutNotInFlight`), when the snapshot holds it. */
export function executionInFlight(ctx: Pick<GroupContext, 'group' | 'history'>): ExecutionSnapshot | undefined {
  const bake = ctx.group.finalBake;
  if (bake !== undefined) return ctx.history.executions.find((e) => e.id === bake.executionId);
  return ctx.history.active()[0];
}

/** Whether a group's rollout is in flight: the one thing its decision then depends on. */
export function inFlight(ctx: Pick<GroupContext, 'group' | 'history'>): boolean {
  return ctx.group.finalBake !== undefined || ctx.history.active().length > 0;
}
