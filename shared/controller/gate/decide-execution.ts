// One gate turn for one execution: read its pause, ask the health check
// (batch and final pauses), let the domain decide, act, remember.
import type { Execution } from '../../cloud/api';
import {
  decideGate,
  NO_OBSERVATIONS,
  observe,
  type GateDecision,
  type GatePause,
  type ObservationLog,
} from '../../domain/gate';
import { gateFailureCause } from '../../domain/misconfigured';
import { checkSecondsOf } from '../../domain/policy';
import { encodeBehind, rejectedTagKey } from '../../domain/group-tags';
import { GROUP_TAG } from '../../domain/tags';
import type { ControllerDeps } from '../deps';
import { holdAtPause, nextLookAt } from './batch-hold';
import { gateContext, identityOf, type GateContext, type RolloutIdentity } from './context';
import { emit, gateEvent, measuredDetail } from './events';
import { applyFailureAction, finishCancel, finishRollback } from './failure-action';
import { retryInstances, skipInstances } from './failed-instances';
import { instanceImages, privateIps, readGroup, rereadGroupTags } from './group';
import { checkHealth, type HealthAnswer } from './health-check';
import { notifyAtPause, rereadExecution } from './oos-writes';
import { listedAs, type GateMemory } from './memory';
import { readCancelledPause, readPause, type PauseView } from './pause';
import { restoreScalingConfiguration, rejectRevision } from './rollback';
import { decodeLease, GATE_LEASE_TAG, leaseVerdict, writeLease, type LeaseRole } from './lease';
import { saveGateState } from './save-state';
import { countedSkips, recordSkip, skippedIds, SKIPPED_TAG } from './skipped';
import {
  decodeGateState,
  encodeGateReason,
  encodeGateState,
  GATE_REASON_TAG,
  GATE_STATE_TAG,
  mustWrite,
  observationsOf,
  stateForPause,
  withObservations,
  type GateState,
} from './state';

/** `rollgate:paused` with any value but `false` (the planner's rule too). */
function groupPaused(tags: Readonly<Record<string, string>>): boolean {
  const value = tags[GROUP_TAG.paused];
  return value !== undefined && value !== 'false';
}

export interface GateDecisionReport {
  groupId: string;
  executionId: string;
  pause: string;
  decision: GateDecision['decision'];
  /** What the write did: done, unchanged (lost a race or nothing to do), or the action's result. */
  result: string;
  reasons: string[];
  finishedAt: string;
  decidedAt: string;
  rollbackOf?: string;
  detail?: Record<string, unknown>;
}

export interface ExecutionTurn {
  /** The execution still needs the fast gate loop (running, paused, baking). Held ones do not. */
  active: boolean;
  held?: boolean;
  /** A batch or failure pause seen for the first time long after it began: no fast loop was watching. */
  stale?: boolean;
  report?: GateDecisionReport;
  /** Another live gate loop holds the group's lease: this turn left the execution to it. */
  watched?: boolean;
  /** An older gate loop holds the lease: this loop should end. */
  yielded?: boolean;
}

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

function domainPause(ctx: GateContext): GatePause {
  const { pause, state } = ctx;
  if (state.phase === 'held') {
    return {
      kind: 'held',
      heldSince: new Date((state.heldSince ?? state.seen) * 1000).toISOString(),
      ...(state.lastReminder === undefined
        ? {}
        : { lastReminderAt: new Date(state.lastReminder * 1000).toISOString() }),
    };
  }
  switch (pause.kind) {
    case 'final':
      return { kind: 'final', finishedAt: pause.finishedAt };
    case 'failure':
      return {
        kind: 'failure',
        batch: pause.batch,
        totalBatches: pause.total,
        finishedAt: pause.finishedAt,
        failedInstances: pause.failed.map((f) => ({ instanceId: f.instanceId, retries: f.retries })),
        skipped: earlierSkips(ctx),
      };
    case 'batch':
      return { kind: 'batch', batch: pause.batch, totalBatches: pause.total, finishedAt: pause.finishedAt };
  }
}

function earlierSkips(ctx: GateContext): number {
  return countedSkips(
    ctx.state,
    ctx.view.group.tags[SKIPPED_TAG],
    ctx.pause.failed.map((f) => f.instanceId),
  );
}

