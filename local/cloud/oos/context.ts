// State shared by the OOS model's parts for one region world, and the small
// record-keeping helpers every part uses (status changes, task records).
import { ApiError, type RegionWorld } from '../core/contracts';
import { executionNotFound } from './errors';
import type { ExecutionRecord, ExecutionStatus, TaskExecutionRecord, TaskStatus, WaitingStatus } from './types';

export interface OosContext {
  readonly world: RegionWorld;
  /** Every execution, parents and children, in creation order. */
  readonly executions: Map<string, ExecutionRecord>;
  /**
   * The same executions ordered by start (creation order among equal starts): a StartDate-sorted
   * ListExecutions page walks it instead of sorting the whole history on every call. Appended in creation
   * order and sorted again (stable) only when an execution recorded with an older start made it unsorted;
   * an execution's start never changes once it exists.
   */
  readonly startOrder: {
    records: ExecutionRecord[];
    sorted: boolean;
    /** Each record's index in `records` while sorted (a NextToken page resumes after one; starts can be equal by the thousand). */
    positions: Map<ExecutionRecord, number>;
  };
  /** ClientToken → ExecutionId of the execution it started. */
  readonly clientTokens: Map<string, string>;
}

export function createOosContext(world: RegionWorld): OosContext {
  return {
    world,
    executions: new Map(),
    startOrder: { records: [], sorted: true, positions: new Map() },
    clientTokens: new Map(),
  };
}

/** Every new execution goes through here, so `executions` and `startOrder` hold the same records. */
export function addExecution(ctx: OosContext, execution: ExecutionRecord): void {
  if (ctx.executions.has(execution.executionId)) throw new Error(`execution ${execution.executionId} exists already`);
  ctx.executions.set(execution.executionId, execution);
  const order = ctx.startOrder;
  const last = order.records.at(-1);
  if (last !== undefined && last.startMs > execution.startMs) order.sorted = false;
  order.records.push(execution);
  if (order.sorted) order.positions.set(execution, order.records.length - 1);
}

/** Every execution, oldest start first, creation order among equal starts. */
export function executionsByStart(ctx: OosContext): readonly ExecutionRecord[] {
  const order = ctx.startOrder;
  if (!order.sorted) {
    // Array.prototype.sort is stable: equal starts stay in creation (append) order.
    order.records.sort((a, b) => a.startMs - b.startMs);
    order.positions.clear();
    order.records.forEach((record, index) => order.positions.set(record, index));
    order.sorted = true;
  }
  return order.records;
}

export function getExecution(ctx: OosContext, executionId: string): ExecutionRecord {
  const execution = ctx.executions.get(executionId);
  if (!execution) throw executionNotFound(executionId);
  return execution;
}

export function setExecutionStatus(
  ctx: OosContext,
  execution: ExecutionRecord,
  status: ExecutionStatus,
  statusMessage = '',
  waitingStatus: WaitingStatus | '' = '',
): void {
  const now = ctx.world.clock.now();
  execution.status = status;
  execution.statusMessage = statusMessage;
  execution.waitingStatus = waitingStatus;
  execution.updateMs = now;
  if (status === 'Success' || status === 'Failed' || status === 'Cancelled') execution.endMs = now;
  else delete execution.endMs;
}

export function startTask(
  ctx: OosContext,
  execution: ExecutionRecord,
  fields: Pick<TaskExecutionRecord, 'taskName' | 'taskAction'> & Partial<TaskExecutionRecord>,
): TaskExecutionRecord {
  const now = ctx.world.clock.now();
  const task: TaskExecutionRecord = {
    taskExecutionId: ctx.world.newId('task-exec-'),
    executionId: execution.executionId,
    status: 'Running',
    statusMessage: '',
    startMs: now,
    updateMs: now,
    properties: {},
    outputs: {},
    ...fields,
  };
  execution.tasks.push(task);
  execution.updateMs = now;
  return task;
}

export function setTaskStatus(
  ctx: OosContext,
  task: TaskExecutionRecord,
  status: TaskStatus,
  statusMessage = '',
  outputs?: Record<string, unknown>,
): void {
  const now = ctx.world.clock.now();
  task.status = status;
  task.statusMessage = statusMessage;
  task.updateMs = now;
  if (outputs) task.outputs = outputs;
  if (status === 'Running' || status === 'Waiting') delete task.endMs;
  else task.endMs = now;
}

/** A readable message from anything a model call threw (ApiError keeps its code). */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Index of an execution in executionsByStart(ctx), or -1. */
export function startPosition(ctx: OosContext, execution: ExecutionRecord): number {
  executionsByStart(ctx);
  return ctx.startOrder.positions.get(execution) ?? -1;
}
