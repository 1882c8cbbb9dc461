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
  checkSeconds: z
    .int()
    .min(10)
    .max(3600)
    .optional()
    .describe(
      'how long one passing health-check answer vouches for the batch during its bake: the gate asks again 2 s before ' +
        'it runs out, and time beyond it that nobody observed does not bake; at least 2 × pollSeconds, less than ' +
        'starvedSeconds; default a third of the bake plus those 2 s (22 s for a 60 s bake: checks at about 0, 20, 40 ' +
        'and 60 s), at least 2 × pollSeconds and 10 s, at most 60 s',
    ),
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

/**
 * How much sooner than its coverage runs out a passing run is asked again (seconds): an answer stamped later than
 * that (a slow round, the whole-second stamp) would leave time unobserved and lengthen the bake.
 */
export const RECHECK_MARGIN_SECONDS = 2;

/** The longest default coverage: a long bake is still looked at about once a minute. */
const LONGEST_DEFAULT_CHECK_SECONDS = 60;

/**
 * How long one passing answer vouches for the batch (`checkSeconds`, or its default): a third of the bake plus the
 * recheck margin, so a bake gets three checks after its first; at least two poll intervals (a batch that is not yet
 * healthy is asked every poll, and one answer must cover the time to the next) and 10 s; at most 60 s by default.
 */
export function checkSecondsOf(gate: Pick<Gate, 'pollSeconds' | 'bakeSeconds' | 'checkSeconds'>): number {
  if (gate.checkSeconds !== undefined) return gate.checkSeconds;
  const third = Math.ceil(gate.bakeSeconds / 3) + RECHECK_MARGIN_SECONDS;
  return Math.max(2 * gate.pollSeconds, 10, Math.min(LONGEST_DEFAULT_CHECK_SECONDS, third));
}

/** Why a gate's `checkSeconds` cannot be used with its other settings (path and message), if it cannot. */
export function checkSecondsProblems(gate: Gate): Array<{ path: string[]; message: string }> {
  if (gate.checkSeconds === undefined) return [];
  const problems: Array<{ path: string[]; message: string }> = [];
  if (gate.checkSeconds < 2 * gate.pollSeconds)
    problems.push({
      path: ['checkSeconds'],
      message:
        `checkSeconds ${gate.checkSeconds} is less than 2 × pollSeconds (${2 * gate.pollSeconds}): a batch that is ` +
        'not yet healthy is asked every poll, and one answer must vouch for the time until the next',
    });
  if (gate.checkSeconds >= gate.starvedSeconds)
    problems.push({
      path: ['checkSeconds'],
      message:
        `checkSeconds ${gate.checkSeconds} is not less than starvedSeconds ${gate.starvedSeconds}: one missed ` +
        'check would hold the rollout as starved',
    });
  return problems;
}

/** Allowed failed instances as a count for a group of `groupSize`. */
export function allowedFailedCount(allowance: InstanceAllowance, groupSize: number): number {
  if (typeof allowance === 'number') return allowance;
  return Math.floor((Number.parseInt(allowance, 10) * groupSize) / 100);
}