async function askHealth(ctx: GateContext): Promise<HealthAnswer> {
  const serving = ctx.view.instances
    .filter((i) => i.lifecycleState === 'InService' || i.lifecycleState === 'Protected')
    .map((i) => i.instanceId);
  // A rollback is judged on what it has restored so far: the instances it has
  // not reached yet still run the rejected revision, which is why it runs.
  const restored = new Set(ctx.pause.itemInstanceIds);
  const inService = ctx.id.rollbackOf === undefined ? serving : serving.filter((id) => restored.has(id));
  const ips = await privateIps(ctx.deps.clients, [...ctx.pause.batchInstanceIds, ...inService], ctx.memory?.privateIps);
  const described = (ids: readonly string[]) =>
    ids.map((instanceId) => ({ instanceId, privateIp: ips.get(instanceId) ?? '' }));
  const skipped = new Set(skippedIds(ctx.view.group.tags[SKIPPED_TAG], ctx.id.executionId));
  return checkHealth(ctx.deps.clients, ctx.settings.gate, {
    groupId: ctx.id.groupId,
    executionId: ctx.id.executionId,
    campaignId: ctx.id.campaignId,
    batch: { index: ctx.pause.batch, total: ctx.pause.total },
    batchInstances: described(ctx.pause.batchInstanceIds.filter((id) => !skipped.has(id))),
    inServiceInstances: described(inService),
    // The group's instances as this turn just read them: the bundled essHealth check need not read them again.
    ...(ctx.settings.gate.checks.essHealth
      ? {
          scalingInstances: ctx.view.instances.map(({ instanceId, healthStatus, lifecycleState }) => ({
            instanceId,
            healthStatus,
            lifecycleState,
          })),
        }
      : {}),
  });
}

/**
 * InService instances of an image rollout's group that do not run its image when its final bake passes: the
 * template lists the instances before it suspends scaling, so an instance launched in between (from the old
 * configuration) is never updated. A rollback restores what its source changed and is not checked.
 */
async function behindImage(ctx: GateContext): Promise<string[]> {
  if (ctx.id.kind !== 'image' || ctx.id.rollbackOf !== undefined) return [];
  const serving = ctx.view.instances
    .filter((i) => i.lifecycleState === 'InService' || i.lifecycleState === 'Protected')
    .map((i) => i.instanceId);
  const images = await instanceImages(ctx.deps.clients, serving);
  return serving.filter((id) => {
    const imageId = images.get(id);
    return imageId !== undefined && imageId !== ctx.id.revision;
  });
}

function report(
  ctx: GateContext,
  decision: GateDecision,
  result: string,
  detail?: Record<string, unknown>,
): GateDecisionReport {
  return {
    groupId: ctx.id.groupId,
    executionId: ctx.id.executionId,
    pause: ctx.pause.key,
    decision: decision.decision,
    result,
    reasons: decision.reasons,
    finishedAt: ctx.pause.finishedAt,
    decidedAt: new Date(ctx.nowMs).toISOString(),
    ...(ctx.id.rollbackOf === undefined ? {} : { rollbackOf: ctx.id.rollbackOf }),
    ...(detail === undefined ? {} : { detail }),
  };
}

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

/** How the execution was listed when the loop's task read showed this pause (memory.ts); undefined outside a loop. */
function pauseReadAt(ctx: GateContext): string | undefined {
  const remembered = ctx.memory?.pauses.get(ctx.id.executionId);
  return remembered?.pause.key === ctx.pause.key ? remembered.listed : undefined;
}

/**
 * After an approve, the next batch is expected to take as long as this one did: the loop looks around then
 * instead of every poll (pause.ts reads when the batch started and finished).
 */
function expectNextPause(ctx: GateContext): void {
  const { pause, memory } = ctx;
  const took = Date.parse(pause.finishedAt) - Date.parse(pause.startedAt ?? '');
  if (memory === undefined || Number.isNaN(took) || took <= 0) return;
  memory.expectedPause.set(ctx.id.executionId, { atMs: ctx.deps.now() + took, afterPause: pause.key });
}

/**
 * The instant an answer is stamped with: the whole second after it came (read
 * after the check), and never before the pause finished — it was asked after
 * the pause was read as finished, so a slow turn or a clock behind OOS's
 * cannot date it earlier; and how long before that stamp it came.
 */
