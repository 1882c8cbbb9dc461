// EssApi over the generic RPC client, ESS API 2022-02-22. This is the one
// file to change when `@alicloud/ess20220222` becomes installable.
import * as z from 'zod';
import type { WriteResult } from './api-common';
import type {
  DescribeScalingActivitiesRequest,
  DescribeScalingActivitiesResponse,
  DescribeScalingConfigurationsRequest,
  DescribeScalingConfigurationsResponse,
  DescribeScalingGroupsRequest,
  DescribeScalingGroupsResponse,
  DescribeScalingInstancesRequest,
  DescribeScalingInstancesResponse,
  EssApi,
  ListTagResourcesRequest,
  ListTagResourcesResponse,
  ModifyScalingConfigurationRequest,
  ProcessesRequest,
  StandbyRequest,
  StandbyResponse,
  TagResourcesRequest,
  UntagResourcesRequest,
} from './ess-api';
import { ESS_TAG_RESOURCE_TYPE } from './ess-api';
import type { RpcClient } from './client';
import { MAX_IDS_PER_CALL, MAX_PAGE_SIZE, collect, idRuns, pagesByNumber, pagesByToken } from './paging';
import { parseResponse } from './parse';
import { flattenParams, flatOrWrapped, optionalString, tagArray, tagList, wireNumber } from './wire';

const paged = {
  RequestId: z.string(),
  TotalCount: wireNumber,
  PageNumber: wireNumber,
  PageSize: wireNumber,
};

const ScalingGroupWire = z
  .object({
    ScalingGroupId: z.string(),
    ScalingGroupName: z.string(),
    RegionId: optionalString,
    LifecycleState: z.string(),
    ActiveScalingConfigurationId: optionalString,
    LaunchTemplateId: optionalString,
    LaunchTemplateVersion: optionalString,
    MinSize: wireNumber,
    MaxSize: wireNumber,
    DesiredCapacity: wireNumber.optional(),
    TotalCapacity: wireNumber.optional(),
    PendingCapacity: wireNumber.optional(),
    PendingWaitCapacity: wireNumber.optional(),
    RemovingCapacity: wireNumber.optional(),
    RemovingWaitCapacity: wireNumber.optional(),
    SuspendedProcesses: flatOrWrapped(z.string(), 'SuspendedProcess'),
    Tags: tagArray,
    CreationTime: optionalString,
  })
  .transform((g) => ({
    scalingGroupId: g.ScalingGroupId,
    scalingGroupName: g.ScalingGroupName,
    regionId: g.RegionId,
    lifecycleState: g.LifecycleState,
    activeScalingConfigurationId: g.ActiveScalingConfigurationId,
    launchTemplateId: g.LaunchTemplateId,
    launchTemplateVersion: g.LaunchTemplateVersion,
    minSize: g.MinSize,
    maxSize: g.MaxSize,
    desiredCapacity: g.DesiredCapacity,
    totalCapacity: g.TotalCapacity,
    pendingCapacity: g.PendingCapacity,
    pendingWaitCapacity: g.PendingWaitCapacity,
    removingCapacity: g.RemovingCapacity,
    removingWaitCapacity: g.RemovingWaitCapacity,
    suspendedProcesses: g.SuspendedProcesses,
    tags: g.Tags,
    creationTime: g.CreationTime,
  }));

const ScalingInstanceWire = z
  .object({
    InstanceId: z.string(),
    ScalingGroupId: z.string(),
    ScalingConfigurationId: optionalString,
    LifecycleState: z.string(),
    HealthStatus: z.string(),
    CreationType: z.string(),
    CreatedTime: optionalString,
    ZoneId: optionalString,
  })
  .transform((i) => ({
    instanceId: i.InstanceId,
    scalingGroupId: i.ScalingGroupId,
    scalingConfigurationId: i.ScalingConfigurationId,
    lifecycleState: i.LifecycleState,
    healthStatus: i.HealthStatus,
    creationType: i.CreationType,
    createdTime: i.CreatedTime,
    zoneId: i.ZoneId,
  }));

