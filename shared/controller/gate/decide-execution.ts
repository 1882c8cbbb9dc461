// One gate turn for one execution: read its pause, ask the health check
// (batch and final pauses), let the domain decide, act, remember.
import type { Execution } from '../../cloud/api';
import { decideGate, NO_OBSERVATIONS, type GateDecision } from '../../domain/gate';
import { checkSecondsOf } from '../../domain/policy';
import { rejectedTagKey } from '../../domain/group-tags';
import type { ControllerDeps } from '../deps';
import { gateContext, identityOf, type GateContext, type RolloutIdentity } from './context';
import { emit, gateEvent } from './events';
import { applyFailureAction, finishCancel, finishRollback } from './failure-action';
import { retryInstances, skipInstances } from './failed-instances';
import { readGroup, rereadGroupTags } from './group';
import { rereadExecution } from './oos-writes';
import { listedAs, type GateMemory } from './memory';
import { readCancelledPause, readPause, type PauseView } from './pause';
import { restoreScalingConfiguration, rejectRevision } from './rollback';
import { decodeLease, GATE_LEASE_TAG, leaseVerdict, writeLease, type LeaseRole } from './lease';
import { saveGateState } from './save-state';
import { recordSkip } from './skipped';
import { decodeGateState, GATE_STATE_TAG, stateForPause, type GateState } from './state';
import { decideBake } from './decide-bake';
import { domainPause, earlierSkips, report, type ExecutionTurn } from './turn';

export type { ExecutionTurn, GateDecisionReport } from './turn';

/**
 * Signs that no gate loop is watching (the reconcile then starts one): a pause
 * first seen more than two poll intervals after it began, or a baking pause
 * whose latest check is older than three poll intervals and than the time one
 * answer vouches for (`checkSeconds`, when a passing bake is next asked) and a
 * poll more.
 */
export function unwatched(
  fresh: boolean,
  pause: { kind: string; finishedAt: string },
  lastCheckSeconds: number | undefined,
  nowMs: number,
  pollSeconds: number,
  checkSeconds = 0,
): boolean {
  if (pause.kind === 'final') return false;
  if (fresh) return nowMs - Date.parse(pause.finishedAt) > 2 * pollSeconds * 1000;
  const late = Math.max(3 * pollSeconds, checkSeconds + pollSeconds);
  return lastCheckSeconds !== undefined && nowMs / 1000 - lastCheckSeconds > late;
}

const RUNNING = ['Started', 'Queued', 'Running', 'Pending'];

/** A rollback rollgate started also needs the configuration and the rejection in place (repairs a crash in between). */
async function repairRollback(ctx: GateContext): Promise<void> {
  await restoreScalingConfiguration(ctx.deps.clients, ctx.execution);
  await rejectRevision(ctx.deps.clients, ctx.id, ctx.view.group.tags);
}

async function decideHeld(ctx: GateContext, decision: GateDecision): Promise<ExecutionTurn> {
  if (decision.decision !== 'holdReminder') return { active: false, held: true };
  const nowS = Math.floor(ctx.nowMs / 1000);
  await saveGateState(ctx.deps.clients, ctx.id.groupId, ctx.view.group.tags[GATE_STATE_TAG], {
    ...ctx.state,
    lastReminder: nowS,
  });
  await emit(
    ctx,
    gateEvent(
      ctx,
      'rollout.hold_reminder',
      `${ctx.id.kind} ${ctx.id.revision} on ${ctx.view.group.scalingGroupName} is still held at batch ` +
        `${ctx.pause.batch}/${ctx.pause.total}; an operator must approve, roll back or cancel`,
      {
        heldSince: new Date((ctx.state.heldSince ?? ctx.state.seen) * 1000).toISOString(),
      },
    ),
  );
  return { active: false, held: true, report: report(ctx, decision, 'done') };
}

async function decideFailurePause(ctx: GateContext, decision: GateDecision): Promise<ExecutionTurn> {
  const clients = ctx.deps.clients;
  const tag = ctx.view.group.tags[GATE_STATE_TAG];
  switch (decision.decision) {
    case 'retry': {
      await saveGateState(clients, ctx.id.groupId, tag, ctx.state);
      const result = await retryInstances(
        clients,
        ctx.id.executionId,
        ctx.pause.key,
        ctx.pause.failed,
        decision.instances,
      );
      return { active: true, report: report(ctx, decision, result, { instances: decision.instances }) };
    }
    case 'skip': {
      await recordSkip(
        clients,
        ctx.id.groupId,
        ctx.view.group.tags,
        { ...ctx.state, skipped: earlierSkips(ctx) + decision.instances.length },
        decision.instances,
      );
      const result = await skipInstances(
        clients,
        ctx.id.executionId,
        ctx.id.groupId,
        ctx.pause.key,
        ctx.pause.failed,
        decision.instances,
      );
      return {
        active: true,
        report: report(ctx, decision, result.skipped, {
          instances: decision.instances,
          exitedStandby: result.exitedStandby,
        }),
      };
    }
    case 'failureAction': {
      await emit(
        ctx,
        gateEvent(
          ctx,
          'batch.failed',
          `batch ${ctx.pause.batch}/${ctx.pause.total} of ${ctx.view.group.scalingGroupName}: ${decision.reasons[0] ?? 'instances failed to update'}`,
          { reasons: decision.reasons },
        ),
      );
      const action = await applyFailureAction(ctx, decision.action, decision.reasons);
      return {
        active: action.action !== 'hold',
        held: action.action === 'hold',
        report: report(ctx, decision, action.result, { action: action.action, ...action.detail }),
      };
    }
    default:
      return { active: true, report: report(ctx, decision, 'unchanged') };
  }
}

