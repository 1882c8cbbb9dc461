// EcsApi over the generic RPC client, ECS API 2014-05-26. Responses wrap
// lists (`Images.Image[]`); the types here are flat.
import * as z from 'zod';
import type { RpcClient } from './client';
import type {
  DescribeImagesRequest,
  DescribeImagesResponse,
  DescribeInstancesRequest,
  DescribeInstancesResponse,
  DescribeInvocationResultsRequest,
  DescribeInvocationResultsResponse,
  DescribeInvocationsRequest,
  DescribeInvocationsResponse,
  EcsApi,
  EcsTagResourcesRequest,
  RunCommandRequest,
  RunCommandResponse,
} from './ecs-api';
import { MAX_PAGE_SIZE, collect, pagesByNumber } from './paging';
import { parseResponse } from './parse';
import { flattenParams, flatOrWrapped, optionalString, tagArray, tagList, wireNumber } from './wire';

const paged = {
  RequestId: z.string(),
  TotalCount: wireNumber,
  PageNumber: wireNumber,
  PageSize: wireNumber,
};

const ImageWire = z
  .object({
    ImageId: z.string(),
    ImageName: optionalString,
    ImageFamily: optionalString,
    ImageVersion: optionalString,
    Status: z.string(),
    CreationTime: optionalString,
    Description: optionalString,
    Tags: tagArray,
  })
  .transform((i) => ({
    imageId: i.ImageId,
    imageName: i.ImageName,
    imageFamily: i.ImageFamily,
    imageVersion: i.ImageVersion,
    status: i.Status,
    creationTime: i.CreationTime,
    description: i.Description,
    tags: i.Tags,
  }));

const ipList = z.object({ IpAddress: z.array(z.string()).optional() }).optional();

const InstanceWire = z
  .object({
    InstanceId: z.string(),
    InstanceName: optionalString,
    ImageId: optionalString,
    Status: z.string(),
    InstanceType: optionalString,
    ZoneId: optionalString,
    CreationTime: optionalString,
    VpcAttributes: z.object({ PrivateIpAddress: ipList }).optional(),
    InnerIpAddress: ipList,
    Tags: tagArray,
  })
  .transform((i) => ({
    instanceId: i.InstanceId,
    instanceName: i.InstanceName,
    imageId: i.ImageId,
    status: i.Status,
    instanceType: i.InstanceType,
    zoneId: i.ZoneId,
    creationTime: i.CreationTime,
    privateIpAddress: i.VpcAttributes?.PrivateIpAddress?.IpAddress?.[0] ?? i.InnerIpAddress?.IpAddress?.[0],
    tags: i.Tags,
  }));

const exitCode = wireNumber.nullish().transform((v) => v ?? undefined);

const InvokeInstanceWire = z
  .object({
    InstanceId: z.string(),
    InvocationStatus: z.string().optional(),
    InstanceInvokeStatus: z.string().optional(),
    ExitCode: exitCode,
    Output: optionalString,
    ErrorCode: optionalString,
    ErrorInfo: optionalString,
  })
  .transform((i) => ({
    instanceId: i.InstanceId,
    invocationStatus: i.InvocationStatus ?? i.InstanceInvokeStatus ?? 'Pending',
    exitCode: i.ExitCode,
    output: i.Output,
    errorCode: i.ErrorCode,
    errorInfo: i.ErrorInfo,
  }));

const InvocationWire = z
  .object({
    InvokeId: z.string(),
    CommandId: optionalString,
    CommandName: optionalString,
    CommandType: optionalString,
    InvocationStatus: z.string().optional(),
    InvokeStatus: z.string().optional(),
    CreationTime: optionalString,
    InvokeInstances: flatOrWrapped(InvokeInstanceWire, 'InvokeInstance'),
  })
  .transform((i) => ({
    invokeId: i.InvokeId,
    commandId: i.CommandId,
    commandName: i.CommandName,
    commandType: i.CommandType,
    invocationStatus: i.InvocationStatus ?? i.InvokeStatus ?? 'Pending',
    creationTime: i.CreationTime,
    invokeInstances: i.InvokeInstances,
  }));

const InvocationResultWire = z
  .object({
    InvokeId: z.string(),
    InstanceId: z.string(),
    InvocationStatus: z.string(),
    ExitCode: exitCode,
    Output: optionalString,
    ErrorCode: optionalString,
    ErrorInfo: optionalString,
    StartTime: optionalString,
    FinishedTime: optionalString,
  })
  .transform((r) => ({
    invokeId: r.InvokeId,
    instanceId: r.InstanceId,
    invocationStatus: r.InvocationStatus,
    exitCode: r.ExitCode,
    output: r.Output,
    errorCode: r.ErrorCode,
    errorInfo: r.ErrorInfo,
    startTime: r.StartTime,
    finishedTime: r.FinishedTime,
  }));

const DescribeImagesWire = z.object({ ...paged, Images: flatOrWrapped(ImageWire, 'Image') });
const DescribeInstancesWire = z.object({ ...paged, Instances: flatOrWrapped(InstanceWire, 'Instance') });
const RunCommandWire = z.object({ RequestId: z.string(), InvokeId: z.string(), CommandId: optionalString });
const WriteWire = z.object({ RequestId: z.string() });
const DescribeInvocationsWire = z.object({ ...paged, Invocations: flatOrWrapped(InvocationWire, 'Invocation') });
const DescribeInvocationResultsWire = z.object({
  RequestId: z.string(),
  Invocation: z.object({
    TotalCount: wireNumber,
    PageNumber: wireNumber,
    PageSize: wireNumber,
    InvocationResults: flatOrWrapped(InvocationResultWire, 'InvocationResult'),
  }),
});

