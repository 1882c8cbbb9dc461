// A bake turn: a batch or final pause whose health the gate checks until it
// has been observed healthy for the bake, then continues (or finishes) it.
import { decideGate, observe, type ObservationLog } from '../../domain/gate';
import { gateFailureCause } from '../../domain/misconfigured';
import { encodeBehind } from '../../domain/group-tags';
import { GROUP_TAG } from '../../domain/tags';
import { holdAtPause, nextLookAt } from './batch-hold';
import type { GateContext } from './context';
import { emit, gateEvent, measuredDetail } from './events';
import { applyFailureAction } from './failure-action';
import { instanceImages, privateIps } from './group';
import { checkHealth, type HealthAnswer } from './health-check';
import { notifyAtPause } from './oos-writes';
import { saveGateState } from './save-state';
import { skippedIds, SKIPPED_TAG } from './skipped';
import {
  decodeGateState,
  encodeGateReason,
  encodeGateState,
  GATE_REASON_TAG,
  GATE_STATE_TAG,
  mustWrite,
  observationsOf,
  withObservations,
  type GateState,
} from './state';
import { domainPause, report, type ExecutionTurn } from './turn';

/** `rollgate:paused` with any value but `false` (the planner's rule too). */
function groupPaused(tags: Readonly<Record<string, string>>): boolean {
  const value = tags[GROUP_TAG.paused];
  return value !== undefined && value !== 'false';
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

export async function decideBake(first: GateContext, fresh: boolean): Promise<ExecutionTurn> {
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
 * A baking pause's state after an answer that decided nothing: written when a later turn needs what changed
 * (`mustWrite`), else kept in the loop's memory (a turn outside a loop always writes: it has no memory).
 */
async function saveObservations(ctx: GateContext, state: GateState): Promise<void> {
  const tags = ctx.view.group.tags;
  const tag = tags[GATE_STATE_TAG];
  const memory = ctx.memory;
  if (memory !== undefined && !mustWrite(decodeGateState(tag), state, tags[GATE_REASON_TAG])) {
    memory.unwritten.set(ctx.id.executionId, { groupId: ctx.id.groupId, tag, state });
    return;
  }
  memory?.unwritten.delete(ctx.id.executionId);
  await saveGateState(ctx.deps.clients, ctx.id.groupId, tag, state);
}
