// Applies the policy's failure action to a failed pause and reports it as
// events: rollback (and reject the revision), hold (leave it waiting for a
// person), or cancel (and clean up what the console leaves behind).
import type { FailureAction } from '../../domain/policy';
import { RolloutRaceLost } from '../execute/race';
import { cancelAndClean } from './cancel';
import type { GateContext } from './context';
import { emit, gateEvent } from './events';
import { stillAtPause } from './oos-writes';
import { rollBack, type RollbackResult } from './rollback';
import { saveGateState } from './save-state';
import { encodeGateState, GATE_STATE_TAG } from './state';

export interface ActionReport {
  action: FailureAction;
  result: 'done' | 'unchanged';
  detail: Record<string, unknown>;
}

async function hold(ctx: GateContext, reasons: readonly string[]): Promise<ActionReport> {
  const nowS = Math.floor(ctx.nowMs / 1000);
  const state = { ...ctx.state, phase: 'held' as const, heldSince: nowS };
  delete state.lastReminder;
  const written = await saveGateState(ctx.deps.clients, ctx.id.groupId, ctx.view.group.tags[GATE_STATE_TAG], state);
  // A held execution keeps the processes its template suspended: the group does not scale until a person acts.
  const frozen =
    ctx.pause.kind === 'final'
      ? ''
      : '; scaling processes are suspended until it is approved, rolled back or cancelled';
  const what =
    ctx.id.rollbackOf === undefined
      ? `${ctx.id.kind} ${ctx.id.revision}`
      : `rollback of ${ctx.id.kind} ${ctx.id.revision} (execution ${ctx.id.rollbackOf})`;
  await emit(
    ctx,
    gateEvent(
      ctx,
      'rollout.held',
      `${what} on ${ctx.view.group.scalingGroupName} held at batch ${ctx.pause.batch}/${ctx.pause.total} ` +
        `for an operator${frozen}: ${reasons[0] ?? 'gate failed'}`,
      {
        reasons: [...reasons],
        remindEverySeconds: ctx.settings.rollout.holdReminderSeconds,
      },
    ),
  );
  return {
    action: 'hold',
    result: written === 'updated' ? 'done' : 'unchanged',
    detail: { heldSince: new Date(nowS * 1000).toISOString() },
  };
}

/** A pause another gate or a person has already acted on is left alone (the final bake has no pause to move). */
async function movedOn(ctx: GateContext): Promise<boolean> {
  return ctx.pause.kind !== 'final' && !(await stillAtPause(ctx.deps.clients, ctx.id.executionId, ctx.pause.key));
}

async function rollback(ctx: GateContext, reasons: readonly string[]): Promise<ActionReport> {
  if (await movedOn(ctx))
    return { action: 'rollback', result: 'unchanged', detail: { why: 'the execution moved on before the rollback' } };
  // Recorded first: a turn cut short anywhere after this is finished by a later one (finishRollback), and status shows
  // the group rolling back meanwhile rather than a cancelled rollout.
  const state = { ...ctx.state, phase: 'rollback' as const };
  await saveGateState(ctx.deps.clients, ctx.id.groupId, ctx.view.group.tags[GATE_STATE_TAG], state);
  return finishRollback({ ...ctx, state }, reasons);
}

/** Reports the rollback, then records the source's decision done: a later look at the cancelled source reports nothing. */
async function reportRollback(ctx: GateContext, result: RollbackResult, reasons: readonly string[]): Promise<void> {
  await publishRollback(ctx, result, reasons);
  await saveGateState(ctx.deps.clients, ctx.id.groupId, undefined, { ...ctx.state, phase: 'done' });
}

