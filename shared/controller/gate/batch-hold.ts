// The gate's one question before approving a healthy batch pause: does a
// freeze or a closed window hold the next batch? Kept apart from the gate's
// decision so the approve path only asks it.
import { batchHold, type BatchHold } from '../../domain/batch-hold';
import { policyInForce } from '../freeze';
import type { GateContext } from './context';

/** Reads the recorded freeze at the moment it matters: a freeze written a second ago holds this batch. */
export async function holdAtPause(ctx: GateContext): Promise<BatchHold> {
  if (ctx.pause.kind !== 'batch') return { hold: false };
  const target = ctx.deps.policy.targets.find((t) => t.name === ctx.settings.targetName);
  return batchHold({
    policy: await policyInForce(ctx.deps),
    target,
    groupTags: ctx.view.group.tags,
    isRollback: ctx.id.rollbackOf !== undefined,
    now: new Date(ctx.nowMs),
  });
}

/** While held the gate looks again at the window's opening, or within a minute (a freeze lifts whenever). */
export function nextLookAt(hold: Extract<BatchHold, { hold: true }>, nowMs: number): string {
  const inAMinute = nowMs + 60_000;
  const opens =
    hold.cause === 'window-closed' && hold.nextOpensAt !== undefined ? Date.parse(hold.nextOpensAt) : inAMinute;
  return new Date(Math.max(nowMs + 1000, Math.min(opens, inAMinute))).toISOString();
}
