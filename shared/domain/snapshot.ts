// What the controller reads from the cloud before planning. Plain data: the
// controller maps DescribeScalingGroups / DescribeScalingInstances /
// DescribeImages / ListExecutions responses into these shapes.

export type GroupLifecycleState = 'Active' | 'Inactive' | 'Deleting';
export type InstanceLifecycleState =
  'InService' | 'Pending' | 'Pending:Wait' | 'Protected' | 'Standby' | 'Stopped' | 'Removing' | 'Removing:Wait';

export interface InstanceSnapshot {
  id: string;
  lifecycleState: InstanceLifecycleState;
  healthStatus: 'Healthy' | 'Unhealthy';
  /** From ECS DescribeInstances; absent when not read. */
  imageId?: string;
}

export interface ScalingActivitySnapshot {
  id: string;
  /** Successful | Warning | Failed | InProgress | Rejected */
  statusCode: string;
  startTime?: string;
  description?: string;
}

export interface GroupSnapshot {
  id: string;
  name: string;
  regionId: string;
  tags: Readonly<Record<string, string>>;
  lifecycleState: GroupLifecycleState;
  /** Absent when the group launches from a launch template. */
  activeScalingConfiguration?: { id: string; imageId: string };
  instances: readonly InstanceSnapshot[];
  /** Activities with StatusCode InProgress (others may be included; only InProgress blocks). */
  scalingActivities: readonly ScalingActivitySnapshot[];
  suspendedProcesses: readonly string[];
  /**
   * The group's latest successful execution whose final bake has not passed:
   * the gate still checks it, or holds it for a person after it failed. Read
   * by the controller from the gate's state; absent when none.
   */
  finalBake?: { executionId: string; state: 'baking' | 'held' };
}

export interface ImageSnapshot {
  id: string;
  name: string;
  family?: string;
  tags: Readonly<Record<string, string>>;
  /** Available | Creating | Waiting | CreateFailed | UnAvailable | Deprecated */
  status: string;
  /** ISO 8601. */
  creationTime: string;
}

/** Started | Queued | Running | Waiting | Success | Failed | Cancelled */
export type ExecutionStatus = string;

/** Where a Waiting rolling-update execution stopped. */
export interface ExecutionWaiting {
  /** `batch`: paused after batch `batch` of `totalBatches`; `failure`: paused on failed instances. */
  reason: 'batch' | 'failure';
  batch: number;
  totalBatches: number;
  /** When the batch finished (the pause began), ISO 8601. */
  finishedAt: string;
  failedInstances: ReadonlyArray<{ instanceId: string; retries: number }>;
}

export interface ExecutionSnapshot {
  id: string;
  templateName: string;
  status: ExecutionStatus;
  statusMessage?: string;
  /** The template parameters (ListExecutions returns them as an object). */
  parameters: Readonly<Record<string, unknown>>;
  /** Includes `scaling_group` and, when rollgate started it, `rollgate:*`. */
  tags: Readonly<Record<string, string>>;
  startDate?: string;
  endDate?: string;
  waiting?: ExecutionWaiting;
}

export interface Snapshot {
  regionId: string;
  groups: readonly GroupSnapshot[];
  images: readonly ImageSnapshot[];
  /** Rolling-update executions of the groups (tagged `scaling_group`), any age. */
  executions: readonly ExecutionSnapshot[];
}

export const ACTIVE_EXECUTION_STATUSES: readonly string[] = ['Started', 'Queued', 'Running', 'Waiting', 'Pending'];

export function isActiveExecution(execution: Pick<ExecutionSnapshot, 'status'>): boolean {
  return ACTIVE_EXECUTION_STATUSES.includes(execution.status);
}