function answerStamp(ctx: GateContext): { stampMs: number; earlyMs: number } {
  const cameMs = Math.max(ctx.deps.now(), ctx.nowMs, Date.parse(ctx.pause.finishedAt));
  const stampMs = Math.ceil(cameMs / 1000) * 1000;
  return { stampMs, earlyMs: stampMs - cameMs };
}

/**
 * How long before its stamp the first answer of the passing run in `log` came, as this loop remembers it (it
 * remembers it when that answer starts the run); 0 when it does not (another gate's run, a new loop): the bake is
 * then completed at its stamp's whole second, up to a second later, never sooner.
 */
function runEarlyMs(ctx: GateContext, log: ObservationLog, came: { stampMs: number; earlyMs: number }): number {
  const { memory, id, pause } = ctx;
  const run = log.run;
  if (memory === undefined || run === undefined || run.verdict !== 'pass') return 0;
  if (run.count === 1 && run.sinceMs === came.stampMs)
    memory.runEarly.set(id.executionId, { pause: pause.key, sinceMs: run.sinceMs, earlyMs: came.earlyMs });
  const kept = memory.runEarly.get(id.executionId);
  return kept !== undefined && kept.pause === pause.key && kept.sinceMs === run.sinceMs ? kept.earlyMs : 0;
}

/** The turn's context once it wrote `state` (and its reason) to the group: later writes compare with what is there. */
function withWritten(ctx: GateContext, state: GateState): GateContext {
  const tags: Record<string, string> = { ...ctx.view.group.tags, [GATE_STATE_TAG]: encodeGateState(state) };
  if (state.reason !== undefined) tags[GATE_REASON_TAG] = encodeGateReason(state, state.reason);
  return { ...ctx, view: { ...ctx.view, group: { ...ctx.view.group, tags } } };
}

