// runGateOnce: one pass over every rollout rollgate started that may need a
// decision — executions paused after a batch or on failed instances, the
// newest successful execution of each group while its last batch bakes, and
// the newest cancelled one (a cancel whose cleanup was cut short).
// Reports what it decided and whether anything is still active (the gate
// loop stops when nothing is).
import type { Execution } from '../../cloud/api';
import { isTransient } from '../failure';
import type { ControllerDeps } from '../deps';
import { ROLLING_UPDATE_TEMPLATE_FILTER } from '../snapshot/read-fleet';
import { identityOf } from './context';
import { gateExecution, type GateDecisionReport } from './decide-execution';
import type { LeaseRole } from './lease';
import { decodeGateState, GATE_STATE_TAG } from './state';
import { rereadExecution } from './oos-writes';
import { forgetOthers, listedAs, newGateMemory, type GateMemory } from './memory';
import { mapLimited } from '../../concurrency';
import { pollSecondsOf } from './poll';
import { progressLookAt, readProgress } from './progress';
import { isoSeconds } from '../../cloud/wire';

export interface GateRunReport {
  at: string;
  /** Executions that still need the fast loop: running, paused (not held) or baking. */
  active: number;
  held: number;
  /** Ids of the executions listed as active (running or paused), held ones included. */
  activeExecutionIds: string[];
  decisions: GateDecisionReport[];
  errors: Array<{ executionId: string; error: string; transient: boolean }>;
  /** Pauses that waited longer than expected before this gate saw them (no fast loop was running). */
  stalePauses: number;
  /** Executions left to another gate loop that holds their group's lease. */
  watched: number;
  /** An older gate loop runs (it holds a lease this loop met): this loop ends. */
  yielded: boolean;
  /** Seconds until some baking pause wants its next check (a bake ends before the next poll); undefined: poll as usual. */
  nextCheckInSeconds?: number;
  /**
   * Some active execution has no known moment to look at (a batch running without an expected end, a turn that
   * failed): the loop polls. When false, `nextCheckInSeconds` is all the loop needs to wait.
   */
  needsPoll: boolean;
}

const ACTIVE_STATUSES = ['Waiting', 'Running', 'Started', 'Queued'];
/** The window starts this long before the round that set it: an execution started just before may not have shown. */
const LISTING_SLACK_MS = 60_000;
/** Statuses of an execution whose batch runs (nothing to decide until it pauses). */
const RUNNING_STATUSES = ['Running', 'Started', 'Queued', 'Pending'];
/** How long before an expected pause the loop starts looking for it. */
const LOOK_EARLY_MS = 2000;
/**
 * The shortest a loop waits for a moment some rollout wants (seconds from the round's instant): a moment is always
 * later than the round that set it, and the floor only bounds the rounds (one listing each) if one were not. Short,
 * so a bake check due a moment after another (the answers of one round come one after another) is not put off to
 * the next second.
 */
const SOONEST_SECONDS = 0.1;
/** Executions decided in parallel: bounded so 50 rollouts do not burst 50 × 6 calls at once. */
const PARALLEL = 8;

/**
 * Longest final bake the policy allows, with room for three minute-reconcile
 * turns after its timeout: successes older than this cannot still be baking
 * (nor cancels still cleaning up). A bake left undecided would keep its group
 * and the later waves waiting.
 */
export function longestBakeWindowMs(deps: Pick<ControllerDeps, 'policy'>): number {
  const seconds = deps.policy.targets.reduce((max, t) => Math.max(max, t.gate.timeoutSeconds), 0);
  return (seconds + 180) * 1000;
}

/** The newest of `ended` per group, only for groups with nothing active. */
function newestEnded(ended: readonly Execution[], active: readonly Execution[]): Execution[] {
  const busy = new Set(active.map((e) => identityOf(e)?.groupId).filter((g) => g !== undefined));
  const newest = new Map<string, Execution>();
  for (const e of ended) {
    const id = identityOf(e);
    const end = Date.parse(e.endDate ?? '');
    if (id === undefined || busy.has(id.groupId) || Number.isNaN(end)) continue;
    const seen = newest.get(id.groupId);
    if (seen === undefined || Date.parse(seen.endDate ?? '') < end) newest.set(id.groupId, e);
  }
  return [...newest.values()];
}

