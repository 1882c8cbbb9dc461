// When to look at a batch whose pause nothing predicts (the first of a
// rollout, or one that ran past its expectation): from its instances'
// progress. Each instance of a batch is one child execution of the template's
// loop (ACS::ESS::ReplaceSystemDisk, RunCommand, ConfigureOOSPackage), and
// every child template ends the same way: `exitStandBy`, then
// `setInstancesProtectionToTrue` for a Protected instance. The batch pauses
// when its last child ends. So one listing of the running children of every
// such rollout tells, for each, whether all its running children are in
// those final steps: then its pause is near and the loop looks every second
// for a while; otherwise it looks again at the children some seconds later
// (and needs no poll in between). A rollout the listing shows no running
// child of is polled as before. No event tells of a batch
// pause (OOS notifies only execution status changes to Started, Success and
// Failed, none for child executions), so the pause is still found by the
// listing; this only says when to list. A wrong guess costs calls or
// latency, never a decision: a pause seen late is gated as before.
import type { Execution } from '../../cloud/api';
import { isoSeconds } from '../../cloud/wire';
import type { ControllerDeps } from '../deps';
import type { GateMemory } from './memory';

/** The child templates' names share this prefix (substring filter of ListExecutions' TemplateName). */
export const CHILD_TEMPLATE_FILTER = 'ACS::ESS::';
/** A child's last tasks: once every running child of a batch is in one of them, its pause is near. */
const FINAL_TASKS = ['exitstandby', 'setinstancesprotectiontotrue'];

export interface ProgressLook {
  /** When the children are next listed for this execution (epoch ms, cloud time). */
  nextLookMs: number;
  /** The last listing showed running children of it: until `nextLookMs` the loop need not poll it. When none showed
   * (between batches, or a cloud that names its child executions otherwise), it is polled as before. */
  seen: boolean;
  /** Until when the loop looks every second: the batch's pause is near. */
  nearUntilMs?: number;
  /** The execution's batch as the last progress look found it near (its running children), so a near batch is
   * looked at every second once, not again and again while one child lingers. */
  nearKey?: string;
}

function taskNames(tasks: readonly unknown[]): { names: string[]; actions: string[] } {
  const names: string[] = [];
  const actions: string[] = [];
  for (const t of tasks) {
    if (typeof t !== 'object' || t === null) continue;
    const { TaskName: name, TaskAction: action } = t as Record<string, unknown>;
    if (typeof name === 'string') names.push(name);
    if (typeof action === 'string') actions.push(action);
  }
  return { names, actions };
}

/** The parent runs its loop task (its current task's action is a child template) rather than a step before or after it. */
export function inLoop(execution: Execution): boolean {
  return taskNames(execution.currentTasks).actions.some((a) => a.startsWith(CHILD_TEMPLATE_FILTER));
}

function finishing(child: Execution): boolean {
  const { names } = taskNames(child.currentTasks);
  return names.length > 0 && names.every((n) => FINAL_TASKS.includes(n.toLowerCase()));
}

/** Spacing of progress looks and length of a near window: under two poll intervals, so a pause is never seen later than
 * the gate counts as watched (decide-execution.ts `unwatched`). */
function spacingMs(pollSeconds: number): number {
  return Math.max(pollSeconds, 2 * pollSeconds - 1) * 1000;
}

/**
 * The moment the loop wants to look at a running execution from its progress, or undefined (poll as usual: its loop
 * has not started or is over, or its progress is due and was not read).
 */
export function progressLookAt(
  memory: GateMemory | undefined,
  execution: Execution,
  nowMs: number,
): number | undefined {
  const look = memory?.progress.get(execution.executionId);
  if (look === undefined || !look.seen || !inLoop(execution)) return undefined;
  if (look.nearUntilMs !== undefined && nowMs < look.nearUntilMs) return nowMs + 1000;
  if (nowMs < look.nextLookMs) return look.nextLookMs;
  return undefined;
}

/**
 * Lists the running children of the executions whose progress look is due (one paged call for all of them) and
 * records when to look at each next. Does nothing when none is due; a failed listing leaves them to the poll.
 */
export async function readProgress(
  deps: ControllerDeps,
  memory: GateMemory,
  running: readonly Execution[],
  nowMs: number,
  pollSeconds: number,
): Promise<void> {
  const due = running.filter((e) => inLoop(e) && nowMs >= (memory.progress.get(e.executionId)?.nextLookMs ?? 0));
  if (due.length === 0) return;
  const starts = due.map((e) => Date.parse(e.startDate ?? '')).filter((ms) => !Number.isNaN(ms));
  if (starts.length < due.length) return;
  let children: Execution[];
  try {
    children = await deps.clients.oos.listAllExecutions({
      templateName: CHILD_TEMPLATE_FILTER,
      includeChildExecution: true,
      status: 'Running',
      startDateAfter: isoSeconds(Math.min(...starts)),
    });
  } catch (err) {
    deps.log.warn({ err }, 'listing the running instance updates failed; the gate polls');
    return;
  }
  const spacing = spacingMs(pollSeconds);
  for (const e of due) {
    const mine = children.filter((c) => c.parentExecutionId === e.executionId);
    const near = mine.length > 0 && mine.every(finishing);
    const key = mine
      .map((c) => c.executionId)
      .sort()
      .join(',');
    const previous = memory.progress.get(e.executionId);
    // A batch found near once is not looked at every second again (a final step that lingers): its children are.
    const fresh = near && previous?.nearKey !== key;
    memory.progress.set(e.executionId, {
      nextLookMs: nowMs + spacing,
      seen: mine.length > 0,
      ...(fresh ? { nearUntilMs: nowMs + spacing } : {}),
      ...(near ? { nearKey: key } : {}),
    });
  }
}
