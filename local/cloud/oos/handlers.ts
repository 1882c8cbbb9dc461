// OOS RPC handlers: wire parameters in, response bodies out. No rules here.
import type { RpcHandler } from '../core/contracts';
import { localOos } from './model';

export const startExecution: RpcHandler = ({ world, params }) => {
  const oos = localOos(world);
  const execution = oos.startExecution({
    templateName: params.TemplateName,
    parameters: params.Parameters,
    tags: params.Tags,
    clientToken: params.ClientToken,
    mode: params.Mode,
    loopMode: params.LoopMode,
    safetyCheck: params.SafetyCheck,
    description: params.Description,
  });
  return { Execution: oos.executionToWire(execution, 'string') };
};

export const listExecutions: RpcHandler = ({ world, params }) => {
  const oos = localOos(world);
  const page = oos.listExecutions(params);
  return {
    Executions: page.items.map((e) => oos.executionToWire(e, 'object')),
    MaxResults: page.maxResults,
    NextToken: page.nextToken,
  };
};

export const listTaskExecutions: RpcHandler = ({ world, params }) => {
  const oos = localOos(world);
  const page = oos.listTaskExecutions(params);
  return {
    TaskExecutions: page.items.map((t) => oos.taskToWire(t)),
    MaxResults: page.maxResults,
    NextToken: page.nextToken,
  };
};

export const notifyExecution: RpcHandler = ({ world, params }) => {
  localOos(world).notifyExecution({
    executionId: params.ExecutionId,
    notifyType: params.NotifyType,
    taskExecutionId: params.TaskExecutionId,
    taskExecutionIds: params.TaskExecutionIds,
    loopItem: params.LoopItem,
    notifyNote: params.NotifyNote,
  });
  return {};
};

export const cancelExecution: RpcHandler = ({ world, params }) => {
  localOos(world).cancelExecution(params.ExecutionId);
  return {};
};

export const createParameter: RpcHandler = ({ world, params }) => {
  const store = localOos(world).parameters;
  return { Parameter: store.toWire(store.create(params)) };
};

export const getParameter: RpcHandler = ({ world, params }) => {
  const store = localOos(world).parameters;
  return { Parameter: store.toWire(store.get(params)) };
};

export const updateParameter: RpcHandler = ({ world, params }) => {
  const store = localOos(world).parameters;
  return { Parameter: store.toWire(store.update(params)) };
};

export const deleteParameter: RpcHandler = ({ world, params }) => {
  localOos(world).parameters.delete(params);
  return {};
};
