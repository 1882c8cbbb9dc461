// The OOS model's state: executions (parents and per-instance children) and
// their task executions. Times are simulated epoch milliseconds.
import type { ScalingProcess, TimerId } from '../core/contracts';
import type { RollingUpdateParameters } from './parameters';
import type { RollingUpdateTemplate } from './templates';

export const EXECUTION_STATUSES = ['Started', 'Running', 'Waiting', 'Success', 'Failed', 'Cancelled'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export type TaskStatus = 'Running' | 'Waiting' | 'Success' | 'Failed' | 'Cancelled';

/**
 * Why a Waiting execution waits: after a batch (continue with NotifyExecution
 * Approve) or after failures beyond maxErrors in Mode=FailurePause (decide per
 * failed task with RetryTask/SkipTask/CancelTask, or cancel).
 */
export type WaitingStatus = 'BatchPause' | 'FailurePause';

export const FINAL_STATUSES: ReadonlySet<string> = new Set(['Success', 'Failed', 'Cancelled']);

export interface TaskExecutionRecord {
  taskExecutionId: string;
  executionId: string;
  taskName: string;
  taskAction: string;
  status: TaskStatus;
  statusMessage: string;
  startMs: number;
  endMs?: number;
  updateMs: number;
  properties: Record<string, unknown>;
  outputs: Record<string, unknown>;
  /** Loop item tasks: the loop task they belong to, their item and child execution. */
  parentTaskExecutionId?: string;
  loopItem?: string;
  childExecutionId?: string;
  /** Loop item tasks: the 1-based batch the item ran in. Loop task: the batches finished so far. */
  loopBatchNumber?: number;
  /** Loop task only: its configuration and progress. */
  loop?: Record<string, unknown>;
}

/** What one child execution does to its instance. */
export type ChildOperation =
  | { kind: 'image'; imageId: string; rollBack: boolean }
  | { kind: 'script'; content: string; commandType: string; rollBack: boolean }
  | {
      kind: 'package';
      action: 'install' | 'uninstall';
      packageName: string;
      packageVersion: string;
      rollBack: boolean;
    };

export interface ChildState {
  parentExecutionId: string;
  scalingGroupId: string;
  instanceId: string;
  lifecycleState: string;
  operation: ChildOperation;
  /** The loop item task of the parent that this child runs for. */
  itemTask: TaskExecutionRecord;
  attempts: number;
  /** Cancelled by NotifyExecution CancelTask: Failed, but not counted against maxErrors; the loop goes on. */
  failureAccepted?: boolean;
  timer?: TimerId;
}

export interface RolloutState {
  template: RollingUpdateTemplate;
  params: RollingUpdateParameters;
  scalingGroupId: string;
  /** The execution a rollback undoes. */
  sourceExecutionId?: string;
  /** The operation every child runs (resolved at start: rollback image/script/package action). */
  operation: ChildOperation;
  enterProcess: ScalingProcess[];
  exitProcess: ScalingProcess[];
  items: Array<{ instanceId: string; lifecycleState: string }>;
  batches: string[][];
  concurrency: number;
  /** Index of the batch running or last finished. */
  batchIndex: number;
  /** Batches whose pause was continued (Approve) or that needed none. */
  batchesContinued: number;
  /** When the execution last paused after a batch. */
  pausedAtMs?: number;
  /** Every batch pause continued by NotifyExecution Approve, in order (the admin view shows them). */
  approvals: ApprovalRecord[];
  /** instanceId → child execution id, in loop order. */
  children: Map<string, string>;
  loopTask?: TaskExecutionRecord;
  timer?: TimerId;
}

/** One NotifyExecution Approve the execution took: after which batch, paused since when, approved when. */
export interface ApprovalRecord {
  batch: number;
  pausedAtMs: number;
  atMs: number;
}

export interface ExecutionRecord {
  executionId: string;
  templateName: string;
  status: ExecutionStatus;
  statusMessage: string;
  waitingStatus: WaitingStatus | '';
  parameters: Record<string, unknown>;
  tags: Record<string, string>;
  outputs: Record<string, unknown>;
  mode: string;
  /** StartExecution's SafetyCheck, echoed (default ConfirmEveryHighRiskAction); confirmations are not imitated. */
  safetyCheck: string;
  /** Execution-level LoopMode, echoed; the templates pause by their own batchPauseOption parameter. */
  loopMode: string;
  description: string;
  clientToken?: string;
  createMs: number;
  startMs: number;
  endMs?: number;
  updateMs: number;
  parentExecutionId?: string;
  isParent: boolean;
  tasks: TaskExecutionRecord[];
  rollout?: RolloutState;
  child?: ChildState;
}
