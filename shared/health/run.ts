// The bundled health check: run each enabled check over the batch and the
// InService group, record every measurement, and combine them into
// pass / fail / wait. A check whose cloud call fails leaves its instances
// pending (→ wait): a monitoring outage must not roll a healthy batch back.
import type {
  CheckMeasurement,
  CheckName,
  CheckedInstance,
  HealthCheckInput,
  HealthReport,
  InstanceMeasurement,
} from './contract';
import type { HealthDeps } from './ports';
import type { Check, CheckContext, CheckResults } from './checks/context';
import { measured } from './checks/context';
import { essHealthCheck } from './checks/ess-health';
import { ecsRunningCheck } from './checks/ecs-running';
import { httpCheck } from './checks/http';
import { tcpCheck } from './checks/tcp';
import { commandCheck } from './checks/command';
import { metricCheck } from './checks/metric';
import { combine } from './verdict';

/** The checks the policy enables, in a fixed order (the order of `measured` and reasons). */
export function enabledChecks(checks: HealthCheckInput['checks']): Array<[CheckName, Check]> {
  const list: Array<[CheckName, Check | undefined]> = [
    ['essHealth', checks.essHealth ? essHealthCheck : undefined],
    ['ecsRunning', checks.ecsRunning ? ecsRunningCheck : undefined],
    ['http', checks.http ? httpCheck(checks.http) : undefined],
    ['tcp', checks.tcp ? tcpCheck(checks.tcp) : undefined],
    ['command', checks.command ? commandCheck(checks.command) : undefined],
    ['metric', checks.metric ? metricCheck(checks.metric) : undefined],
  ];
  return list.filter((entry): entry is [CheckName, Check] => entry[1] !== undefined);
}

/** Batch instances first, then the rest of the group; an IP from either list wins over an empty one. */
export function instancesToCheck(input: HealthCheckInput): CheckedInstance[] {
  const byId = new Map<string, CheckedInstance>();
  for (const instance of [...input.batchInstances, ...input.inServiceInstances]) {
    const seen = byId.get(instance.instanceId);
    if (!seen) byId.set(instance.instanceId, { ...instance });
    else if (seen.privateIp === '' && instance.privateIp !== '') seen.privateIp = instance.privateIp;
  }
  return [...byId.values()];
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

async function runOne(name: CheckName, check: Check, ctx: CheckContext): Promise<CheckResults> {
  try {
    return await check(ctx);
  } catch (error) {
    const detail = `${name} could not be evaluated: ${describeFailure(error)}`;
    return new Map(
      ctx.instances.map((i) => [i.instanceId, measured('pending', detail, { error: describeFailure(error) })]),
    );
  }
}

export async function runHealthCheck(input: HealthCheckInput, deps: HealthDeps): Promise<HealthReport> {
  const instances = instancesToCheck(input);
  const ctx: CheckContext = { input, instances, deps };
  const checks = enabledChecks(input.checks);
  const results = await Promise.all(
    checks.map(async ([name, check]) => [name, await runOne(name, check, ctx)] as const),
  );

  const batchIds = new Set(input.batchInstances.map((i) => i.instanceId));
  const perInstance: InstanceMeasurement[] = instances.map(({ instanceId, privateIp }) => {
    const own: Partial<Record<CheckName, CheckMeasurement>> = {};
    for (const [name, byInstance] of results) {
      own[name] = byInstance.get(instanceId) ?? measured('pending', `${name} returned no result for this instance`);
    }
    const states = Object.values(own).map((m) => m.state);
    const state = states.includes('unhealthy') ? 'unhealthy' : states.includes('pending') ? 'pending' : 'healthy';
    return { instanceId, privateIp, inBatch: batchIds.has(instanceId), state, checks: own };
  });

  const combined = combine(perInstance, input.minHealthyPercent);
  return {
    verdict: combined.verdict,
    reasons: combined.reasons,
    measured: {
      checks: checks.map(([name]) => name),
      group: { ...combined.group, minHealthyPercent: input.minHealthyPercent },
      batch: { index: input.batch.index, total: input.batch.total, instances: batchIds.size },
      instances: Object.fromEntries(perInstance.map((i) => [i.instanceId, i])),
    },
    checkedAt: new Date(deps.now()).toISOString(),
  };
}
