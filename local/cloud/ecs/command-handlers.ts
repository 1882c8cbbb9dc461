// ECS Cloud Assistant: RunCommand, DescribeInvocations, DescribeInvocationResults.
import type { RpcHandler } from '../core/contracts';
import { invalidParameter } from '../core/errors';
import {
  enumParam,
  intParam,
  jsonOrRepeatList,
  optionalParam,
  paginate,
  repeatList,
  requiredParam,
} from '../core/params';
import type { InvocationRecord } from './commands';
import { ecsOf, page } from './wire';

export const runCommand: RpcHandler = (req) => {
  const { params } = req;
  const raw = requiredParam(params, 'CommandContent');
  const encoding = enumParam(params, 'ContentEncoding', ['PlainText', 'Base64'] as const) ?? 'PlainText';
  const content = encoding === 'Base64' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const type = enumParam(params, 'Type', ['RunShellScript', 'RunBatScript', 'RunPowerShellScript'] as const);
  if (!type) throw invalidParameter('Type', 'Type is required: RunShellScript, RunBatScript or RunPowerShellScript.');
  const instanceIds = [...repeatList(params, 'InstanceId'), ...jsonOrRepeatList(params, 'InstanceIds')];
  if (instanceIds.length === 0) throw invalidParameter('InstanceId.1', 'At least one instance is required.');
  const timeout = intParam(params, 'Timeout', { min: 10, max: 86400 });
  const name = optionalParam(params, 'Name');
  const clientToken = optionalParam(params, 'ClientToken');
  if (clientToken !== undefined && (clientToken.length > 64 || !/^[\x20-\x7e]+$/.test(clientToken)))
    throw invalidParameter('ClientToken', 'At most 64 ASCII characters.');
  const invocation = ecsOf(req).commands.run({
    instanceIds,
    content,
    type,
    ...(name ? { name } : {}),
    ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
    ...(clientToken !== undefined ? { clientToken } : {}),
  });
  return { CommandId: invocation.commandId, InvokeId: invocation.invokeId };
};

function instanceInvokeStatus(status: string): string {
  return status === 'Success' ? 'Finished' : status === 'Failed' ? 'Failed' : 'Running';
}

function invocationView(invocation: InvocationRecord): Record<string, unknown> {
  return {
    InvokeId: invocation.invokeId,
    CommandId: invocation.commandId,
    CommandName: invocation.name,
    CommandType: invocation.type,
    CommandContent: Buffer.from(invocation.content).toString('base64'),
    InvokeStatus: invocation.status,
    InvocationStatus:
      invocation.status === 'Finished' ? 'Success' : invocation.status === 'Running' ? 'Running' : invocation.status,
    Timeout: invocation.timeoutSeconds,
    CreationTime: invocation.creationTime,
    Timed: false,
    RepeatMode: 'Once',
    InvokeInstances: {
      InvokeInstance: invocation.results.map((r) => ({
        InstanceId: r.instanceId,
        InstanceInvokeStatus: instanceInvokeStatus(r.status),
        InvocationStatus: r.status,
        ExitCode: r.exitCode,
        Output: Buffer.from(r.output).toString('base64'),
        StartTime: r.startTime,
        ...(r.finishedTime ? { FinishTime: r.finishedTime } : {}),
      })),
    },
  };
}

export const describeInvocations: RpcHandler = (req) => {
  const { params } = req;
  const invokeId = optionalParam(params, 'InvokeId');
  const status = optionalParam(params, 'InvokeStatus');
  const instanceId = optionalParam(params, 'InstanceId');
  const { pageNumber, pageSize } = page(req, 50);
  const ecs = ecsOf(req);
  const invocations = ecs.commands
    .list()
    .filter((i) => invokeId === undefined || i.invokeId === invokeId)
    .filter((i) => status === undefined || i.status === status)
    .filter((i) => instanceId === undefined || i.results.some((r) => r.instanceId === instanceId))
    .reverse();
  const { page: items, totalCount } = paginate(invocations, pageNumber, pageSize);
  return {
    TotalCount: totalCount,
    PageNumber: pageNumber,
    PageSize: pageSize,
    Invocations: { Invocation: items.map(invocationView) },
  };
};

export const describeInvocationResults: RpcHandler = (req) => {
  const { params } = req;
  const invokeId = optionalParam(params, 'InvokeId');
  const instanceId = optionalParam(params, 'InstanceId');
  const ecs = ecsOf(req);
  if (invokeId !== undefined) ecs.commands.get(invokeId);
  const { pageNumber, pageSize } = page(req, 50);
  const rows = ecs.commands
    .list()
    .filter((i) => invokeId === undefined || i.invokeId === invokeId)
    .flatMap((i) => i.results.map((r) => ({ invocation: i, result: r })))
    .filter(({ result }) => instanceId === undefined || result.instanceId === instanceId);
  const { page: items, totalCount } = paginate(rows, pageNumber, pageSize);
  return {
    Invocation: {
      TotalCount: totalCount,
      PageNumber: pageNumber,
      PageSize: pageSize,
      InvocationResults: {
        InvocationResult: items.map(({ invocation, result }) => ({
          InvokeId: invocation.invokeId,
          CommandId: invocation.commandId,
          InstanceId: result.instanceId,
          InvocationStatus: result.status,
          InvokeRecordStatus: result.status === 'Running' ? 'Running' : 'Finished',
          ExitCode: result.exitCode,
          Output: Buffer.from(result.output).toString('base64'),
          ErrorCode: result.status === 'Failed' ? 'NonZeroExitCode' : '',
          ErrorInfo: result.status === 'Failed' ? `the command exited with ${result.exitCode}` : '',
          StartTime: result.startTime,
          ...(result.finishedTime ? { FinishedTime: result.finishedTime } : {}),
          Dropped: 0,
          Repeats: 1,
        })),
      },
    },
  };
};