/**
 * Ended executions still to decide: those within the window, and older ones
 * whose group's gate state shows a decision begun and not finished (a final
 * bake the gate could not observe for a while, a cancel cut short) — the
 * window is wall time, and a gate that could not look must not lose them.
 * One DescribeScalingGroups call per 20 such groups.
 */
async function stillToDecide(
  deps: ControllerDeps,
  ended: readonly Execution[],
  nowMs: number,
  windowMs: number,
): Promise<Execution[]> {
  const recent = ended.filter((e) => nowMs - Date.parse(e.endDate ?? '') <= windowMs);
  const older = ended.filter((e) => !recent.includes(e));
  if (older.length === 0) return recent;
  const groupIds = older.map((e) => identityOf(e)?.groupId ?? '');
  const groups = await deps.clients.ess.listAllScalingGroups({ scalingGroupIds: [...new Set(groupIds)] });
  const stateOf = new Map(groups.map((g) => [g.scalingGroupId, decodeGateState(g.tags[GATE_STATE_TAG])]));
  const unfinished = older.filter((e) => {
    const state = stateOf.get(identityOf(e)?.groupId ?? '');
    return state !== undefined && state.executionId === e.executionId && state.phase !== 'done';
  });
  return [...recent, ...unfinished];
}

/**
 * Active executions, recent successes (their last batch bakes) and recent
 * cancels (a cancel whose cleanup was cut short is finished): one listing per
 * status.
 */
async function listEveryStatus(deps: ControllerDeps): Promise<Listing> {
  const filter = ROLLING_UPDATE_TEMPLATE_FILTER;
  const recent = (status: string) =>
    deps.clients.oos.listExecutions({
      templateName: filter,
      status,
      sortField: 'EndDate',
      sortOrder: 'Descending',
      maxResults: 50,
    });
  const [activeLists, successes, cancelled] = await Promise.all([
    Promise.all(ACTIVE_STATUSES.map((status) => deps.clients.oos.listAllExecutions({ templateName: filter, status }))),
    recent('Success'),
    recent('Cancelled'),
  ]);
  const active = activeLists.flat().filter((e) => identityOf(e) !== undefined);
  return { active, successes: successes.executions, cancelled: cancelled.executions };
}

/**
 * A loop's listing after its first: one listing of the executions started within the memory's window (newest
 * first, paged), classified here; each held pause older than the window by its id; and the ended executions the
 * loop still has to decide (their status no longer changes, so they need no listing).
 */
async function listWindow(deps: ControllerDeps, memory: GateMemory, sinceMs: number): Promise<Listing> {
  const listed = await deps.clients.oos.listAllExecutions({
    templateName: ROLLING_UPDATE_TEMPLATE_FILTER,
    sortField: 'StartDate',
    sortOrder: 'Descending',
    startDateAfter: isoSeconds(sinceMs),
  });
  const ids = new Set(listed.map((e) => e.executionId));
  const held = await Promise.all(
    [...memory.held].filter((id) => !ids.has(id)).map((executionId) => rereadExecution(deps.clients, executionId)),
  );
  const carried = [...memory.ended.values()].filter((e) => !ids.has(e.executionId));
  const all = [...listed, ...held.filter((e) => e !== undefined), ...carried];
  return {
    active: all.filter((e) => ACTIVE_STATUSES.includes(e.status) && identityOf(e) !== undefined),
    successes: all.filter((e) => e.status === 'Success'),
    cancelled: all.filter((e) => e.status === 'Cancelled'),
  };
}

interface Listing {
  active: Execution[];
  successes: Execution[];
  cancelled: Execution[];
}

/**
 * A loop lists every status when it starts without memory (a new loop, or a hand-over whose memory did not come
 * through) and when the clock went back behind its window; its window at every other round, a handed-over one's
 * included.
 */
function listRollouts(deps: ControllerDeps, memory: GateMemory | undefined, nowMs: number): Promise<Listing> {
  const { windowSetAtMs, listedSinceMs } = memory ?? {};
  if (memory === undefined || windowSetAtMs === undefined || listedSinceMs === undefined || nowMs < windowSetAtMs)
    return listEveryStatus(deps);
  return listWindow(deps, memory, listedSinceMs);
}

/** A bake check the loop knows is not due yet, on an execution the listing shows unchanged: nothing to read. */
function notDue(memory: GateMemory | undefined, execution: Execution, nowMs: number): number | undefined {
  const next = memory?.nextCheck.get(execution.executionId);
  if (next === undefined || next.listed !== listedAs(execution) || next.atMs <= nowMs) return undefined;
  return next.atMs;
}