const ScalingActivityWire = z
  .object({
    ScalingActivityId: z.string(),
    ScalingGroupId: z.string(),
    StatusCode: z.string(),
    StatusMessage: optionalString,
    Cause: optionalString,
    Description: optionalString,
    Progress: wireNumber.optional(),
    StartTime: optionalString,
    EndTime: optionalString,
  })
  .transform((a) => ({
    scalingActivityId: a.ScalingActivityId,
    scalingGroupId: a.ScalingGroupId,
    statusCode: a.StatusCode,
    statusMessage: a.StatusMessage,
    cause: a.Cause,
    description: a.Description,
    progress: a.Progress,
    startTime: a.StartTime,
    endTime: a.EndTime,
  }));

const ScalingConfigurationWire = z
  .object({
    ScalingConfigurationId: z.string(),
    ScalingConfigurationName: optionalString,
    ScalingGroupId: z.string(),
    ImageId: optionalString,
    ImageFamily: optionalString,
    InstanceType: optionalString,
    LifecycleState: z.string(),
    CreationTime: optionalString,
  })
  .transform((c) => ({
    scalingConfigurationId: c.ScalingConfigurationId,
    scalingConfigurationName: c.ScalingConfigurationName,
    scalingGroupId: c.ScalingGroupId,
    imageId: c.ImageId,
    imageFamily: c.ImageFamily,
    instanceType: c.InstanceType,
    lifecycleState: c.LifecycleState,
    creationTime: c.CreationTime,
  }));

const DescribeScalingGroupsWire = z.object({
  ...paged,
  ScalingGroups: flatOrWrapped(ScalingGroupWire, 'ScalingGroup'),
});
const DescribeScalingInstancesWire = z.object({
  ...paged,
  ScalingInstances: flatOrWrapped(ScalingInstanceWire, 'ScalingInstance'),
});
const DescribeScalingActivitiesWire = z.object({
  ...paged,
  ScalingActivities: flatOrWrapped(ScalingActivityWire, 'ScalingActivity'),
});
const DescribeScalingConfigurationsWire = z.object({
  ...paged,
  ScalingConfigurations: flatOrWrapped(ScalingConfigurationWire, 'ScalingConfiguration'),
});
const ListTagResourcesWire = z.object({
  RequestId: z.string(),
  NextToken: optionalString,
  TagResources: flatOrWrapped(
    z.object({
      ResourceId: z.string(),
      ResourceType: z.string(),
      TagKey: z.string(),
      TagValue: z.string().default(''),
    }),
    'TagResource',
  ),
});
const WriteWire = z.object({ RequestId: z.string() });
const StandbyWire = z.object({ RequestId: z.string(), ScalingActivityId: optionalString });

function pageOf(r: { RequestId: string; TotalCount: number; PageNumber: number; PageSize: number }) {
  return { requestId: r.RequestId, totalCount: r.TotalCount, pageNumber: r.PageNumber, pageSize: r.PageSize };
}

export class EssClient implements EssApi {
  constructor(private readonly rpc: RpcClient) {}

  private async write(action: string, params: Parameters<typeof flattenParams>[0]): Promise<WriteResult> {
    const res = await this.rpc.call(action, flattenParams(params));
    const body = parseResponse(WriteWire, res, this.rpc.operation(action));
    return { requestId: body.RequestId };
  }

  async describeScalingGroups(request: DescribeScalingGroupsRequest): Promise<DescribeScalingGroupsResponse> {
    const action = 'DescribeScalingGroups';
    const res = await this.rpc.call(
      action,
      flattenParams({
        ScalingGroupIds: request.scalingGroupIds,
        ScalingGroupNames: request.scalingGroupNames,
        Tags: tagList(request.tags),
        PageNumber: request.pageNumber,
        PageSize: request.pageSize,
      }),
    );
    const body = parseResponse(DescribeScalingGroupsWire, res, this.rpc.operation(action));
    return { ...pageOf(body), scalingGroups: body.ScalingGroups };
  }

