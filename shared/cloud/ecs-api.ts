// ECS (2014-05-26) operations rollgate uses, named and shaped like the
// generated `@alicloud/ecs20140526` client, with wrapped lists flattened.
import type { Known, ListRequest, Paged } from './api-common';

export type ImageStatus = Known<'Creating' | 'Waiting' | 'Available' | 'UnAvailable' | 'CreateFailed' | 'Deprecated'>;
export type InstanceStatus = Known<'Pending' | 'Starting' | 'Running' | 'Stopping' | 'Stopped'>;
export type InvocationStatus = Known<
  'Pending' | 'Scheduled' | 'Running' | 'Success' | 'Failed' | 'PartialFailed' | 'Stopping' | 'Stopped' | 'Finished'
>;

export interface Image {
  imageId: string;
  imageName?: string;
  imageFamily?: string;
  imageVersion?: string;
  status: ImageStatus;
  creationTime?: string;
  description?: string;
  tags: Record<string, string>;
}

export interface Instance {
  instanceId: string;
  instanceName?: string;
  imageId?: string;
  status: InstanceStatus;
  instanceType?: string;
  zoneId?: string;
  /** First VPC private address (or classic inner address): what health probes connect to. */
  privateIpAddress?: string;
  creationTime?: string;
  tags: Record<string, string>;
}

export interface InvokeInstance {
  instanceId: string;
  invocationStatus: InvocationStatus;
  exitCode?: number;
  output?: string;
  errorCode?: string;
  errorInfo?: string;
}

export interface Invocation {
  invokeId: string;
  commandId?: string;
  commandName?: string;
  commandType?: string;
  invocationStatus: InvocationStatus;
  creationTime?: string;
  invokeInstances: InvokeInstance[];
}

export interface InvocationResult {
  invokeId: string;
  instanceId: string;
  invocationStatus: InvocationStatus;
  exitCode?: number;
  output?: string;
  errorCode?: string;
  errorInfo?: string;
  startTime?: string;
  finishedTime?: string;
}

export interface DescribeImagesRequest {
  imageIds?: string[];
  imageName?: string;
  imageFamily?: string;
  imageOwnerAlias?: Known<'system' | 'self' | 'others' | 'marketplace'>;
  /** The API defaults to Available only; pass e.g. ['Creating', 'Available'] or ['ALL']. */
  status?: string[];
  tags?: Record<string, string>;
  pageNumber?: number;
  pageSize?: number;
}
export interface DescribeImagesResponse extends Paged {
  images: Image[];
}

export interface DescribeInstancesRequest {
  instanceIds?: string[];
  status?: string;
  tags?: Record<string, string>;
  pageNumber?: number;
  pageSize?: number;
}
export interface DescribeInstancesResponse extends Paged {
  instances: Instance[];
}

export interface RunCommandRequest {
  instanceIds: string[];
  commandContent: string;
  type: Known<'RunShellScript' | 'RunBatScript' | 'RunPowerShellScript'>;
  name?: string;
  /** Seconds. */
  timeout?: number;
  contentEncoding?: Known<'PlainText' | 'Base64'>;
  clientToken?: string;
}
export interface RunCommandResponse {
  requestId: string;
  invokeId: string;
  commandId?: string;
}

export interface DescribeInvocationsRequest {
  invokeId?: string;
  instanceId?: string;
  invokeStatus?: string;
  includeOutput?: boolean;
  pageNumber?: number;
  pageSize?: number;
}
export interface DescribeInvocationsResponse extends Paged {
  invocations: Invocation[];
}

export interface DescribeInvocationResultsRequest {
  invokeId: string;
  instanceId?: string;
  pageNumber?: number;
  pageSize?: number;
}
export interface DescribeInvocationResultsResponse extends Paged {
  invocationResults: InvocationResult[];
}

/** ECS TagResources: tags on instances or images (rollgate marks a rejected image `rollgate:rejected=true`). */
export interface EcsTagResourcesRequest {
  resourceType: 'instance' | 'image';
  resourceIds: string[];
  tags: Record<string, string>;
}

export interface EcsApi {
  describeImages(request: DescribeImagesRequest): Promise<DescribeImagesResponse>;
  /** Every matching image, paged at the API maximum (100). */
  listAllImages(request: ListRequest<DescribeImagesRequest>): Promise<Image[]>;
  describeInstances(request: DescribeInstancesRequest): Promise<DescribeInstancesResponse>;
  /** Every matching instance, paged at the API maximum (100). */
  listAllInstances(request: ListRequest<DescribeInstancesRequest>): Promise<Instance[]>;
  runCommand(request: RunCommandRequest): Promise<RunCommandResponse>;
  describeInvocations(request: DescribeInvocationsRequest): Promise<DescribeInvocationsResponse>;
  describeInvocationResults(request: DescribeInvocationResultsRequest): Promise<DescribeInvocationResultsResponse>;
  tagResources(request: EcsTagResourcesRequest): Promise<{ requestId: string }>;
}