function pageOf(r: { RequestId: string; TotalCount: number; PageNumber: number; PageSize: number }) {
  return { requestId: r.RequestId, totalCount: r.TotalCount, pageNumber: r.PageNumber, pageSize: r.PageSize };
}

export class EcsClient implements EcsApi {
  constructor(private readonly rpc: RpcClient) {}

  async describeImages(request: DescribeImagesRequest): Promise<DescribeImagesResponse> {
    const action = 'DescribeImages';
    const res = await this.rpc.call(
      action,
      flattenParams({
        // ECS takes several image ids and statuses as one comma-separated value.
        ImageId: request.imageIds?.join(','),
        ImageName: request.imageName,
        ImageFamily: request.imageFamily,
        ImageOwnerAlias: request.imageOwnerAlias,
        Status: request.status?.join(','),
        Tag: tagList(request.tags),
        PageNumber: request.pageNumber,
        PageSize: request.pageSize,
      }),
    );
    const body = parseResponse(DescribeImagesWire, res, this.rpc.operation(action));
    return { ...pageOf(body), images: body.Images };
  }

  listAllImages(request: Omit<DescribeImagesRequest, 'pageNumber' | 'pageSize'>) {
    return collect(
      pagesByNumber(MAX_PAGE_SIZE.ecsDescribeImages, async (pageNumber, pageSize) => {
        const page = await this.describeImages({ ...request, pageNumber, pageSize });
        return { items: page.images, totalCount: page.totalCount };
      }),
    );
  }

  async describeInstances(request: DescribeInstancesRequest): Promise<DescribeInstancesResponse> {
    const action = 'DescribeInstances';
    const res = await this.rpc.call(
      action,
      flattenParams({
        // DescribeInstances takes its id list as one JSON array string.
        InstanceIds: request.instanceIds === undefined ? undefined : JSON.stringify(request.instanceIds),
        Status: request.status,
        Tag: tagList(request.tags),
        PageNumber: request.pageNumber,
        PageSize: request.pageSize,
      }),
    );
    const body = parseResponse(DescribeInstancesWire, res, this.rpc.operation(action));
    return { ...pageOf(body), instances: body.Instances };
  }

  listAllInstances(request: Omit<DescribeInstancesRequest, 'pageNumber' | 'pageSize'>) {
    return collect(
      pagesByNumber(MAX_PAGE_SIZE.ecsDescribeInstances, async (pageNumber, pageSize) => {
        const page = await this.describeInstances({ ...request, pageNumber, pageSize });
        return { items: page.instances, totalCount: page.totalCount };
      }),
    );
  }

  async runCommand(request: RunCommandRequest): Promise<RunCommandResponse> {
    const action = 'RunCommand';
    const res = await this.rpc.call(
      action,
      flattenParams({
        InstanceId: request.instanceIds,
        CommandContent: request.commandContent,
        Type: request.type,
        Name: request.name,
        Timeout: request.timeout,
        ContentEncoding: request.contentEncoding,
        ClientToken: request.clientToken,
      }),
    );
    const body = parseResponse(RunCommandWire, res, this.rpc.operation(action));
    return body.CommandId === undefined
      ? { requestId: body.RequestId, invokeId: body.InvokeId }
      : { requestId: body.RequestId, invokeId: body.InvokeId, commandId: body.CommandId };
  }

  async describeInvocations(request: DescribeInvocationsRequest): Promise<DescribeInvocationsResponse> {
    const action = 'DescribeInvocations';
    const res = await this.rpc.call(
      action,
      flattenParams({
        InvokeId: request.invokeId,
        InstanceId: request.instanceId,
        InvokeStatus: request.invokeStatus,
        IncludeOutput: request.includeOutput,
        PageNumber: request.pageNumber,
        PageSize: request.pageSize,
      }),
    );
    const body = parseResponse(DescribeInvocationsWire, res, this.rpc.operation(action));
    return { ...pageOf(body), invocations: body.Invocations };
  }

  async describeInvocationResults(
    request: DescribeInvocationResultsRequest,
  ): Promise<DescribeInvocationResultsResponse> {
    const action = 'DescribeInvocationResults';
    const res = await this.rpc.call(
      action,
      flattenParams({
        InvokeId: request.invokeId,
        InstanceId: request.instanceId,
        PageNumber: request.pageNumber,
        PageSize: request.pageSize,
      }),
    );
    const body = parseResponse(DescribeInvocationResultsWire, res, this.rpc.operation(action));
    return {
      requestId: body.RequestId,
      totalCount: body.Invocation.TotalCount,
      pageNumber: body.Invocation.PageNumber,
      pageSize: body.Invocation.PageSize,
      invocationResults: body.Invocation.InvocationResults,
    };
  }

  async tagResources(request: EcsTagResourcesRequest): Promise<{ requestId: string }> {
    const action = 'TagResources';
    const res = await this.rpc.call(
      action,
      flattenParams({
        ResourceType: request.resourceType,
        ResourceId: request.resourceIds,
        Tag: tagList(request.tags),
      }),
    );
    return { requestId: parseResponse(WriteWire, res, this.rpc.operation(action)).RequestId };
  }
}
