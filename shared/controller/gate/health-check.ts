// Asks the policy's health-check function about one pause (FC sync invoke)
// with the contract of docs/policy.md. Any function with that contract can
// replace the bundled one. An answer that cannot be read, or a function that
// cannot be invoked, is no observation at all (`observed: false`): it is
// neither healthy nor unhealthy, and counts toward neither bake nor timeout.
import * as z from 'zod';
import type { CloudClients } from '../../cloud/api';
import { HealthReportSchema } from '../../health/contract';
import type { Gate } from '../../domain/policy';
import type { CheckVerdict } from '../../domain/health';
import type { InstanceProbes } from '../../domain/misconfigured';

export interface CheckTarget {
  groupId: string;
  executionId: string;
  campaignId: string;
  batch: { index: number; total: number };
  batchInstances: Array<{ instanceId: string; privateIp: string }>;
  inServiceInstances: Array<{ instanceId: string; privateIp: string }>;
  /** The group's instances as the gate read them (for the bundled essHealth check); see the health contract. */
  scalingInstances?: Array<{ instanceId: string; healthStatus: string; lifecycleState: string }>;
}

export interface HealthAnswer {
  /** False when the check did not happen (not invoked, failed, answered outside the contract): `verdict` is then meaningless. */
  observed: boolean;
  verdict: CheckVerdict;
  reasons: string[];
  /** Numbers measured (flattened from the function's `measured`), for events and reports. */
  measured: Record<string, number>;
  /** Per-instance check states, when the function reports them as the bundled one does (`measured.instances`). */
  instances: InstanceProbes[];
}

const MeasuredInstancesSchema = z.record(
  z.string(),
  z.object({
    instanceId: z.string(),
    inBatch: z.boolean(),
    checks: z.record(
      z.string(),
      z.object({ state: z.enum(['healthy', 'unhealthy', 'pending']), error: z.string().optional() }),
    ),
  }),
);

/** `measured.instances` of the bundled health check's report; anything else (another function's answer) is none. */
function instanceProbes(measured: Record<string, unknown>): InstanceProbes[] {
  const parsed = MeasuredInstancesSchema.safeParse(measured['instances']);
  return parsed.success ? Object.values(parsed.data) : [];
}

/** Numeric leaves of `measured`, as dotted paths (`group.healthyPercent`), at most `limit`. */
export function numericMeasures(
  value: unknown,
  prefix = '',
  out: Record<string, number> = {},
  limit = 40,
): Record<string, number> {
  if (Object.keys(out).length >= limit) return out;
  if (typeof value === 'number' && Number.isFinite(value)) out[prefix] = value;
  else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value))
      numericMeasures(inner, prefix === '' ? key : `${prefix}.${key}`, out, limit);
  }
  return out;
}

export async function checkHealth(clients: CloudClients, gate: Gate, target: CheckTarget): Promise<HealthAnswer> {
  const payload = JSON.stringify({ ...target, checks: gate.checks, minHealthyPercent: gate.minHealthyPercent });
  let response: Awaited<ReturnType<CloudClients['fc']['invokeFunction']>>;
  try {
    response = await clients.fc.invokeFunction({ functionName: gate.function, payload, invocationType: 'Sync' });
  } catch (err) {
    // Not invoked at all (unknown function, no permission, FC throttling): no observation, like any check that cannot run.
    return {
      observed: false,
      verdict: 'wait',
      reasons: [
        `health-check function ${gate.function} could not be invoked: ${err instanceof Error ? err.message : String(err)}`.slice(
          0,
          300,
        ),
      ],
      measured: {},
      instances: [],
    };
  }
  const text = response.body.toString('utf8');
  if (response.functionError !== undefined) {
    return {
      observed: false,
      verdict: 'wait',
      reasons: [`health-check function ${gate.function} failed (${response.functionError}): ${text.slice(0, 200)}`],
      measured: {},
      instances: [],
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      observed: false,
      verdict: 'wait',
      reasons: [`health-check function ${gate.function} answered non-JSON: ${text.slice(0, 120)}`],
      measured: {},
      instances: [],
    };
  }
  const parsed = HealthReportSchema.safeParse(json);
  if (!parsed.success) {
    return {
      observed: false,
      verdict: 'wait',
      reasons: [
        `health-check function ${gate.function} answered outside the contract: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      ],
      measured: {},
      instances: [],
    };
  }
  return {
    observed: true,
    verdict: parsed.data.verdict,
    reasons: parsed.data.reasons,
    measured: numericMeasures(parsed.data.measured),
    instances: instanceProbes(parsed.data.measured),
  };
}
