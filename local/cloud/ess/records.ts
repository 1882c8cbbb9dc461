// ESS state records beyond the shared contract types.
import type { ScalingConfigurationRecord, ScalingGroupRecord, ScalingInstanceRecord } from '../core/contracts';

export interface GroupState extends ScalingGroupRecord {
  regionId: string;
  vSwitchIds: string[];
  defaultCooldown: number;
  healthCheckType: 'ECS' | 'NONE';
  removalPolicies: string[];
  multiAZPolicy: string;
  modificationTime: string;
  groupDeletionProtection: boolean;
}

export interface ConfigurationState extends ScalingConfigurationRecord {
  creationTime: string;
  securityGroupId?: string;
  keyPairName?: string;
  userData?: string;
  tags: Record<string, string>;
}

export interface ScalingInstanceState extends Omit<ScalingInstanceRecord, 'healthStatus'> {
  scalingActivityId?: string;
  zoneId: string;
}

export type ActivityStatus = 'InProgress' | 'Successful' | 'Warning' | 'Failed' | 'Rejected';

export interface ActivityState {
  scalingActivityId: string;
  scalingGroupId: string;
  kind: 'ScaleOut' | 'ScaleIn';
  cause: string;
  description: string;
  startTimeMs: number;
  endTimeMs?: number;
  statusCode: ActivityStatus;
  statusMessage: string;
  progress: number;
  /** Instances the activity expects to add or remove. */
  expectNum: number;
  /** Instances it actually added or removed (so far). */
  instanceIds: string[];
  totalCapacityAfter: number;
  requestId: string;
}

export interface NotificationConfigurationState {
  scalingGroupId: string;
  notificationArn: string;
  notificationTypes: string[];
  timeZone?: string;
}

export const NOTIFICATION_TYPES = [
  'AUTOSCALING:SCALE_OUT_SUCCESS',
  'AUTOSCALING:SCALE_IN_SUCCESS',
  'AUTOSCALING:SCALE_OUT_ERROR',
  'AUTOSCALING:SCALE_IN_ERROR',
  'AUTOSCALING:SCALE_REJECT',
  'AUTOSCALING:SCALE_OUT_START',
  'AUTOSCALING:SCALE_IN_START',
  'AUTOSCALING:SCHEDULE_TASK_EXPIRING',
  'AUTOSCALING:SCALE_OUT_WARN',
  'AUTOSCALING:SCALE_IN_WARN',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
