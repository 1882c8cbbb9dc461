// OosApi over the generic RPC client, OOS API 2019-06-01. This is the one
// file to change when `@alicloud/oos20190601` becomes installable.
import * as z from 'zod';
import type { RpcClient } from './client';
import type {
  CommonParameter,
  Execution,
  ListExecutionsRequest,
  ListExecutionsResponse,
  ListTaskExecutionsRequest,
  ListTaskExecutionsResponse,
  NotifyExecutionRequest,
  OosApi,
  PutParameterRequest,
  StartExecutionRequest,
} from './oos-api';
import { MAX_PAGE_SIZE, collect, pagesByToken } from './paging';
import { parseResponse } from './parse';
import { flattenParams, jsonObject, jsonStringMap, optionalString, wireNumber } from './wire';

const countersWire = z
  .union([z.record(z.string(), z.union([z.number(), z.string()])), z.string(), z.null()])
  .optional()
  .transform((value): Record<string, number> | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    let raw: unknown = value;
    if (typeof value === 'string') {
      try {
        raw = JSON.parse(value);
      } catch {
        return undefined;
      }
    }
    if (typeof raw !== 'object' || raw === null) return undefined;
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
  });

const booleanWire = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === true || v === 'true'));

const ExecutionWire = z
  .object({
    ExecutionId: z.string(),
    TemplateName: optionalString,
    TemplateVersion: optionalString,
    Status: z.string(),
    StatusMessage: optionalString,
    StatusReason: optionalString,
    Mode: optionalString,
    LoopMode: optionalString,
    SafetyCheck: optionalString,
    Description: optionalString,
    // StartExecution returns Parameters as a JSON string, ListExecutions as an object.
    Parameters: jsonObject,
    Outputs: jsonObject,
    Tags: jsonStringMap,
    ParentExecutionId: optionalString,
    IsParent: booleanWire,
    Counters: countersWire,
    WaitingStatus: optionalString,
    CurrentTasks: z.array(z.unknown()).nullish(),
    CreateDate: optionalString,
    StartDate: optionalString,
    EndDate: optionalString,
    UpdateDate: optionalString,
  })
  .transform((e): Execution => ({
    executionId: e.ExecutionId,
    templateName: e.TemplateName,
    templateVersion: e.TemplateVersion,
    status: e.Status,
    statusMessage: e.StatusMessage,
    statusReason: e.StatusReason,
    mode: e.Mode,
    loopMode: e.LoopMode,
    safetyCheck: e.SafetyCheck,
    description: e.Description,
    parameters: e.Parameters,
    outputs: e.Outputs,
    tags: e.Tags,
    parentExecutionId: e.ParentExecutionId,
    isParent: e.IsParent,
    counters: e.Counters,
    waitingStatus: e.WaitingStatus,
    currentTasks: e.CurrentTasks ?? [],
    createDate: e.CreateDate,
    startDate: e.StartDate,
    endDate: e.EndDate,
    updateDate: e.UpdateDate,
  }));

const TaskExecutionWire = z
  .object({
    TaskExecutionId: z.string(),
    ExecutionId: z.string(),
    TaskName: z.string(),
    TaskAction: optionalString,
    Status: z.string(),
    StatusMessage: optionalString,
    LoopItem: optionalString,
    LoopBatchNumber: wireNumber.nullish(),
    ChildExecutionId: optionalString,
    ParentTaskExecutionId: optionalString,
    Outputs: jsonObject,
    Properties: jsonObject,
    ExtraData: jsonObject,
    StartDate: optionalString,
    EndDate: optionalString,
  })
  .transform((t) => ({
    taskExecutionId: t.TaskExecutionId,
    executionId: t.ExecutionId,
    taskName: t.TaskName,
    taskAction: t.TaskAction,
    status: t.Status,
    statusMessage: t.StatusMessage,
    loopItem: t.LoopItem,
    loopBatchNumber: t.LoopBatchNumber ?? undefined,
    childExecutionId: t.ChildExecutionId,
    parentTaskExecutionId: t.ParentTaskExecutionId,
    outputs: t.Outputs,
    properties: t.Properties,
    extraData: t.ExtraData,
    startDate: t.StartDate,
    endDate: t.EndDate,
  }));

const StartExecutionWire = z.object({ RequestId: z.string(), Execution: ExecutionWire });
const ListExecutionsWire = z.object({
  RequestId: z.string(),
  NextToken: optionalString,
  Executions: z.array(ExecutionWire).nullish(),
});
const ListTaskExecutionsWire = z.object({
  RequestId: z.string(),
  NextToken: optionalString,
  TaskExecutions: z.array(TaskExecutionWire).nullish(),
});
const WriteWire = z.object({ RequestId: z.string() });
const ParameterWire = z.object({
  RequestId: z.string(),
  Parameter: z
    .object({
      Name: z.string(),
      Value: z.string(),
      ParameterVersion: wireNumber.optional(),
      Description: optionalString,
      CreatedDate: optionalString,
      UpdatedDate: optionalString,
    })
    .transform((p): CommonParameter => ({
      name: p.Name,
      value: p.Value,
      ...(p.ParameterVersion === undefined ? {} : { parameterVersion: p.ParameterVersion }),
      ...(p.Description === undefined ? {} : { description: p.Description }),
      ...(p.CreatedDate === undefined ? {} : { createdDate: p.CreatedDate }),
      ...(p.UpdatedDate === undefined ? {} : { updatedDate: p.UpdatedDate }),
    })),
});