/**
 * When to look at a running execution whose next pause this loop expects (it approved the last one): from a little
 * before the expected moment every second, until a poll interval after it; undefined when nothing is expected or
 * the moment has passed (then it is polled like any other).
 */
function expectedLook(
  memory: GateMemory | undefined,
  execution: Execution,
  nowMs: number,
  deps: ControllerDeps,
): number | undefined {
  const expected = memory?.expectedPause.get(execution.executionId);
  if (expected === undefined || !RUNNING_STATUSES.includes(execution.status)) return undefined;
  const pollMs = pollSecondsOf(deps) * 1000;
  if (nowMs < expected.atMs - LOOK_EARLY_MS) return expected.atMs - LOOK_EARLY_MS;
  if (nowMs < expected.atMs + pollMs) return nowMs + 1000;
  return undefined;
}

/**
 * When to look next at an execution this turn approved: a little before its next pause is expected (as
 * `expectedLook` starts), not a poll later, since the batch it just continued cannot pause before then; undefined
 * when nothing is expected (then it is polled).
 */
function lookAfterApprove(
  memory: GateMemory | undefined,
  execution: Execution,
  decision: GateDecisionReport | undefined,
): number | undefined {
  if (decision?.decision !== 'approve' || decision.result !== 'done') return undefined;
  const expected = memory?.expectedPause.get(execution.executionId);
  return expected?.afterPause === decision.pause ? expected.atMs - LOOK_EARLY_MS : undefined;
}

/** Seconds from the round's instant `nowMs` until `atMs`, at least SOONEST_SECONDS. */
function secondsUntil(atMs: number, nowMs: number): number {
  return Math.max(SOONEST_SECONDS, (atMs - nowMs) / 1000);
}

/** Nothing for the loop to do while the listing shows the execution as its last turn found it (done, held). */
function quiet(memory: GateMemory | undefined, execution: Execution): boolean {
  return memory?.quiet.get(execution.executionId) === listedAs(execution);
}

type Turn =
  | { execution: Execution; turn: Awaited<ReturnType<typeof gateExecution>> }
  | { execution: Execution; error: unknown }
  | { execution: Execution; dueAtMs: number };

/** What the loop keeps from this round (see memory.ts). */
function remember(
  memory: GateMemory,
  listing: Listing,
  ended: readonly Execution[],
  turns: readonly Turn[],
  nowMs: number,
) {
  const endedIds = new Set(ended.map((e) => e.executionId));
  for (const t of turns) {
    const id = t.execution.executionId;
    const listed = listedAs(t.execution);
    if ('dueAtMs' in t) continue;
    // Held and starved turns are still to do: a starved bake resumes by itself, and a hold sends reminders.
    const held = 'turn' in t && t.turn.held === true;
    const stillToDo = 'error' in t || t.turn.active || held;
    if (!stillToDo) memory.quiet.set(id, listed);
    else memory.quiet.delete(id);
    if (endedIds.has(id) && stillToDo) memory.ended.set(id, t.execution);
    else memory.ended.delete(id);
    if (!endedIds.has(id) && held) memory.held.add(id);
    else memory.held.delete(id);
    const decision = 'turn' in t ? t.turn.report : undefined;
    const nextCheckAt = decision?.result === 'waiting' ? decision.detail?.['nextCheckAt'] : undefined;
    if (decision !== undefined && typeof nextCheckAt === 'string')
      memory.nextCheck.set(id, { pauseKey: decision.pause, atMs: Date.parse(nextCheckAt), listed });
    else memory.nextCheck.delete(id);
  }
  // The window reaches back to the oldest running or baking execution, and a while before this round, for an
  // execution the listing did not show yet. Held pauses (of any age) are listed by id instead. Set again at every
  // round, from a full listing or from the window's own (which shows every execution the last window held, as it is
  // now): an execution the loop watches stays in it, one it no longer has to watch drops out of it, and one started
  // since the last round is in it. A held pause that moves on (an operator approved it) keeps the window back to
  // its start from then on.
  // Every unfinished execution listed stays in the window too, whatever its turn found (a group not read this once,
  // another loop's lease), except the held pauses, which are listed by id: with no full listing after the first,
  // one that fell out of the window would be left to the minute reconcile.
  const starts = [
    ...turns
      .filter((t) => !endedIds.has(t.execution.executionId) && !('turn' in t && !t.turn.active))
      .map((t) => t.execution),
    ...listing.active.filter((e) => !memory.held.has(e.executionId)),
  ]
    .map((e) => Date.parse(e.startDate ?? ''))
    .filter((ms) => !Number.isNaN(ms));
  memory.windowSetAtMs = nowMs;
  memory.listedSinceMs = Math.min(nowMs - LISTING_SLACK_MS, ...starts);
  forgetOthers(
    memory,
    new Set([...listing.active, ...listing.successes, ...listing.cancelled].map((e) => e.executionId)),
  );
}