/**
 * The pause as the execution's task read shows it. A loop reads a batch pause or a final bake once while the
 * listing shows the execution unchanged: a Waiting or Success execution whose status, update and end times have
 * not moved has not moved on (a failure pause is read every time: its retries change behind one status).
 */
async function pauseOf(
  deps: ControllerDeps,
  execution: Execution,
  memory: GateMemory | undefined,
): Promise<PauseView | undefined> {
  const listed = listedAs(execution);
  const remembered = memory?.pauses.get(execution.executionId);
  if (remembered !== undefined && remembered.listed === listed) return remembered.pause;
  const pause = await readPause(deps.clients, execution);
  if (memory !== undefined) {
    if (pause !== undefined && pause.kind !== 'failure') memory.pauses.set(execution.executionId, { pause, listed });
    else memory.pauses.delete(execution.executionId);
  }
  return pause;
}

/**
 * One turn of the gate for `execution`; `nowMs` is this turn's instant. With a
 * lease role, a group another loop watches is skipped (see lease.ts); without
 * one (tests of a single gate) leases are not looked at.
 */
export async function gateExecution(
  deps: ControllerDeps,
  execution: Execution,
  nowMs: number,
  role?: LeaseRole,
): Promise<ExecutionTurn> {
  const id = identityOf(execution);
  if (id === undefined) return { active: false };
  if (RUNNING.includes(execution.status)) return { active: true };
  if (execution.status === 'Cancelled') return finishCancelled(deps, execution, id, nowMs);
  const memory = role?.role === 'loop' ? role.memory : undefined;
  const pause = await pauseOf(deps, execution, memory);
  // Listed Waiting but its tasks show the next batch running: active, not paused.
  if (pause === undefined) return { active: execution.status === 'Waiting' };
  let view = await readGroup(deps.clients, id.groupId);
  if (view === undefined) return { active: false };
  const nowS = Math.floor(nowMs / 1000);
  if (role !== undefined) {
    const current = decodeLease(view.group.tags[GATE_LEASE_TAG]);
    const lease = leaseVerdict(role, current, nowS);
    if (lease.verdict !== 'decide')
      return lease.verdict === 'watched' ? { active: true, watched: true } : { active: true, yielded: true };
    // Renewing a lease this loop holds and that is still live: no other gate decided the group meanwhile (the
    // reconcile's turn leaves it alone, a younger loop yields), so the group just read is current and needs no
    // read-back. An older loop taking it over in the same instant decides one round with it, as two loops that
    // write at once may (lease.ts); the next round leaves one.
    if (lease.write !== undefined && role.role === 'loop') {
      const renewal = current?.holder === role.holder && current.expiresAt > nowS;
      await writeLease(deps.clients, id.groupId, lease.write);
      role.held.add(id.groupId);
      if (!renewal) {
        // Read back: of two loops that wrote at once, the one whose write is not there stands back; the other
        // decides on the group as it is now (another gate's state included). Only the group's tags are read again
        // (they hold both): the instances read a moment ago serve the check as every check's read does.
        view = await rereadGroupTags(deps.clients, view);
        if (view === undefined) return { active: false };
        if (decodeLease(view.group.tags[GATE_LEASE_TAG])?.holder !== role.holder)
          return { active: true, watched: true };
      }
    }
  }
  let stored = decodeGateState(view.group.tags[GATE_STATE_TAG]);
  // A rollback whose source's turn was cut short after the rollback's start: the source is cancelled and, with this
  // rollback active, no longer listed for a decision, so its report (failed, rejected, campaign stopped) is made here,
  // before this rollback's own state replaces the source's.
  if (id.rollbackOf !== undefined && stored?.executionId === id.rollbackOf && stored.phase === 'rollback') {
    const source = await rereadExecution(deps.clients, id.rollbackOf);
    const sourceId = source === undefined ? undefined : identityOf(source);
    if (source?.status === 'Cancelled' && sourceId !== undefined) {
      await finishCancelled(deps, source, sourceId, nowMs);
      view = await readGroup(deps.clients, id.groupId);
      if (view === undefined) return { active: false };
      stored = decodeGateState(view.group.tags[GATE_STATE_TAG]);
    }
  }
  const tagged = stateForPause(stored, id.executionId, pause.key, nowS);
  const fresh = tagged !== stored;
  const state = withUnwritten(memory, id.executionId, view.group.tags[GATE_STATE_TAG], tagged);
  const ctx = gateContext({ deps, execution, id, view, pause, state, nowMs, memory });
  const { settings } = ctx;
  // Until the group shows the rejection, every look at a rollback repairs it: a write lost to throttling would
  // otherwise leave the reconcile starting the rejected revision again.
  if (id.rollbackOf !== undefined && (fresh || view.group.tags[rejectedTagKey(id.kind)] !== id.revision))
    await repairRollback(ctx);
  if (pause.kind === 'final' && state.phase === 'done') return { active: false };
  const stale =
    state.phase !== 'held' &&
    unwatched(fresh, pause, state.run?.last, nowMs, settings.gate.pollSeconds, checkSecondsOf(settings.gate));
  const turn = await decide(ctx, fresh);
  return stale ? { ...turn, stale } : turn;
}

