// Auto Scaling (ESS) operations rollgate uses, API version 2022-02-22, named
// and shaped like the generated `@alicloud/ess20220222` client (camelCase
// fields, flat arrays, plural list parameters). The controller depends on
// `EssApi`, never on the implementation.

import type { Known, ListRequest, Paged, WriteResult } from './api-common';

export type ScalingProcess = 'ScaleIn' | 'ScaleOut' | 'HealthCheck' | 'AlarmNotification' | 'ScheduledAction';
export const ALL_SCALING_PROCESSES: readonly ScalingProcess[] = [
  'ScaleIn',
  'ScaleOut',
  'HealthCheck',
  'AlarmNotification',
  'ScheduledAction',
];

export type ScalingGroupLifecycleState = Known<'Active' | 'Inactive' | 'Deleting'>;
export type ScalingInstanceLifecycleState = Known<
  'InService' | 'Pending' | 'Pending:Wait' | 'Protected' | 'Standby' | 'Stopped' | 'Removing' | 'Removing:Wait'
>;
export type ScalingActivityStatus = Known<'Successful' | 'Warning' | 'Failed' | 'InProgress' | 'Rejected'>;

/** ESS tag operations take this resource type (returned as `ALIYUN::ESS::SCALINGGROUP`). */
export const ESS_TAG_RESOURCE_TYPE = 'scalinggroup';

export interface ScalingGroup {
  scalingGroupId: string;
  scalingGroupName: string;
  regionId?: string;
  lifecycleState: ScalingGroupLifecycleState;
  activeScalingConfigurationId?: string;
  launchTemplateId?: string;
  launchTemplateVersion?: string;
  minSize: number;
  maxSize: number;
  desiredCapacity?: number;
  totalCapacity?: number;
  /**
   * Instances on their way in or out: a scaling activity in progress shows
   * here, so the controller asks DescribeScalingActivities only when one is non-zero.
   */
  pendingCapacity?: number;
  pendingWaitCapacity?: number;
  removingCapacity?: number;
  removingWaitCapacity?: number;
  /** Empty when nothing is suspended. */
  suspendedProcesses: string[];
  /** Tags as a map (2022-02-22 returns them on the group). */
  tags: Record<string, string>;
  creationTime?: string;
}

export interface ScalingInstance {
  instanceId: string;
  scalingGroupId: string;
  scalingConfigurationId?: string;
  lifecycleState: ScalingInstanceLifecycleState;
  healthStatus: Known<'Healthy' | 'Unhealthy'>;
  creationType: Known<'AutoCreated' | 'Attached' | 'Managed'>;
  createdTime?: string;
  zoneId?: string;
}

export interface ScalingActivity {
  scalingActivityId: string;
  scalingGroupId: string;
  statusCode: ScalingActivityStatus;
  statusMessage?: string;
  cause?: string;
  description?: string;
  progress?: number;
  startTime?: string;
  endTime?: string;
}

export interface ScalingConfiguration {
  scalingConfigurationId: string;
  scalingConfigurationName?: string;
  scalingGroupId: string;
  imageId?: string;
  imageFamily?: string;
  instanceType?: string;
  lifecycleState: Known<'Active' | 'Inactive'>;
  creationTime?: string;
}

export interface TagResource {
  resourceId: string;
  resourceType: string;
  tagKey: string;
  tagValue: string;
}

export interface DescribeScalingGroupsRequest {
  scalingGroupIds?: string[];
  scalingGroupNames?: string[];
  /** Groups carrying these tags (`Tags.N.Key` / `Tags.N.Value`, the ess-20220222 model's `DescribeScalingGroupsRequestTags`). */
  tags?: Record<string, string>;
  pageNumber?: number;
  pageSize?: number;
}
export interface DescribeScalingGroupsResponse extends Paged {
  scalingGroups: ScalingGroup[];
}

