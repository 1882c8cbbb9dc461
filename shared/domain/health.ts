// Combines per-instance check results into one verdict for a batch or group.
// The bundled health-check function calls this; the gate consumes its output.

export type CheckVerdict = 'pass' | 'fail' | 'wait';

export interface CheckResult {
  /** essHealth | ecsRunning | http | tcp | command | metric | … */
  check: string;
  verdict: CheckVerdict;
  reason: string;
  /** What was measured (status code, latency ms, metric value), when there is a number. */
  measured?: number;
}

export interface InstanceHealth {
  instanceId: string;
  checks: readonly CheckResult[];
}

export interface HealthVerdict {
  verdict: CheckVerdict;
  reasons: string[];
  healthyPercent: number;
  counts: { pass: number; fail: number; wait: number; total: number };
}

/** An instance fails if any check fails, waits if any check waits, else passes. */
export function instanceVerdict(instance: InstanceHealth): CheckVerdict {
  if (instance.checks.some((c) => c.verdict === 'fail')) return 'fail';
  if (instance.checks.some((c) => c.verdict === 'wait')) return 'wait';
  return 'pass';
}

function describe(instanceId: string, checks: readonly CheckResult[], verdict: CheckVerdict): string[] {
  return checks
    .filter((c) => c.verdict === verdict)
    .map((c) => `${instanceId} ${c.check}: ${c.reason}${c.measured === undefined ? '' : ` (${c.measured})`}`);
}

/**
 * pass: at least `minHealthyPercent` of the instances pass and no group check
 * is pending; fail: that share cannot be reached even if every waiting
 * instance passes, or a group-wide check (metric) fails; otherwise wait.
 */
export function healthVerdict(
  instances: readonly InstanceHealth[],
  minHealthyPercent: number,
  groupChecks: readonly CheckResult[] = [],
): HealthVerdict {
  const verdicts = instances.map((i) => ({ instance: i, verdict: instanceVerdict(i) }));
  const counts = {
    pass: verdicts.filter((v) => v.verdict === 'pass').length,
    fail: verdicts.filter((v) => v.verdict === 'fail').length,
    wait: verdicts.filter((v) => v.verdict === 'wait').length,
    total: verdicts.length,
  };
  const healthyPercent = counts.total === 0 ? 0 : (counts.pass * 100) / counts.total;
  const failReasons = [
    ...verdicts.flatMap((v) => describe(v.instance.instanceId, v.instance.checks, 'fail')),
    ...describe('group', groupChecks, 'fail'),
  ];
  const waitReasons = [
    ...verdicts.flatMap((v) => describe(v.instance.instanceId, v.instance.checks, 'wait')),
    ...describe('group', groupChecks, 'wait'),
  ];
  const base = { healthyPercent, counts };
  if (counts.total === 0) return { ...base, verdict: 'wait', reasons: ['no instances to check'] };
  const reachablePercent = ((counts.pass + counts.wait) * 100) / counts.total;
  if (groupChecks.some((c) => c.verdict === 'fail') || reachablePercent < minHealthyPercent) {
    return {
      ...base,
      verdict: 'fail',
      reasons: [`${healthyPercent.toFixed(0)}% healthy, ${minHealthyPercent}% required`, ...failReasons],
    };
  }
  if (healthyPercent >= minHealthyPercent && !groupChecks.some((c) => c.verdict === 'wait')) {
    return {
      ...base,
      verdict: 'pass',
      reasons: [`${healthyPercent.toFixed(0)}% healthy, ${minHealthyPercent}% required`, ...failReasons],
    };
  }
  return {
    ...base,
    verdict: 'wait',
    reasons: [
      `${healthyPercent.toFixed(0)}% healthy so far, ${minHealthyPercent}% required`,
      ...waitReasons,
      ...failReasons,
    ],
  };
}