async function decideBake(first: GateContext, fresh: boolean): Promise<ExecutionTurn> {
  let ctx = first;
  const clients = ctx.deps.clients;
  const { pause, id } = ctx;
  const name = ctx.view.group.scalingGroupName;
  const answer = await askHealth(ctx);
  const came = answerStamp(ctx);
  const { stampMs } = came;
  const before = observationsOf(ctx.state, answer.observed ? answer.reasons : []);
  const log = answer.observed
    ? observe(
        before,
        { at: new Date(stampMs).toISOString(), verdict: answer.verdict, reasons: answer.reasons },
        Date.parse(pause.finishedAt),
        ctx.settings.gate,
      )
    : before;
  const observed = withObservations(ctx.state, log);
  const resumed = answer.observed && observed.starvedSince !== undefined;
  if (resumed) delete observed.starvedSince;
  const state = observed;
  const decision = decideGate({
    pause: domainPause(ctx),
    observations: log,
    ...(answer.observed ? {} : { unobserved: answer.reasons[0] ?? 'no health-check answer' }),
    settings: ctx.settings.gate,
    onFailure: ctx.settings.onFailure,
    holdReminderSeconds: ctx.settings.rollout.holdReminderSeconds,
    groupSize: ctx.view.instances.length,
    now: new Date(stampMs),
    runEarlyMs: answer.observed ? runEarlyMs(ctx, log, came) : 0,
  });
  if (fresh && pause.kind === 'batch') {
    // The pause is recorded before it is announced (a turn that finds it recorded announces nothing), with its first
    // answer: one write. A turn cut short before it leaves the pause unrecorded, and the next turn asks again.
    await saveGateState(clients, id.groupId, ctx.view.group.tags[GATE_STATE_TAG], state);
    ctx = withWritten(ctx, state);
    await emit(
      ctx,
      gateEvent(
        ctx,
        'batch.paused',
        `batch ${pause.batch}/${pause.total} of ${name} finished; checking health (${pause.batchInstanceIds.length} instance(s))`,
        { instances: pause.batchInstanceIds },
      ),
    );
  }
  const tag = ctx.view.group.tags[GATE_STATE_TAG];
  const measured = measuredDetail(answer.measured);
  switch (decision.decision) {
    case 'approve': {
      // An operator paused the group: the batch passed, but the next one starts only after resume.
      if (groupPaused(ctx.view.group.tags)) {
        await saveGateState(clients, id.groupId, tag, state);
        return {
          active: true,
          report: report(ctx, decision, 'paused', { why: `group tag ${GROUP_TAG.paused} set: waiting for resume` }),
        };
      }
      const hold = await holdAtPause(ctx);
      if (hold.hold && hold.cause === 'window-closed' && hold.resume === 'rollback') {
        await emit(
          ctx,
          gateEvent(
            ctx,
            'rollout.window_closed',
            `${name} stopped after batch ${pause.batch}/${pause.total}: ${hold.detail}`,
            { window: hold.window },
          ),
        );
        const action = await applyFailureAction({ ...ctx, state }, 'rollback', [hold.detail]);
        return {
          active: true,
          report: report(
            ctx,
            { decision: 'failureAction', action: 'rollback', reasons: [hold.detail] },
            action.result,
            { action: action.action, ...action.detail },
          ),
        };
      }
      if (hold.hold) {
        // The execution stays Waiting at this pause; the next turn after the window opens (or the freeze lifts) approves it.
        // The hold is announced by the turn that writes it (heldSince in the state); later looks find it and publish
        // nothing. A publish that failed leaves heldSince unset, so the next look announces it.
        let held = state;
        if (state.heldSince === undefined) {
          const type = hold.cause === 'frozen' ? 'rollout.frozen' : 'rollout.window_closed';
          const extra =
            hold.cause === 'frozen'
              ? {}
              : { window: hold.window, ...(hold.nextOpensAt === undefined ? {} : { nextOpensAt: hold.nextOpensAt }) };
          const published = await emit(
            ctx,
            gateEvent(ctx, type, `${name} holds after batch ${pause.batch}/${pause.total}: ${hold.detail}`, extra),
          );
          if (published !== undefined) held = { ...state, heldSince: Math.floor(stampMs / 1000) };
        }
        await saveGateState(clients, id.groupId, tag, held);
        return {
          active: true,
          report: report(
            ctx,
            { decision: 'wait', recheckAt: nextLookAt(hold, ctx.nowMs), reasons: [hold.detail] },
            'held',
            { nextCheckAt: nextLookAt(hold, ctx.nowMs) },
          ),
        };
      }
      // The loop read this pause from the tasks while the execution was listed as now: re-read unchanged, it is
      // still there (memory.ts), and the tasks are not read a second time.
      const result = await notifyAtPause(
        clients,
        pause.key,
        {
          executionId: id.executionId,
          notifyType: 'Approve',
          notifyNote: `rollgate: batch ${pause.batch}/${pause.total} healthy; ${decision.reasons[0] ?? ''}`,
        },
        pauseReadAt(ctx),
      );
      // Not at the remembered pause any more: the next turn reads the pause again.
      if (result !== 'done') ctx.memory?.pauses.delete(id.executionId);
      if (result === 'done') {
        expectNextPause(ctx);
        await emit(
          ctx,
          gateEvent(
            ctx,
            'batch.passed',
            `batch ${pause.batch}/${pause.total} of ${name} passed: ${decision.reasons[0] ?? 'healthy'}`,
            { reasons: decision.reasons, ...measured },
          ),
        );
      }
      return { active: true, report: report(ctx, decision, result) };
    }
    case 'done': {
      const type = id.rollbackOf === undefined ? 'rollout.succeeded' : 'rollout.rolled_back';
      // Read once per rollout, when its final bake passes (one DescribeInstances call per 100 instances).
      const behind = await behindImage(ctx);
      const what =
        id.rollbackOf === undefined
          ? `${id.kind} ${id.revision} rolled out on ${name}` +
            (behind.length === 0
              ? ''
              : ` except ${behind.length} instance(s) launched as it started (${behind.join(', ')}); ` +
                'a follow-up rollout of the same image covers them')
          : `${name} rolled back from ${id.kind} ${id.revision} (execution ${id.rollbackOf})`;
      // Published before it is recorded done: a publish that failed is made again by the next turn (same id, which
      // the notifier drops if it did get through), so the outcome is never lost.
      const published = await emit(
        ctx,
        gateEvent(ctx, type, `${what}; final batch baked: ${decision.reasons[0] ?? 'healthy'}`, {
          reasons: decision.reasons,
          ...measured,
          ...(behind.length === 0 ? {} : { behind }),
        }),
      );
      if (published === undefined) {
        await saveGateState(clients, id.groupId, tag, state);
        return { active: true, report: report(ctx, decision, 'unpublished') };
      }
      // The reconcile reads the count from the group (no instance reads) and starts the follow-up rollout.
      const alongside: Record<string, string> =
        behind.length === 0 ? {} : { [GROUP_TAG.behind]: encodeBehind(id.executionId, behind.length) };
      const written = await saveGateState(clients, id.groupId, tag, { ...state, phase: 'done' }, alongside);
      return { active: false, report: report(ctx, decision, written === 'updated' ? 'done' : 'unchanged') };
    }
    case 'starved': {
      // Nothing is decided for want of answers: the rollout stays where it is, loudly, and the minute reconcile keeps asking.
      if (state.starvedSince !== undefined)
        return { active: false, held: true, report: report(ctx, decision, 'unchanged') };
      const since = Math.floor(Date.parse(decision.since) / 1000);
      await saveGateState(clients, id.groupId, tag, { ...state, starvedSince: since });
      await emit(
        ctx,
        gateEvent(
          ctx,
          'gate.starved',
          `the gate cannot observe batch ${pause.batch}/${pause.total} of ${name}; the rollout waits where ` +
            `it is, scaling processes are suspended: ${decision.reasons[0] ?? 'no health-check answer'}`,
          {
            reasons: decision.reasons,
            starvedSince: decision.since,
          },
        ),
      );
      return { active: false, held: true, report: report(ctx, decision, 'done') };
    }
    case 'wait': {
      await saveObservations(ctx, state);
      // A pause that starved had no fast loop watching: `stale` makes the reconcile start one again.
      const turn: ExecutionTurn = {
        active: true,
        report: report(ctx, decision, 'waiting', {
          verdict: answer.observed ? answer.verdict : 'unobserved',
          recheckAt: decision.recheckAt,
          nextCheckAt: decision.recheckAt,
        }),
      };
      return resumed ? { ...turn, stale: true } : turn;
    }
    case 'failureAction': {
      await saveGateState(clients, id.groupId, tag, state);
      const observed = [...decision.reasons, ...answer.reasons.filter((r) => !decision.reasons.includes(r))];
      const cause = gateFailureCause({
        batch: pause.kind === 'batch' ? pause.batch : 0,
        rollback: id.rollbackOf !== undefined,
        instances: answer.instances,
      });
      // A probable setup problem of rollgate's own is held, not blamed on the revision (no rollback, no rejection).
      const reasons = cause.cause === 'misconfigured' ? [cause.reason, ...observed] : observed;
      await emit(
        ctx,
        cause.cause === 'misconfigured'
          ? gateEvent(ctx, 'gate.misconfigured', `batch ${pause.batch}/${pause.total} of ${name}: ${cause.reason}`, {
              reasons,
              network: cause.network,
              instances: cause.instances,
              ...measured,
            })
          : gateEvent(
              ctx,
              'batch.failed',
              `batch ${pause.batch}/${pause.total} of ${name} failed its gate: ${reasons.slice(0, 3).join('; ')}`,
              { reasons, ...measured },
            ),
      );
      const action = await applyFailureAction(
        { ...ctx, state },
        cause.cause === 'misconfigured' ? 'hold' : decision.action,
        reasons,
      );
      return {
        active: action.action !== 'hold',
        held: action.action === 'hold',
        report: report(ctx, { ...decision, reasons }, action.result, { action: action.action, ...action.detail }),
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
 * A baking pause's state after an answer that decided nothing: written when a later turn needs what changed
 * (`mustWrite`), else kept in the loop's memory (a turn outside a loop always writes: it has no memory).
 */
async function saveObservations(ctx: GateContext, state: GateState): Promise<void> {
  const tags = ctx.view.group.tags;
  const tag = tags[GATE_STATE_TAG];
  const memory = ctx.memory;
  if (memory !== undefined && !mustWrite(decodeGateState(tag), state, tags[GATE_REASON_TAG])) {
    memory.unwritten.set(ctx.id.executionId, { tag, state });
    return;
  }
  memory?.unwritten.delete(ctx.id.executionId);
  await saveGateState(ctx.deps.clients, ctx.id.groupId, tag, state);
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