export interface DescribeScalingInstancesRequest {
  /** Optional when instanceIds are given (find the group of an instance). */
  scalingGroupId?: string;
  instanceIds?: string[];
  lifecycleStates?: string[];
  creationTypes?: string[];
  healthStatus?: string;
  scalingConfigurationId?: string;
  pageNumber?: number;
  pageSize?: number;
}
export interface DescribeScalingInstancesResponse extends Paged {
  scalingInstances: ScalingInstance[];
}

export interface DescribeScalingActivitiesRequest {
  scalingGroupId: string;
  scalingActivityIds?: string[];
  statusCode?: string;
  pageNumber?: number;
  pageSize?: number;
}
export interface DescribeScalingActivitiesResponse extends Paged {
  scalingActivities: ScalingActivity[];
}

export interface DescribeScalingConfigurationsRequest {
  scalingGroupId?: string;
  scalingConfigurationIds?: string[];
  pageNumber?: number;
  pageSize?: number;
}
export interface DescribeScalingConfigurationsResponse extends Paged {
  scalingConfigurations: ScalingConfiguration[];
}

export interface ModifyScalingConfigurationRequest {
  scalingConfigurationId: string;
  imageId?: string;
  imageFamily?: string;
}

export interface ProcessesRequest {
  scalingGroupId: string;
  processes: readonly string[];
  clientToken?: string;
}

export interface StandbyRequest {
  scalingGroupId: string;
  instanceIds: readonly string[];
  clientToken?: string;
}
export interface StandbyResponse extends WriteResult {
  scalingActivityId?: string;
}

export interface ListTagResourcesRequest {
  resourceIds?: string[];
  /** Exact-match tag filter. */
  tags?: Record<string, string>;
  nextToken?: string;
}
export interface ListTagResourcesResponse {
  requestId: string;
  nextToken?: string;
  tagResources: TagResource[];
}

export interface TagResourcesRequest {
  resourceIds: string[];
  tags: Record<string, string>;
}

export interface UntagResourcesRequest {
  resourceIds: string[];
  tagKeys?: string[];
  /** Remove every tag (when tagKeys is empty). */
  all?: boolean;
}

export interface EssApi {
  describeScalingGroups(request: DescribeScalingGroupsRequest): Promise<DescribeScalingGroupsResponse>;
  /** Every matching group, paged at the API maximum (50). */
  listAllScalingGroups(request?: ListRequest<DescribeScalingGroupsRequest>): Promise<ScalingGroup[]>;
  describeScalingInstances(request: DescribeScalingInstancesRequest): Promise<DescribeScalingInstancesResponse>;
  /** Every matching instance, paged at the API maximum (100). */
  listAllScalingInstances(request: ListRequest<DescribeScalingInstancesRequest>): Promise<ScalingInstance[]>;
  describeScalingActivities(request: DescribeScalingActivitiesRequest): Promise<DescribeScalingActivitiesResponse>;
  listAllScalingActivities(request: ListRequest<DescribeScalingActivitiesRequest>): Promise<ScalingActivity[]>;
  describeScalingConfigurations(
    request: DescribeScalingConfigurationsRequest,
  ): Promise<DescribeScalingConfigurationsResponse>;
  listAllScalingConfigurations(
    request: ListRequest<DescribeScalingConfigurationsRequest>,
  ): Promise<ScalingConfiguration[]>;
  modifyScalingConfiguration(request: ModifyScalingConfigurationRequest): Promise<WriteResult>;
  suspendProcesses(request: ProcessesRequest): Promise<WriteResult>;
  resumeProcesses(request: ProcessesRequest): Promise<WriteResult>;
  enterStandby(request: StandbyRequest): Promise<StandbyResponse>;
  exitStandby(request: StandbyRequest): Promise<StandbyResponse>;
  /** ResourceType is always `scalinggroup`. */
  listTagResources(request: ListTagResourcesRequest): Promise<ListTagResourcesResponse>;
  listAllTagResources(request: ListRequest<ListTagResourcesRequest>): Promise<TagResource[]>;
  tagResources(request: TagResourcesRequest): Promise<WriteResult>;
  untagResources(request: UntagResourcesRequest): Promise<WriteResult>;
}
