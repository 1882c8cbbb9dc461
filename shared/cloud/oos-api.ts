// OOS (2019-06-01) operations rollgate uses, named and shaped like the
// generated `@alicloud/oos20190601` client. JSON-string fields on the wire
// (Parameters, Tags, Outputs) are objects here in both directions.
import type { Known, ListRequest } from './api-common';

export type ExecutionStatus = Known<'Started' | 'Queued' | 'Running' | 'Waiting' | 'Success' | 'Failed' | 'Cancelled'>;
export type ExecutionMode = Known<'Automatic' | 'FailurePause' | 'Debug'>;
/** The seven documented NotifyExecution types. */
export type NotifyType =
  'ExecuteTask' | 'CancelTask' | 'CompleteExecution' | 'Approve' | 'Reject' | 'RetryTask' | 'SkipTask';

export interface Execution {
  executionId: string;
  templateName?: string;
  templateVersion?: string;
  status: ExecutionStatus;
  statusMessage?: string;
  statusReason?: string;
  mode?: ExecutionMode;
  loopMode?: string;
  safetyCheck?: string;
  description?: string;
  /** Template parameters (a JSON string in StartExecution's response, an object in ListExecutions'). */
  parameters: Record<string, unknown>;
  outputs: Record<string, unknown>;
  tags: Record<string, string>;
  parentExecutionId?: string;
  isParent?: boolean;
  counters?: Record<string, number>;
  waitingStatus?: string;
  currentTasks: unknown[];
  createDate?: string;
  startDate?: string;
  endDate?: string;
  updateDate?: string;
}

export interface TaskExecution {
  taskExecutionId: string;
  executionId: string;
  taskName: string;
  taskAction?: string;
  status: ExecutionStatus;
  statusMessage?: string;
  loopItem?: string;
  loopBatchNumber?: number;
  childExecutionId?: string;
  parentTaskExecutionId?: string;
  outputs: Record<string, unknown>;
  properties: Record<string, unknown>;
  extraData: Record<string, unknown>;
  startDate?: string;
  endDate?: string;
}

export interface StartExecutionRequest {
  templateName: string;
  /** JSON-encoded on the wire. */
  parameters: Record<string, unknown>;
  /** JSON-encoded on the wire. */
  tags?: Record<string, string>;
  clientToken?: string;
  mode?: ExecutionMode;
  loopMode?: Known<'Automatic' | 'FirstBatchPause' | 'EveryBatchPause'>;
  safetyCheck?: Known<'Skip' | 'ConfirmEveryHighRiskAction'>;
  description?: string;
  templateVersion?: string;
  parentExecutionId?: string;
}

export interface ListExecutionsRequest {
  executionId?: string;
  /** Substring match on the template name. */
  templateName?: string;
  status?: string;
  /** Executions that started at or after this time (ISO 8601 UTC, whole seconds). */
  startDateAfter?: string;
  /** Exact-match tag filter (JSON-encoded on the wire). */
  tags?: Record<string, string>;
  parentExecutionId?: string;
  includeChildExecution?: boolean;
  sortField?: Known<'StartDate' | 'EndDate' | 'Status'>;
  sortOrder?: Known<'Ascending' | 'Descending'>;
  maxResults?: number;
  nextToken?: string;
}
export interface ListExecutionsResponse {
  requestId: string;
  nextToken?: string;
  executions: Execution[];
}

export interface NotifyExecutionRequest {
  executionId: string;
  notifyType: NotifyType;
  taskName?: string;
  taskExecutionId?: string;
  taskExecutionIds?: string[];
  loopItem?: string;
  executionStatus?: string;
  parameters?: Record<string, unknown>;
  notifyNote?: string;
}

export interface ListTaskExecutionsRequest {
  executionId: string;
  taskName?: string;
  taskExecutionId?: string;
  status?: string;
  parentTaskExecutionId?: string;
  includeChildTaskExecution?: boolean;
  maxResults?: number;
  nextToken?: string;
}
export interface ListTaskExecutionsResponse {
  requestId: string;
  nextToken?: string;
  taskExecutions: TaskExecution[];
}

/** An OOS common parameter (the parameter store), as GetParameter answers it. */
export interface CommonParameter {
  name: string;
  value: string;
  parameterVersion?: number;
  description?: string;
  createdDate?: string;
  updatedDate?: string;
}

export interface PutParameterRequest {
  name: string;
  value: string;
  description?: string;
}

export interface OosApi {
  startExecution(request: StartExecutionRequest): Promise<Execution>;
  listExecutions(request: ListExecutionsRequest): Promise<ListExecutionsResponse>;
  /** Every matching execution, NextToken-paged at the API maximum (100). */
  listAllExecutions(request: ListRequest<ListExecutionsRequest>): Promise<Execution[]>;
  /** The same listing one page at a time, for a reader that stops once it has seen enough. */
  executionPages(request: ListRequest<ListExecutionsRequest>): AsyncIterable<Execution[]>;
  notifyExecution(request: NotifyExecutionRequest): Promise<{ requestId: string }>;
  cancelExecution(request: { executionId: string }): Promise<{ requestId: string }>;
  listTaskExecutions(request: ListTaskExecutionsRequest): Promise<ListTaskExecutionsResponse>;
  listAllTaskExecutions(request: ListRequest<ListTaskExecutionsRequest>): Promise<TaskExecution[]>;
  /** Throws `EntityNotExists.Parameter` when there is no parameter of that name. */
  getParameter(request: { name: string }): Promise<CommonParameter>;
  /** A `String` parameter; throws when one of that name exists. */
  createParameter(request: PutParameterRequest): Promise<CommonParameter>;
  updateParameter(request: PutParameterRequest): Promise<CommonParameter>;
}
