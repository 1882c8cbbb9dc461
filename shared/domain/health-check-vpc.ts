// A health check with HTTP or TCP probes connects to instances' private IPs,
// which only a function attached to the scaling groups' VPC can reach. Without
// a vpcConfig every probe of the first batch fails and the image is taken for
// bad; this check says so before the first rollout (`rollgate validate`).
import type { Policy } from './policy';

export interface DeployWarning {
  /** Where the fix goes, as a path in s.yaml. */
  field: string;
  message: string;
}

type Json = Record<string, unknown>;

function record(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** `${vars.name}` in s.yaml, looked up one level (enough to see an empty variable). */
function resolved(value: unknown, vars: Json): unknown {
  if (typeof value !== 'string') return value;
  const name = /^\$\{vars\.([\w-]+)\}$/.exec(value.trim())?.[1];
  return name === undefined ? value : vars[name];
}

function filled(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/** What is missing from a function's vpcConfig for it to run in an existing VPC, or undefined when nothing is. */
function vpcConfigProblem(vpcConfig: unknown, vars: Json): string | undefined {
  const config = resolved(vpcConfig, vars);
  if (config === undefined || config === null) return 'has no vpcConfig';
  if (config === 'auto') return "has vpcConfig: auto, a new VPC of its own, not the scaling groups' VPC";
  const fields = record(config);
  if (fields === undefined) return 'has a vpcConfig that is not a map of vpcId, vSwitchIds, securityGroupId';
  const vSwitchIds = resolved(fields['vSwitchIds'], vars);
  const missing = [
    filled(resolved(fields['vpcId'], vars)) ? undefined : 'vpcId',
    Array.isArray(vSwitchIds) && vSwitchIds.length > 0 && vSwitchIds.every((id) => filled(resolved(id, vars)))
      ? undefined
      : 'vSwitchIds',
    filled(resolved(fields['securityGroupId'], vars)) ? undefined : 'securityGroupId',
  ].filter((name) => name !== undefined);
  return missing.length === 0 ? undefined : `has a vpcConfig without ${missing.join(', ')}`;
}

/**
 * Warnings for every health-check function that s.yaml deploys without the
 * scaling groups' VPC while a target's gate runs HTTP or TCP checks through it.
 * `sYaml` is the parsed s.yaml document as written. A function the policy
 * names that s.yaml does not deploy is someone else's and is not checked.
 */
export function healthCheckVpcWarnings(policy: Pick<Policy, 'targets'>, sYaml: unknown): DeployWarning[] {
  const doc = record(sYaml) ?? {};
  const vars = record(doc['vars']) ?? {};
  const resources = Object.entries(record(doc['resources']) ?? {});
  const networkTargets = new Map<string, string[]>();
  for (const target of policy.targets) {
    const probes = [target.gate.checks.http && 'HTTP', target.gate.checks.tcp && 'TCP'].filter(
      (p) => typeof p === 'string',
    );
    if (probes.length === 0) continue;
    const list = networkTargets.get(target.gate.function) ?? [];
    networkTargets.set(target.gate.function, [...list, `${target.name} (${probes.join(', ')})`]);
  }
  const warnings: DeployWarning[] = [];
  for (const [functionName, targets] of networkTargets) {
    for (const [resourceName, resource] of resources) {
      const props = record(record(resource)?.['props']);
      if (resolved(props?.['functionName'], vars) !== functionName) continue;
      const problem = vpcConfigProblem(props?.['vpcConfig'], vars);
      if (problem === undefined) continue;
      warnings.push({
        field: `resources.${resourceName}.props.vpcConfig`,
        message:
          `${functionName} ${problem}, but the gate of ${targets.join(', ')} probes instances' private IPs through it: ` +
          "every probe would fail and the first batch be rolled back. Set vpcConfig to the scaling groups' VPC " +
          '(vpcId, vSwitchIds, securityGroupId; docs/deploy.md, step "VPC").',
      });
    }
  }
  return warnings;
}
