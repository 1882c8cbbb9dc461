// State shared by the OOS model's parts for one region world, and the small
// record-keeping helpers every part uses (status changes, task records).
import { ApiError, type RegionWorld } from '../core/contracts';
import { executionNotFound } from './errors';
import type { ExecutionRecord, ExecutionStatus, TaskExecutionRecord, TaskStatus, WaitingStatus } from './types';

export interface OosContext {
  readonly world: RegionWorld;
  /** Every execution, parents and children, in creation order. */
  readonly executions: Map<string, ExecutionRecord>;
  /** ClientToken → ExecutionId of the execution it started. */
  readonly clientTokens: Map<string, string>;
}

export function createOosContext(world: RegionWorld): OosContext {
  return { world, executions: new Map(), clientTokens: new Map() };
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
