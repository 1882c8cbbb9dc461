// Whether a failed gate says more about rollgate's own setup than about the
// new revision. When the very first batch of a rollout fails on every
// instance with the same network error (connection refused everywhere, or
// timed out everywhere) while ESS and ECS report the same instances healthy,
// the likeliest cause is a health check that cannot reach them: deployed
// outside their VPC, a security group without the port, a wrong port in the
// policy. Rolling back and rejecting the image fleet-wide would blame the
// image for it; such a gate is held for a person instead.

/** A check's state as the bundled health check reports it (shared/health/contract.ts CheckState). */
export type ProbeState = 'healthy' | 'unhealthy' | 'pending';

export type NetworkFailure = 'refused' | 'timed out' | 'unreachable';

/** What the health check measured for one instance, as far as this rule needs it. */
export interface InstanceProbes {
  instanceId: string;
  inBatch: boolean;
  /** Per check name (`essHealth`, `ecsRunning`, `http`, `tcp`, …): its state and, for probes, the network error. */
  checks: Readonly<Record<string, { state: ProbeState; error?: string | undefined } | undefined>>;
}

export interface GateFailureInput {
  /** 1-based batch the gate judged. */
  batch: number;
  /** A rollback's gate is never taken for a configuration problem: the same checks passed before. */
  rollback: boolean;
  instances: readonly InstanceProbes[];
}

export type GateFailureCause =
  { cause: 'misconfigured'; network: NetworkFailure; instances: string[]; reason: string } | { cause: 'instances' };

const NETWORK_CHECKS = ['http', 'tcp'] as const;
const PLATFORM_CHECKS = ['essHealth', 'ecsRunning'] as const;

/** The kind of network failure a probe error names (Node's error codes and the probes' own timeout text). */
export function networkFailureOf(error: string | undefined): NetworkFailure | undefined {
  if (error === undefined) return undefined;
  if (/ECONNREFUSED|connection refused/i.test(error)) return 'refused';
  if (/ETIMEDOUT|timed out/i.test(error)) return 'timed out';
  if (/EHOSTUNREACH|ENETUNREACH/.test(error)) return 'unreachable';
  return undefined;
}

/** The one network failure every probe of this instance had, or undefined when it had none or several kinds. */
function instanceNetworkFailure(instance: InstanceProbes): NetworkFailure | undefined {
  const probes = NETWORK_CHECKS.map((name) => instance.checks[name]).filter((c) => c !== undefined);
  if (probes.length === 0 || probes.some((p) => p.state !== 'unhealthy')) return undefined;
  const kinds = new Set(probes.map((p) => networkFailureOf(p.error)));
  const [kind] = kinds;
  return kinds.size === 1 ? kind : undefined;
}

/** ESS and ECS were asked about the instance and both answers that came say healthy. */
function platformHealthy(instance: InstanceProbes): boolean {
  const answers = PLATFORM_CHECKS.map((name) => instance.checks[name]).filter((c) => c !== undefined);
  return answers.length > 0 && answers.every((a) => a.state === 'healthy');
}

export function gateFailureCause(input: GateFailureInput): GateFailureCause {
  if (input.rollback || input.batch !== 1) return { cause: 'instances' };
  const batch = input.instances.filter((i) => i.inBatch);
  if (batch.length === 0) return { cause: 'instances' };
  const failures = new Set(batch.map(instanceNetworkFailure));
  const [network] = failures;
  if (failures.size !== 1 || network === undefined || !batch.every(platformHealthy)) return { cause: 'instances' };
  const ids = batch.map((i) => i.instanceId);
  return {
    cause: 'misconfigured',
    network,
    instances: ids,
    reason:
      `every instance of the first batch (${ids.length}) failed its network check the same way (${network}) while ESS and ECS ` +
      'report them healthy: probably rollgate configuration, not the revision — is the health-check function in the ' +
      "scaling groups' VPC (s.yaml vpcConfig), does the security group allow the port, is the policy's port right?",
  };
}
