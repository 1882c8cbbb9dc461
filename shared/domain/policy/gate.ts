import * as z from 'zod';
import { COMMAND_TYPES } from './source';

const HttpCheckSchema = z.strictObject({
  port: z.int().min(1).max(65535).default(80),
  path: z.string().startsWith('/').default('/health'),
  urlTemplate: z
    .string()
    .default('http://{ip}:{port}{path}')
    .describe('`{ip}`, `{port}`, `{path}` are filled in per instance'),
  expectStatus: z.array(z.int().min(100).max(599)).min(1).default([200]),
  bodyMatch: z.string().optional().describe('regular expression the body must match'),
  timeoutMs: z.int().min(100).max(60000).default(2000),
});

const TcpCheckSchema = z.strictObject({
  port: z.int().min(1).max(65535),
  timeoutMs: z.int().min(100).max(60000).default(2000),
});

const CommandCheckSchema = z.strictObject({
  script: z.string().min(1).describe('Cloud Assistant script; exit code 0 = healthy'),
  commandType: z.enum(COMMAND_TYPES).default('RunShellScript'),
  timeoutSeconds: z.int().min(1).max(3600).default(60),
});

const MetricCheckSchema = z.strictObject({
  namespace: z.string().min(1).default('acs_ecs_dashboard'),
  metricName: z.string().min(1),
  statistic: z.enum(['Average', 'Maximum', 'Minimum', 'Sum']).default('Average'),
  threshold: z.number(),
  comparison: z.enum(['<', '<=', '>', '>=']).describe('healthy when `value comparison threshold` holds'),
  windowSeconds: z.int().min(60).max(86400).default(300),
});

export const ChecksSchema = z.strictObject({
  essHealth: z.boolean().default(true).describe('ESS reports the instance Healthy'),
  ecsRunning: z.boolean().default(true).describe('ECS reports the instance Running'),
  http: HttpCheckSchema.optional(),
  tcp: TcpCheckSchema.optional(),
  command: CommandCheckSchema.optional(),
  metric: MetricCheckSchema.optional(),
});
export type Checks = z.infer<typeof ChecksSchema>;

/** A count of instances, or a share of the group as `N%`. */
export const InstanceAllowanceSchema = z.union([
  z.int().min(0),
  z.string().regex(/^(100|[1-9]?\d)%$/, 'a count of instances (0, 1, …) or a percentage of the group like "10%"'),
]);
export type InstanceAllowance = z.infer<typeof InstanceAllowanceSchema>;

export const GateSchema = z.strictObject({
  function: z.string().min(1).default('rollgate-health-check').describe('FC function that answers the health check'),
  bakeSeconds: z
    .int()
    .min(0)
    .max(86400)
    .default(60)
    .describe('a batch passes after being healthy this long without a break'),
  pollSeconds: z.int().min(1).max(600).default(5),
  timeoutSeconds: z
    .int()
    .min(10)
    .max(86400)
    .default(900)
    .describe(
      'observed this long after the batch finished without becoming healthy counts as failed (time nobody observed does not count)',
    ),
  starvedSeconds: z
    .int()
    .min(10)
    .max(86400)
    .default(300)
    .describe(
      'no health-check answer for this long: the rollout is held where it is (`gate.starved`) until answers come again',
    ),
  failureThreshold: z
    .int()
    .min(1)
    .max(100)
    .default(3)
    .describe('consecutive failed checks that fail the batch before the timeout'),
  retries: z.int().min(0).max(10).default(1).describe('retries of a failed instance before skipping it or failing'),
  allowedFailedInstances: InstanceAllowanceSchema.default(0).describe('failed instances that may be skipped'),
  minHealthyPercent: z.int().min(0).max(100).default(100).describe('share of checked instances that must be healthy'),
  checks: ChecksSchema.prefault({}),
});
export type Gate = z.infer<typeof GateSchema>;

/** Allowed failed instances as a count for a group of `groupSize`. */
export function allowedFailedCount(allowance: InstanceAllowance, groupSize: number): number {
  if (typeof allowance === 'number') return allowance;
  return Math.floor((Number.parseInt(allowance, 10) * groupSize) / 100);
}
