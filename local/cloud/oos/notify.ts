// NotifyExecution and CancelExecution. Approve continues a batch pause;
// RetryTask/SkipTask/CancelTask decide failed loop items at a failure pause,
// and SkipTask/CancelTask also a loop item that has not finished yet (the
// console's per-instance Skip and Cancel); Reject ends a waiting execution as
// Failed. ExecuteTask and CompleteExecution belong to Debug mode, which the
// local cloud refuses at StartExecution, so here they are refused like on a
// non-Debug execution.
import { getExecution, type OosContext } from './context';
import { invalidExecutionStatus, invalidParameter, missingParameter, taskExecutionNotFound } from './errors';
import type { RolloutRunner } from './rollout-runner';
import { FINAL_STATUSES, type ExecutionRecord } from './types';

export const NOTIFY_TYPES = [
  'ExecuteTask',
  'CancelTask',
  'CompleteExecution',
  'Approve',
  'Reject',
  'RetryTask',
  'SkipTask',
] as const;

export interface NotifyInput {
  executionId?: string;
  notifyType?: string;
  taskExecutionId?: string;
  taskExecutionIds?: string;
  loopItem?: string;
  notifyNote?: string;
}

export function notifyExecution(ctx: OosContext, runner: RolloutRunner, input: NotifyInput): void {
  if (!input.executionId) throw missingParameter('ExecutionId');
  if (!input.notifyType) throw missingParameter('NotifyType');
  if (!(NOTIFY_TYPES as readonly string[]).includes(input.notifyType))
    throw invalidParameter('NotifyType', `Valid values: ${NOTIFY_TYPES.join(', ')}.`);
  let execution = getExecution(ctx, input.executionId);
  // A failed child named directly stands for its loop item in the parent.
  const namedChild = execution.child ? execution : undefined;
  if (namedChild) execution = getExecution(ctx, namedChild.child!.parentExecutionId);

  switch (input.notifyType) {
    case 'Approve':
      requireWaiting(execution, 'BatchPause', 'Approve continues an execution paused after a batch');
      return runner.continueAfterPause(execution);
    case 'Reject':
      if (execution.status !== 'Waiting')
        throw invalidExecutionStatus(
          execution.executionId,
          execution.status,
          'Reject applies only to a Waiting execution.',
        );
      return runner.fail(
        execution,
        `Rejected by NotifyExecution.${input.notifyNote ? ` Note: ${input.notifyNote}` : ''}`,
      );
    case 'RetryTask': {
      requireWaiting(
        execution,
        'FailurePause',
        'RetryTask decides a failed task of an execution paused on failure (Mode=FailurePause)',
      );
      const targets = namedChild ? [namedChild] : failedChildren(ctx, execution, input);
      for (const child of targets)
        if (!isOpenFailure(child))
          throw invalidExecutionStatus(child.executionId, child.status, 'RetryTask applies only to a failed task.');
      for (const child of targets) runner.retryChild(execution, child);
      return;
    }
    case 'SkipTask':
    case 'CancelTask': {
      // A failed item at a failure pause, or an item that has not finished yet while the execution runs.
      const targets = namedChild ? [namedChild] : failedChildren(ctx, execution, input);
      for (const child of targets) {
        if (isOpenFailure(child)) {
          requireWaiting(
            execution,
            'FailurePause',
            `${input.notifyType} decides a failed task of an execution paused on failure (Mode=FailurePause)`,
          );
        } else if (!isUnfinished(child) || execution.status !== 'Running') {
          throw invalidExecutionStatus(
            child.executionId,
            child.status,
            `${input.notifyType} applies only to a failed task at a failure pause or to one that has not finished.`,
          );
        }
      }
      const instanceOf = (child: ExecutionRecord) => child.child?.instanceId;
      for (const child of targets) {
        const where = isUnfinished(child) ? 'stays where it is' : 'stays in Standby';
        if (input.notifyType === 'SkipTask')
          runner.skipChild(
            execution,
            child,
            `Skipped by NotifyExecution SkipTask; instance ${instanceOf(child)} ${where}.`,
          );
        else
          runner.cancelChild(
            execution,
            child,
            `Cancelled by NotifyExecution CancelTask; instance ${instanceOf(child)} is left where it is and counts as failed.`,
          );
      }
      return;
    }
    default:
      throw invalidExecutionStatus(
        execution.executionId,
        execution.status,
        `NotifyType ${input.notifyType} is valid only for executions in Debug mode.`,
      );
  }
}

/** A failed item not yet decided (a CancelTask-accepted failure is decided). */
function isOpenFailure(child: ExecutionRecord): boolean {
  return (child.status === 'Failed' || child.status === 'Cancelled') && !child.child?.failureAccepted;
}

function isUnfinished(child: ExecutionRecord): boolean {
  return child.status === 'Running' || child.status === 'Started';
}

function requireWaiting(execution: ExecutionRecord, waitingStatus: 'BatchPause' | 'FailurePause', what: string): void {
  if (execution.status !== 'Waiting' || execution.waitingStatus !== waitingStatus) {
    const now = execution.status === 'Waiting' ? `Waiting (${execution.waitingStatus})` : execution.status;
    throw invalidExecutionStatus(execution.executionId, now, `${what}.`);
  }
}

/** The loop items named by TaskExecutionId(s) (task or child execution ids) or LoopItem (instance id). */
function failedChildren(ctx: OosContext, execution: ExecutionRecord, input: NotifyInput): ExecutionRecord[] {
  const ids = [...(input.taskExecutionId ? [input.taskExecutionId] : []), ...parseIdList(input.taskExecutionIds)];
  if (ids.length === 0 && !input.loopItem) throw missingParameter('TaskExecutionId');
  const itemTasks = execution.tasks.filter((t) => t.childExecutionId !== undefined);
  const found = itemTasks.filter(
    (t) =>
      ids.includes(t.taskExecutionId) ||
      ids.includes(t.childExecutionId ?? '') ||
      (input.loopItem !== undefined && t.loopItem === input.loopItem),
  );
  if (found.length === 0) {
    throw taskExecutionNotFound(
      `TaskExecutionId ${ids.join(', ') || '-'} / LoopItem ${input.loopItem ?? '-'} in execution ${execution.executionId}`,
    );
  }
  return found.map((t) => getExecution(ctx, t.childExecutionId!));
}

function parseIdList(raw: string | undefined): string[] {
  if (raw === undefined || raw === '') return [];
  try {
    const json: unknown = JSON.parse(raw);
    if (Array.isArray(json) && json.every((x) => typeof x === 'string')) return json;
  } catch {
    // fall through to the error below
  }
  throw invalidParameter('TaskExecutionIds', 'It must be a JSON list of task execution ids, e.g. ["task-exec-…"].');
}

export function cancelExecution(ctx: OosContext, runner: RolloutRunner, executionId: string | undefined): void {
  if (!executionId) throw missingParameter('ExecutionId');
  const execution = getExecution(ctx, executionId);
  // Cancelling an execution that has ended changes nothing.
  if (FINAL_STATUSES.has(execution.status)) return;
  runner.cancel(execution, 'Cancelled by CancelExecution.');
}