  /** Every page; `scalingGroupIds` of any length, split into runs the API takes (none: no call). */
  async listAllScalingGroups(request: Omit<DescribeScalingGroupsRequest, 'pageNumber' | 'pageSize'> = {}) {
    const runs = idRuns(request.scalingGroupIds, MAX_IDS_PER_CALL.essScalingGroupIds);
    const listed = await Promise.all(
      runs.map((scalingGroupIds) =>
        collect(
          pagesByNumber(MAX_PAGE_SIZE.essDescribeScalingGroups, async (pageNumber, pageSize) => {
            const page = await this.describeScalingGroups({
              ...request,
              ...(scalingGroupIds === undefined ? {} : { scalingGroupIds }),
              pageNumber,
              pageSize,
            });
            return { items: page.scalingGroups, totalCount: page.totalCount };
          }),
        ),
      ),
    );
    return listed.flat();
  }

  async describeScalingInstances(request: DescribeScalingInstancesRequest): Promise<DescribeScalingInstancesResponse> {
    const action = 'DescribeScalingInstances';
    const res = await this.rpc.call(
      action,
      flattenParams({
        ScalingGroupId: request.scalingGroupId,
        InstanceIds: request.instanceIds,
        LifecycleStates: request.lifecycleStates,
        CreationTypes: request.creationTypes,
        HealthStatus: request.healthStatus,
        ScalingConfigurationId: request.scalingConfigurationId,
        PageNumber: request.pageNumber,
        PageSize: request.pageSize,
      }),
    );
    const body = parseResponse(DescribeScalingInstancesWire, res, this.rpc.operation(action));
    return { ...pageOf(body), scalingInstances: body.ScalingInstances };
  }

  listAllScalingInstances(request: Omit<DescribeScalingInstancesRequest, 'pageNumber' | 'pageSize'>) {
    return collect(
      pagesByNumber(MAX_PAGE_SIZE.essDescribeScalingInstances, async (pageNumber, pageSize) => {
        const page = await this.describeScalingInstances({ ...request, pageNumber, pageSize });
        return { items: page.scalingInstances, totalCount: page.totalCount };
      }),
    );
  }

  async describeScalingActivities(
    request: DescribeScalingActivitiesRequest,
  ): Promise<DescribeScalingActivitiesResponse> {
    const action = 'DescribeScalingActivities';
    const res = await this.rpc.call(
      action,
      flattenParams({
        ScalingGroupId: request.scalingGroupId,
        ScalingActivityIds: request.scalingActivityIds,
        StatusCode: request.statusCode,
        PageNumber: request.pageNumber,
        PageSize: request.pageSize,
      }),
    );
    const body = parseResponse(DescribeScalingActivitiesWire, res, this.rpc.operation(action));
    return { ...pageOf(body), scalingActivities: body.ScalingActivities };
  }

  listAllScalingActivities(request: Omit<DescribeScalingActivitiesRequest, 'pageNumber' | 'pageSize'>) {
    return collect(
      pagesByNumber(MAX_PAGE_SIZE.essDescribeScalingActivities, async (pageNumber, pageSize) => {
        const page = await this.describeScalingActivities({ ...request, pageNumber, pageSize });
        return { items: page.scalingActivities, totalCount: page.totalCount };
      }),
    );
  }

  async describeScalingConfigurations(
    request: DescribeScalingConfigurationsRequest,
  ): Promise<DescribeScalingConfigurationsResponse> {
    const action = 'DescribeScalingConfigurations';
    const res = await this.rpc.call(
      action,
      flattenParams({
        ScalingGroupId: request.scalingGroupId,
        ScalingConfigurationIds: request.scalingConfigurationIds,
        PageNumber: request.pageNumber,
        PageSize: request.pageSize,
      }),
    );
    const body = parseResponse(DescribeScalingConfigurationsWire, res, this.rpc.operation(action));
    return { ...pageOf(body), scalingConfigurations: body.ScalingConfigurations };
  }

