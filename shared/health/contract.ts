// The health-check function's contract: what the gate sends and what any
// health-check function (the bundled one or a user's) answers. Documented in
// docs/policy.md "Health checks"; change both together.
import * as z from 'zod';
// The checks' schema module alone: the policy barrel brings the YAML parser and the window schedules
// (luxon, cron-parser) into the health-check bundle, which never reads a policy file.
import { ChecksSchema } from '../domain/policy/gate';

export const CheckedInstanceSchema = z.object({
  instanceId: z.string().min(1),
  /** Where HTTP/TCP probes connect. Absent or empty: those probes count the instance unhealthy. */
  privateIp: z.string().optional().default(''),
});
export type CheckedInstance = z.infer<typeof CheckedInstanceSchema>;

export const HealthCheckInputSchema = z.object({
  groupId: z.string().min(1),
  executionId: z.string().optional().default(''),
  campaignId: z.string().optional().default(''),
  batch: z.object({ index: z.int().min(0), total: z.int().min(1) }),
  /** Instances the paused batch just updated: every one must be healthy. */
  batchInstances: z.array(CheckedInstanceSchema),
  /** Every InService instance of the group (may include the batch): together at least minHealthyPercent healthy. */
  inServiceInstances: z.array(CheckedInstanceSchema).default([]),
  /**
   * Every instance of the group as the gate read it (ESS DescribeScalingInstances) just before the invocation, sent
   * when `checks.essHealth` is on: the bundled essHealth check answers from it instead of reading the group again
   * (an instance not in it is not in the group). Optional; another function may ignore it.
   */
  scalingInstances: z
    .array(z.object({ instanceId: z.string().min(1), healthStatus: z.string(), lifecycleState: z.string() }))
    .optional(),
  /** The policy's gate checks (rollgate.yaml `gate.checks`); defaults as in the policy. */
  checks: ChecksSchema.prefault({}),
  minHealthyPercent: z.number().min(0).max(100).default(100),
});
export type HealthCheckInput = z.infer<typeof HealthCheckInputSchema>;

export const CHECK_NAMES = ['essHealth', 'ecsRunning', 'http', 'tcp', 'command', 'metric'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/**
 * What one check concluded for one instance. `pending` means "not decided
 * yet" (still starting, a command still running, no metric data yet, the
 * cloud API failed) and turns the verdict into `wait`, never `fail`.
 */
export type CheckState = 'healthy' | 'unhealthy' | 'pending';

export interface CheckMeasurement {
  state: CheckState;
  /** One line an operator can read: what was measured and why it is not healthy. */
  detail: string;
  /** The raw measurements: status codes, latency ms, exit codes, metric values, health states. */
  [measured: string]: unknown;
}

export interface InstanceMeasurement {
  instanceId: string;
  privateIp: string;
  inBatch: boolean;
  state: CheckState;
  checks: Partial<Record<CheckName, CheckMeasurement>>;
}

export interface GroupMeasurement {
  total: number;
  healthy: number;
  unhealthy: number;
  pending: number;
  healthyPercent: number;
  minHealthyPercent: number;
}

export type HealthVerdict = 'pass' | 'fail' | 'wait';

export interface HealthReport {
  verdict: HealthVerdict;
  reasons: string[];
  measured: {
    checks: CheckName[];
    group: GroupMeasurement;
    batch: { index: number; total: number; instances: number };
    instances: Record<string, InstanceMeasurement>;
  };
  checkedAt: string;
}

/** How any health-check function's answer is read (the gate parses replies with it). */
export const HealthReportSchema = z.object({
  verdict: z.enum(['pass', 'fail', 'wait']),
  reasons: z.array(z.string()).default([]),
  measured: z.record(z.string(), z.unknown()).default({}),
  checkedAt: z.string().optional(),
});
