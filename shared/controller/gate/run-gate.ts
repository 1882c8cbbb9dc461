// runGateOnce: one pass over every rollout rollgate started that may need a
// decision — executions paused after a batch or on failed instances, the
// newest successful execution of each group while its last batch bakes, and
// the newest cancelled one (a cancel whose cleanup was cut short).
// Reports what it decided and whether anything is still active (the gate
// loop stops when nothing is).
import type { Execution, ScalingGroup } from '../../cloud/api';
import { isTransient } from '../failure';
import type { ControllerDeps } from '../deps';
import { ROLLING_UPDATE_TEMPLATE_FILTER } from '../snapshot/read-fleet';
import { identityOf } from './context';
import { gateExecution, type GateDecisionReport } from './decide-execution';
import type { LeaseRole } from './lease';
import { decodeGateState, GATE_STATE_TAG } from './state';
import { mapLimited } from '../../concurrency';

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
}

const ACTIVE_STATUSES = ['Waiting', 'Running', 'Started', 'Queued'];
/** Executions decided in parallel: bounded so 50 rollouts do not burst 50 × 6 calls at once. */
const PARALLEL = 8;

/**
 * Longest final bake the policy allows, with room for three minute-reconcile
 * turns after its timeout: successes older than this cannot still be baking
 * (nor cancels still cleaning up). A bake left undecided would keep its group
 * and the later waves waiting.
 */
function longestBakeWindowMs(deps: ControllerDeps): number {
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
 * One DescribeScalingGroups call per 50 such groups.
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
  const groups: ScalingGroup[] = [];
  for (let i = 0; i < groupIds.length; i += 50)
    groups.push(...(await deps.clients.ess.listAllScalingGroups({ scalingGroupIds: groupIds.slice(i, i + 50) })));
  const stateOf = new Map(groups.map((g) => [g.scalingGroupId, decodeGateState(g.tags[GATE_STATE_TAG])]));
  const unfinished = older.filter((e) => {
    const state = stateOf.get(identityOf(e)?.groupId ?? '');
    return state !== undefined && state.executionId === e.executionId && state.phase !== 'done';
  });
  return [...recent, ...unfinished];
}

/**
 * Active executions, recent successes (their last batch bakes) and recent
 * cancels (a cancel whose cleanup was cut short is finished).
 */
async function listRollouts(
  deps: ControllerDeps,
): Promise<{ active: Execution[]; successes: Execution[]; cancelled: Execution[] }> {
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

/** One gate pass; `role` makes it respect (observer) or hold (loop) the groups' gate leases. */
export async function runGateOnce(deps: ControllerDeps, role?: LeaseRole): Promise<GateRunReport> {
  const nowMs = deps.now();
  const { active, successes, cancelled } = await listRollouts(deps);
  const windowMs = longestBakeWindowMs(deps);
  const ended = await stillToDecide(
    deps,
    [...newestEnded(successes, active), ...newestEnded(cancelled, active)],
    nowMs,
    windowMs,
  );
  const candidates = [...active, ...ended];
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
  };
  const turns = await mapLimited(candidates, PARALLEL, async (execution) => {
    try {
      return { execution, turn: await gateExecution(deps, execution, nowMs, role) };
    } catch (err) {
      deps.log.error({ err, executionId: execution.executionId }, 'gate turn failed');
      return { execution, error: err };
    }
  });
  for (const t of turns) {
    if ('error' in t) {
      // An execution whose turn failed is still active: the next turn tries again.
      report.active += 1;
      report.errors.push({
        executionId: t.execution.executionId,
        error: t.error instanceof Error ? t.error.message : String(t.error),
        transient: isTransient(t.error),
      });
      continue;
    }
    if (t.turn.yielded === true) report.yielded = true;
    if (t.turn.watched === true) report.watched += 1;
    if (t.turn.active) report.active += 1;
    if (t.turn.held === true) report.held += 1;
    if (t.turn.stale === true) report.stalePauses += 1;
    const decision = t.turn.report;
    if (decision === undefined) continue;
    report.decisions.push(decision);
    const nextCheckAt = decision.detail?.['nextCheckAt'];
    if (typeof nextCheckAt === 'string') {
      const inSeconds = Math.max(1, (Date.parse(nextCheckAt) - nowMs) / 1000);
      report.nextCheckInSeconds = Math.min(report.nextCheckInSeconds ?? inSeconds, inSeconds);
    }
  }
  return report;
}