  /** Every page; `scalingConfigurationIds` of any length, split into runs the API takes (none: no call). */
  async listAllScalingConfigurations(request: Omit<DescribeScalingConfigurationsRequest, 'pageNumber' | 'pageSize'>) {
    const runs = idRuns(request.scalingConfigurationIds, MAX_IDS_PER_CALL.essScalingConfigurationIds);
    const listed = await Promise.all(
      runs.map((scalingConfigurationIds) =>
        collect(
          pagesByNumber(MAX_PAGE_SIZE.essDescribeScalingConfigurations, async (pageNumber, pageSize) => {
            const page = await this.describeScalingConfigurations({
              ...request,
              ...(scalingConfigurationIds === undefined ? {} : { scalingConfigurationIds }),
              pageNumber,
              pageSize,
            });
            return { items: page.scalingConfigurations, totalCount: page.totalCount };
          }),
        ),
      ),
    );
    return listed.flat();
  }

  modifyScalingConfiguration(request: ModifyScalingConfigurationRequest): Promise<WriteResult> {
    return this.write('ModifyScalingConfiguration', {
      ScalingConfigurationId: request.scalingConfigurationId,
      ImageId: request.imageId,
      ImageFamily: request.imageFamily,
    });
  }

  suspendProcesses(request: ProcessesRequest): Promise<WriteResult> {
    return this.write('SuspendProcesses', {
      ScalingGroupId: request.scalingGroupId,
      Processes: request.processes,
      ClientToken: request.clientToken,
    });
  }

  resumeProcesses(request: ProcessesRequest): Promise<WriteResult> {
    return this.write('ResumeProcesses', {
      ScalingGroupId: request.scalingGroupId,
      Processes: request.processes,
      ClientToken: request.clientToken,
    });
  }

  private async standby(action: 'EnterStandby' | 'ExitStandby', request: StandbyRequest): Promise<StandbyResponse> {
    const res = await this.rpc.call(
      action,
      flattenParams({
        ScalingGroupId: request.scalingGroupId,
        InstanceIds: request.instanceIds,
        ClientToken: request.clientToken,
      }),
    );
    const body = parseResponse(StandbyWire, res, this.rpc.operation(action));
    return body.ScalingActivityId === undefined
      ? { requestId: body.RequestId }
      : { requestId: body.RequestId, scalingActivityId: body.ScalingActivityId };
  }

  enterStandby(request: StandbyRequest): Promise<StandbyResponse> {
    return this.standby('EnterStandby', request);
  }

  exitStandby(request: StandbyRequest): Promise<StandbyResponse> {
    return this.standby('ExitStandby', request);
  }

  async listTagResources(request: ListTagResourcesRequest): Promise<ListTagResourcesResponse> {
    const action = 'ListTagResources';
    const res = await this.rpc.call(
      action,
      flattenParams({
        ResourceType: ESS_TAG_RESOURCE_TYPE,
        ResourceIds: request.resourceIds,
        Tags: tagList(request.tags),
        NextToken: request.nextToken,
      }),
    );
    const body = parseResponse(ListTagResourcesWire, res, this.rpc.operation(action));
    const tagResources = body.TagResources.map((t) => ({
      resourceId: t.ResourceId,
      resourceType: t.ResourceType,
      tagKey: t.TagKey,
      tagValue: t.TagValue,
    }));
    return body.NextToken === undefined
      ? { requestId: body.RequestId, tagResources }
      : { requestId: body.RequestId, nextToken: body.NextToken, tagResources };
  }

  listAllTagResources(request: Omit<ListTagResourcesRequest, 'nextToken'>) {
    return collect(
      pagesByToken(async (nextToken) => {
        const page = await this.listTagResources(nextToken === undefined ? request : { ...request, nextToken });
        return { items: page.tagResources, nextToken: page.nextToken };
      }),
    );
  }

  tagResources(request: TagResourcesRequest): Promise<WriteResult> {
    return this.write('TagResources', {
      ResourceType: ESS_TAG_RESOURCE_TYPE,
      ResourceIds: request.resourceIds,
      Tags: tagList(request.tags),
    });
  }

  untagResources(request: UntagResourcesRequest): Promise<WriteResult> {
    return this.write('UntagResources', {
      ResourceType: ESS_TAG_RESOURCE_TYPE,
      ResourceIds: request.resourceIds,
      TagKeys: request.tagKeys,
      All: request.all,
    });
  }
}