/**
 * The state to go on from: the one this loop folded further and did not write, while the tag still reads what it
 * was folded from (another writer's value wins), else the tag's.
 */
function withUnwritten(
  memory: GateMemory | undefined,
  executionId: string,
  tag: string | undefined,
  tagged: GateState,
): GateState {
  const kept = memory?.unwritten.get(executionId);
  if (kept === undefined) return tagged;
  if (kept.tag === tag && kept.state.executionId === tagged.executionId && kept.state.pause === tagged.pause)
    return kept.state;
  memory?.unwritten.delete(executionId);
  return tagged;
}

/**
 * A cancelled source whose failure action was recorded and not known finished: a cancel whose cleanup was cut short
 * (finish it), or a rollback cut short between the source's cancel and the rollback's report (start it if it is not
 * there, and report it).
 */
async function finishCancelled(
  deps: ControllerDeps,
  execution: Execution,
  id: RolloutIdentity,
  nowMs: number,
): Promise<ExecutionTurn> {
  const view = await readGroup(deps.clients, id.groupId);
  const state = decodeGateState(view?.group.tags[GATE_STATE_TAG]);
  if (view === undefined || state === undefined || state.executionId !== id.executionId) return { active: false };
  if (state.phase !== 'cancel' && state.phase !== 'rollback') return { active: false };
  const pause = await readCancelledPause(deps.clients, execution, state.pause);
  const ctx = gateContext({ deps, execution, id, view, pause, state, nowMs });
  const { log } = ctx;
  if (state.phase === 'rollback')
    return finishRecordedRollback(ctx, ['rejected and cancelled earlier; rollback started now']);
  const reasons = ['cancelled earlier; cleanup finished now'];
  const action = await finishCancel(ctx, reasons);
  const turn: ExecutionTurn = {
    active: false,
    report: report(ctx, { decision: 'failureAction', action: 'cancel', reasons }, action.result, {
      action: action.action,
      ...action.detail,
    }),
  };
  log.info({ gate: turn.report }, 'gate cancel finished');
  return turn;
}

/** A rollback recorded by a turn cut short before it was reported (the source may still wait, or be ended). */
async function finishRecordedRollback(ctx: GateContext, reasons: readonly string[]): Promise<ExecutionTurn> {
  const action = await finishRollback(ctx, reasons);
  const turn: ExecutionTurn = {
    active: true,
    report: report(ctx, { decision: 'failureAction', action: 'rollback', reasons: [...reasons] }, action.result, {
      action: action.action,
      ...action.detail,
    }),
  };
  ctx.log.info({ gate: turn.report }, 'gate rollback finished');
  return turn;
}

/** The domain's decision where no health answers count (a held pause, a failure pause): reminders, failure actions. */
function decideUnobserved(ctx: GateContext): GateDecision {
  const { settings } = ctx;
  return decideGate({
    pause: domainPause(ctx),
    observations: NO_OBSERVATIONS,
    settings: settings.gate,
    onFailure: settings.onFailure,
    holdReminderSeconds: settings.rollout.holdReminderSeconds,
    groupSize: ctx.view.instances.length,
    now: new Date(ctx.nowMs),
  });
}

async function decide(ctx: GateContext, fresh: boolean): Promise<ExecutionTurn> {
  const { state, pause, log, nowMs } = ctx;

  if (state.phase === 'rollback') return finishRecordedRollback(ctx, ['rollback decided earlier; finished now']);
  if (state.phase === 'held') {
    const decision = decideUnobserved(ctx);
    return decideHeld(ctx, decision);
  }
  if (pause.kind === 'failure') {
    const decision = decideUnobserved(ctx);
    const turn = await decideFailurePause(ctx, decision);
    if (turn.report !== undefined) log.info({ gate: turn.report }, `gate ${turn.report.decision}`);
    return turn;
  }
  if (state.phase === 'done') return { active: true };
  // Another gate has checked this pause at least as recently as this turn's
  // instant (a second loop, or the reconcile's turn whose clock was read when
  // it started): a check now would only add an older answer.
  if (state.run !== undefined && Math.floor(nowMs / 1000) <= state.run.last) return { active: true };
  const turn = await decideBake(ctx, fresh);
  if (turn.report !== undefined)
    log.info({ gate: { ...turn.report, reasons: turn.report.reasons.slice(0, 5) } }, `gate ${turn.report.decision}`);
  return turn;
}