/** The rollback's state changes as events (ids per fact: a turn that repeats them publishes duplicates the notifier drops). */
async function publishRollback(ctx: GateContext, result: RollbackResult, reasons: readonly string[]): Promise<void> {
  const name = ctx.view.group.scalingGroupName;
  await emit(
    ctx,
    gateEvent(
      ctx,
      'rollout.failed',
      `${ctx.id.kind} ${ctx.id.revision} failed its gate on ${name} at batch ${ctx.pause.batch}/${ctx.pause.total}; ` +
        `rolling back (${result.rollbackExecutionId})`,
      {
        action: 'rollback',
        rollbackExecutionId: result.rollbackExecutionId,
        reasons: [...reasons],
      },
    ),
  );
  await emit(
    ctx,
    gateEvent(
      ctx,
      'revision.rejected',
      `${ctx.id.kind} ${ctx.id.revision} rejected on ${name}${ctx.id.kind === 'image' ? ' and tagged rejected on the image' : ''}: ` +
        `${reasons[0] ?? 'gate failed'}`,
      {
        scalingConfiguration: result.scalingConfiguration,
      },
    ),
  );
  // The rejected revision never reaches another group (image tag, or earlier waves that never finish it).
  await emit(
    ctx,
    gateEvent(
      ctx,
      'campaign.stopped',
      `campaign ${ctx.id.campaignId || '-'} stopped: ${ctx.id.kind} ${ctx.id.revision} was rejected on ${name}; no further group gets it`,
      {
        rejectedOn: ctx.id.groupId,
      },
    ),
  );
}

/** Rejects, ends the source, starts the rollback (each unless done already), reports it, and records it done. */
export async function finishRollback(ctx: GateContext, reasons: readonly string[]): Promise<ActionReport> {
  let result: RollbackResult;
  try {
    result = await rollBack(ctx.deps.clients, ctx.execution, ctx.id, ctx.view.group.tags);
  } catch (error) {
    // A reconcile started the group's next rolling update first (same slot ClientToken): nothing of ours runs.
    if (error instanceof RolloutRaceLost)
      return { action: 'rollback', result: 'unchanged', detail: { why: error.message } };
    throw error;
  }
  // Reported whether this turn or a cut-short one started it: the events' ids are per fact, so a repeat is dropped.
  await reportRollback(ctx, result, reasons);
  return { action: 'rollback', result: result.started === 'started' ? 'done' : 'unchanged', detail: { ...result } };
}

async function cancel(ctx: GateContext, reasons: readonly string[]): Promise<ActionReport> {
  if (await movedOn(ctx))
    return { action: 'cancel', result: 'unchanged', detail: { why: 'the execution moved on before the cancel' } };
  // Recorded first: a cleanup cut short after the cancel is finished by a later turn (finishCancel).
  await saveGateState(ctx.deps.clients, ctx.id.groupId, ctx.view.group.tags[GATE_STATE_TAG], {
    ...ctx.state,
    phase: 'cancel',
  });
  return finishCancel({ ...ctx, state: { ...ctx.state, phase: 'cancel' } }, reasons);
}

/** Cancels (unless already cancelled), cleans up, reports, and records the cancel as done. */
export async function finishCancel(ctx: GateContext, reasons: readonly string[]): Promise<ActionReport> {
  const items = [...new Set([...ctx.pause.itemInstanceIds])];
  const result = await cancelAndClean(ctx.deps.clients, ctx.execution, ctx.id.groupId, items);
  await emit(
    ctx,
    gateEvent(
      ctx,
      'rollout.cancelled',
      `${ctx.id.kind} ${ctx.id.revision} on ${ctx.view.group.scalingGroupName} cancelled at batch ` +
        `${ctx.pause.batch}/${ctx.pause.total}: ${reasons[0] ?? 'gate failed'}`,
      {
        reasons: [...reasons],
        resumedProcesses: result.resumed,
        exitedStandby: result.exitedStandby,
      },
    ),
  );
  await saveGateState(ctx.deps.clients, ctx.id.groupId, encodeGateState(ctx.state), { ...ctx.state, phase: 'done' });
  return { action: 'cancel', result: result.cancelled, detail: { ...result } };
}

export async function applyFailureAction(
  ctx: GateContext,
  action: FailureAction,
  reasons: readonly string[],
): Promise<ActionReport> {
  switch (action) {
    case 'hold':
      return hold(ctx, reasons);
    case 'rollback':
      // A rollback is never rolled back again: it is held instead.
      return ctx.id.rollbackOf === undefined ? rollback(ctx, reasons) : hold(ctx, reasons);
    case 'cancel':
      return cancel(ctx, reasons);
  }
}