function json(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

export class OosClient implements OosApi {
  constructor(private readonly rpc: RpcClient) {}

  async startExecution(request: StartExecutionRequest): Promise<Execution> {
    const action = 'StartExecution';
    const res = await this.rpc.call(
      action,
      flattenParams({
        TemplateName: request.templateName,
        TemplateVersion: request.templateVersion,
        Parameters: JSON.stringify(request.parameters),
        Tags: json(request.tags),
        ClientToken: request.clientToken,
        Mode: request.mode,
        LoopMode: request.loopMode,
        SafetyCheck: request.safetyCheck,
        Description: request.description,
        ParentExecutionId: request.parentExecutionId,
      }),
    );
    return parseResponse(StartExecutionWire, res, this.rpc.operation(action)).Execution;
  }

  async listExecutions(request: ListExecutionsRequest): Promise<ListExecutionsResponse> {
    const action = 'ListExecutions';
    const res = await this.rpc.call(
      action,
      flattenParams({
        ExecutionId: request.executionId,
        TemplateName: request.templateName,
        Status: request.status,
        StartDateAfter: request.startDateAfter,
        Tags: json(request.tags),
        ParentExecutionId: request.parentExecutionId,
        IncludeChildExecution: request.includeChildExecution,
        SortField: request.sortField,
        SortOrder: request.sortOrder,
        MaxResults: request.maxResults,
        NextToken: request.nextToken,
      }),
    );
    const body = parseResponse(ListExecutionsWire, res, this.rpc.operation(action));
    const executions = body.Executions ?? [];
    return body.NextToken === undefined
      ? { requestId: body.RequestId, executions }
      : { requestId: body.RequestId, nextToken: body.NextToken, executions };
  }

  listAllExecutions(request: Omit<ListExecutionsRequest, 'maxResults' | 'nextToken'>) {
    return collect(this.executionPages(request));
  }

  executionPages(request: Omit<ListExecutionsRequest, 'maxResults' | 'nextToken'>): AsyncIterable<Execution[]> {
    return pagesByToken(async (nextToken) => {
      const page = await this.listExecutions({
        ...request,
        maxResults: MAX_PAGE_SIZE.oosListExecutions,
        ...(nextToken === undefined ? {} : { nextToken }),
      });
      return { items: page.executions, nextToken: page.nextToken };
    });
  }

  async notifyExecution(request: NotifyExecutionRequest): Promise<{ requestId: string }> {
    const action = 'NotifyExecution';
    const res = await this.rpc.call(
      action,
      flattenParams({
        ExecutionId: request.executionId,
        NotifyType: request.notifyType,
        TaskName: request.taskName,
        TaskExecutionId: request.taskExecutionId,
        TaskExecutionIds: json(request.taskExecutionIds),
        LoopItem: request.loopItem,
        ExecutionStatus: request.executionStatus,
        Parameters: json(request.parameters),
        NotifyNote: request.notifyNote,
      }),
    );
    return { requestId: parseResponse(WriteWire, res, this.rpc.operation(action)).RequestId };
  }

  async cancelExecution(request: { executionId: string }): Promise<{ requestId: string }> {
    const action = 'CancelExecution';
    const res = await this.rpc.call(action, flattenParams({ ExecutionId: request.executionId }));
    return { requestId: parseResponse(WriteWire, res, this.rpc.operation(action)).RequestId };
  }

  async listTaskExecutions(request: ListTaskExecutionsRequest): Promise<ListTaskExecutionsResponse> {
    const action = 'ListTaskExecutions';
    const res = await this.rpc.call(
      action,
      flattenParams({
        ExecutionId: request.executionId,
        TaskName: request.taskName,
        TaskExecutionId: request.taskExecutionId,
        Status: request.status,
        ParentTaskExecutionId: request.parentTaskExecutionId,
        IncludeChildTaskExecution: request.includeChildTaskExecution,
        MaxResults: request.maxResults,
        NextToken: request.nextToken,
      }),
    );
    const body = parseResponse(ListTaskExecutionsWire, res, this.rpc.operation(action));
    const taskExecutions = body.TaskExecutions ?? [];
    return body.NextToken === undefined
      ? { requestId: body.RequestId, taskExecutions }
      : { requestId: body.RequestId, nextToken: body.NextToken, taskExecutions };
  }

  listAllTaskExecutions(request: Omit<ListTaskExecutionsRequest, 'maxResults' | 'nextToken'>) {
    return collect(
      pagesByToken(async (nextToken) => {
        const page = await this.listTaskExecutions({
          ...request,
          maxResults: MAX_PAGE_SIZE.oosListTaskExecutions,
          ...(nextToken === undefined ? {} : { nextToken }),
        });
        return { items: page.taskExecutions, nextToken: page.nextToken };
      }),
    );
  }

  async getParameter(request: { name: string }): Promise<CommonParameter> {
    const action = 'GetParameter';
    const res = await this.rpc.call(action, flattenParams({ Name: request.name }));
    return parseResponse(ParameterWire, res, this.rpc.operation(action)).Parameter;
  }

  async createParameter(request: PutParameterRequest): Promise<CommonParameter> {
    const action = 'CreateParameter';
    const res = await this.rpc.call(
      action,
      flattenParams({ Name: request.name, Value: request.value, Type: 'String', Description: request.description }),
    );
    return parseResponse(ParameterWire, res, this.rpc.operation(action)).Parameter;
  }

  async updateParameter(request: PutParameterRequest): Promise<CommonParameter> {
    const action = 'UpdateParameter';
    const res = await this.rpc.call(
      action,
      flattenParams({ Name: request.name, Value: request.value, Description: request.description }),
    );
    return parseResponse(ParameterWire, res, this.rpc.operation(action)).Parameter;
  }
}
