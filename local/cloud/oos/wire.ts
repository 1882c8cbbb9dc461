// How executions and task executions look on the wire (research §2): in the
// StartExecution response Parameters and Outputs are JSON strings; in
// ListExecutions Parameters is an object and Outputs a string.
import type { OosContext } from './context';
import type { ExecutionRecord, TaskExecutionRecord } from './types';

export function executionToWire(
  ctx: OosContext,
  execution: ExecutionRecord,
  parametersAs: 'string' | 'object',
): Record<string, unknown> {
  const { clock, accountId } = ctx.world;
  return {
    ExecutionId: execution.executionId,
    TemplateName: execution.templateName,
    TemplateId: `t-${execution.templateName}`,
    TemplateVersion: 'v1',
    Status: execution.status,
    StatusMessage: execution.statusMessage,
    StatusReason: execution.statusMessage,
    WaitingStatus: execution.waitingStatus,
    Parameters: parametersAs === 'string' ? JSON.stringify(execution.parameters) : execution.parameters,
    Tags: execution.tags,
    Outputs: JSON.stringify(execution.outputs),
    Counters: counters(execution),
    CurrentTasks: currentTasks(execution),
    Mode: execution.mode,
    LoopMode: execution.loopMode,
    SafetyCheck: execution.safetyCheck,
    Description: execution.description,
    Category: 'Other',
    ExecutedBy: accountId,
    RamRole: typeof execution.parameters.OOSAssumeRole === 'string' ? execution.parameters.OOSAssumeRole : '',
    ResourceGroupId: '',
    IsParent: execution.isParent,
    ParentExecutionId: execution.parentExecutionId ?? '',
    CreateDate: clock.iso(execution.createMs),
    StartDate: clock.iso(execution.startMs),
    EndDate: execution.endMs === undefined ? '' : clock.iso(execution.endMs),
    UpdateDate: clock.iso(execution.updateMs),
  };
}

/**
 * The execution's task executions by status, as OOS counts them (SDK example
 * `{"Failed":0,"Success":1,"Total":2}`): Total is the tasks started so far, a
 * loop task counting once, not its items.
 */
function counters(execution: ExecutionRecord): Record<string, number> {
  const result = { Total: 0, Success: 0, Failed: 0, Running: 0, Waiting: 0, Cancelled: 0 };
  for (const task of execution.tasks) {
    if (task.parentTaskExecutionId !== undefined) continue;
    result.Total += 1;
    result[task.status] += 1;
  }
  return result;
}

/** Top-level tasks that are running or waiting now. */
function currentTasks(execution: ExecutionRecord): Array<Record<string, string>> {
  return execution.tasks
    .filter((t) => t.parentTaskExecutionId === undefined && (t.status === 'Running' || t.status === 'Waiting'))
    .map((t) => ({ TaskName: t.taskName, TaskAction: t.taskAction, TaskExecutionId: t.taskExecutionId }));
}

export function taskToWire(ctx: OosContext, task: TaskExecutionRecord): Record<string, unknown> {
  const { clock } = ctx.world;
  return {
    TaskExecutionId: task.taskExecutionId,
    ExecutionId: task.executionId,
    TaskName: task.taskName,
    TaskAction: task.taskAction,
    Status: task.status,
    StatusMessage: task.statusMessage,
    Properties: JSON.stringify(task.properties),
    Outputs: JSON.stringify(task.outputs),
    ParentTaskExecutionId: task.parentTaskExecutionId ?? '',
    LoopItem: task.loopItem ?? '',
    ChildExecutionId: task.childExecutionId ?? '',
    LoopBatchNumber: task.loopBatchNumber ?? 0,
    Loop: task.loop ?? {},
    ExtraData: {},
    TemplateId: '',
    CreateDate: clock.iso(task.startMs),
    StartDate: clock.iso(task.startMs),
    EndDate: task.endMs === undefined ? '' : clock.iso(task.endMs),
    UpdateDate: clock.iso(task.updateMs),
  };
}