/** One gate pass; `role` makes it respect (observer) or hold (loop) the groups' gate leases. */
export async function runGateOnce(deps: ControllerDeps, role?: LeaseRole): Promise<GateRunReport> {
  const nowMs = deps.now();
  const memory = role?.role === 'loop' ? (role.memory ??= newGateMemory()) : undefined;
  const listing = await listRollouts(deps, memory, nowMs);
  const { active, successes, cancelled } = listing;
  const windowMs = longestBakeWindowMs(deps);
  const ended = await stillToDecide(
    deps,
    [...newestEnded(successes, active), ...newestEnded(cancelled, active)],
    nowMs,
    windowMs,
  );
  const candidates = [...active, ...ended].filter((e) => !quiet(memory, e));
  const report: GateRunReport = {
    at: new Date(nowMs).toISOString(),
    active: 0,
    held: 0,
    activeExecutionIds: active.map((e) => e.executionId),
    decisions: [],
    errors: [],
    stalePauses: 0,
    watched: 0,
    yielded: false,
    needsPoll: false,
  };
  const turns = await mapLimited(candidates, PARALLEL, async (execution): Promise<Turn> => {
    const dueAtMs = notDue(memory, execution, nowMs);
    if (dueAtMs !== undefined) return { execution, dueAtMs };
    try {
      return { execution, turn: await gateExecution(deps, execution, nowMs, role) };
    } catch (err) {
      deps.log.error({ err, executionId: execution.executionId }, 'gate turn failed');
      return { execution, error: err };
    }
  });
  if (memory !== undefined) {
    remember(memory, listing, ended, turns, nowMs);
    // Batches running with no expected pause: their instances' progress says when to look (progress.ts).
    const unexpected = turns
      .filter((t) => 'turn' in t && t.turn.active && t.turn.report === undefined)
      .map((t) => t.execution)
      .filter((e) => RUNNING_STATUSES.includes(e.status) && expectedLook(memory, e, nowMs, deps) === undefined);
    await readProgress(deps, memory, unexpected, nowMs, pollSecondsOf(deps));
  }
  const soonest = (inSeconds: number) => {
    report.nextCheckInSeconds = Math.min(report.nextCheckInSeconds ?? inSeconds, inSeconds);
  };
  for (const t of turns) {
    if ('dueAtMs' in t) {
      // Still baking, its next check not due: active, and the loop wakes for it.
      report.active += 1;
      soonest(secondsUntil(t.dueAtMs, nowMs));
      continue;
    }
    if ('error' in t) {
      // An execution whose turn failed is still active: the next turn tries again.
      report.active += 1;
      report.needsPoll = true;
      report.errors.push({
        executionId: t.execution.executionId,
        error: t.error instanceof Error ? t.error.message : String(t.error),
        transient: isTransient(t.error),
      });
      continue;
    }
    if (t.turn.yielded === true) report.yielded = true;
    if (t.turn.watched === true) report.watched += 1;
    if (t.turn.active) {
      report.active += 1;
      const lookAt =
        t.turn.report === undefined
          ? (expectedLook(memory, t.execution, nowMs, deps) ?? progressLookAt(memory, t.execution, nowMs))
          : lookAfterApprove(memory, t.execution, t.turn.report);
      if (lookAt !== undefined) soonest(secondsUntil(lookAt, nowMs));
      else if (typeof t.turn.report?.detail?.['nextCheckAt'] !== 'string') report.needsPoll = true;
    }
    if (t.turn.held === true) report.held += 1;
    if (t.turn.stale === true) report.stalePauses += 1;
    const decision = t.turn.report;
    if (decision === undefined) continue;
    report.decisions.push(decision);
    const nextCheckAt = decision.detail?.['nextCheckAt'];
    if (typeof nextCheckAt === 'string') soonest(secondsUntil(Date.parse(nextCheckAt), nowMs));
  }
  return report;
}
