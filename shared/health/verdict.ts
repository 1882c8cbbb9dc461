// Two rules, both through the domain's healthVerdict: every batch instance
// must pass (100% of the batch), and the whole InService group must reach
// minHealthyPercent. Either failing fails; both passing passes; else wait.
import { healthVerdict, type CheckResult, type InstanceHealth } from '../domain/health';
import type { CheckMeasurement, CheckName, CheckState, HealthVerdict, InstanceMeasurement } from './contract';

const VERDICT_OF: Record<CheckState, CheckResult['verdict']> = { healthy: 'pass', unhealthy: 'fail', pending: 'wait' };

/** The one number of a measurement the domain can print beside its reason. */
function headlineNumber(name: CheckName, m: CheckMeasurement): number | undefined {
  const key = {
    essHealth: undefined,
    ecsRunning: undefined,
    http: 'status',
    tcp: 'latencyMs',
    command: 'exitCode',
    metric: 'value',
  }[name];
  const value = key === undefined ? undefined : m[key];
  return typeof value === 'number' ? value : undefined;
}

function toInstanceHealth(instance: InstanceMeasurement): InstanceHealth {
  return {
    instanceId: instance.instanceId,
    checks: Object.entries(instance.checks).map(([name, m]) => {
      const measuredValue = headlineNumber(name as CheckName, m);
      return {
        check: name,
        verdict: VERDICT_OF[m.state],
        reason: m.detail,
        ...(measuredValue === undefined ? {} : { measured: measuredValue }),
      };
    }),
  };
}

export interface CombinedVerdict {
  verdict: HealthVerdict;
  reasons: string[];
  group: { healthy: number; unhealthy: number; pending: number; total: number; healthyPercent: number };
}

export function combine(instances: readonly InstanceMeasurement[], minHealthyPercent: number): CombinedVerdict {
  const all = instances.map(toInstanceHealth);
  const batch = instances.filter((i) => i.inBatch).map(toInstanceHealth);
  const groupResult = healthVerdict(all, minHealthyPercent);
  const batchResult = batch.length === 0 ? undefined : healthVerdict(batch, 100);
  const group = {
    healthy: groupResult.counts.pass,
    unhealthy: groupResult.counts.fail,
    pending: groupResult.counts.wait,
    total: groupResult.counts.total,
    healthyPercent: Math.round(groupResult.healthyPercent * 100) / 100,
  };
  const parts = [
    ...(batchResult ? [{ scope: 'batch', result: batchResult }] : []),
    { scope: 'group', result: groupResult },
  ];
  const verdict: HealthVerdict = parts.some((p) => p.result.verdict === 'fail')
    ? 'fail'
    : parts.every((p) => p.result.verdict === 'pass')
      ? 'pass'
      : 'wait';
  // Lead with the scope that decided, then the other; drop repeated per-instance lines.
  const ordered =
    verdict === 'pass'
      ? parts
      : [...parts.filter((p) => p.result.verdict === verdict), ...parts.filter((p) => p.result.verdict !== verdict)];
  const reasons = [
    ...new Set(ordered.flatMap((p) => p.result.reasons.map((r, i) => (i === 0 ? `${p.scope}: ${r}` : r)))),
  ];
  return { verdict, reasons, group };
}
