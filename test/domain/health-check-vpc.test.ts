import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { healthCheckVpcWarnings } from '../../shared/domain';
import { parsePolicy } from '../../shared/domain/policy';
import { policy } from './fixtures';

const root = new URL('../..', import.meta.url).pathname;

function sYaml(props: Record<string, unknown>, vars: Record<string, unknown> = {}): unknown {
  return {
    vars,
    resources: { 'health-check': { component: 'fc3', props: { functionName: 'rollgate-health-check', ...props } } },
  };
}

const VPC = { vpcId: 'vpc-1', vSwitchIds: ['vsw-1'], securityGroupId: 'sg-1' };
const HTTP = { gate: { checks: { http: { port: 8080 } } } };
const TCP = { gate: { checks: { tcp: { port: 22 } } } };
const ESS_ONLY = {
  gate: { checks: { essHealth: true, metric: { metricName: 'cpu', threshold: 90, comparison: '<' } } },
};

describe('healthCheckVpcWarnings', () => {
  const cases: Array<{ name: string; target: Record<string, unknown>; doc: unknown; warns: string | undefined }> = [
    {
      name: 'compliant: HTTP checks, function in the VPC',
      target: HTTP,
      doc: sYaml({ vpcConfig: VPC }),
      warns: undefined,
    },
    {
      name: 'compliant: VPC given through vars',
      target: TCP,
      doc: sYaml(
        { vpcConfig: { vpcId: '${vars.vpc}', vSwitchIds: ['${vars.vsw}'], securityGroupId: '${vars.sg}' } },
        { vpc: 'vpc-1', vsw: 'vsw-1', sg: 'sg-1' },
      ),
      warns: undefined,
    },
    { name: 'non-compliant: HTTP checks, no vpcConfig', target: HTTP, doc: sYaml({}), warns: 'has no vpcConfig' },
    {
      name: 'non-compliant: TCP checks, vpcConfig auto',
      target: TCP,
      doc: sYaml({ vpcConfig: 'auto' }),
      warns: 'vpcConfig: auto',
    },
    {
      name: 'non-compliant: empty variables',
      target: HTTP,
      doc: sYaml({ vpcConfig: { vpcId: '${vars.vpc}', vSwitchIds: [], securityGroupId: 'sg-1' } }, { vpc: '' }),
      warns: 'without vpcId, vSwitchIds',
    },
    { name: 'not-applicable: no network checks', target: ESS_ONLY, doc: sYaml({}), warns: undefined },
    {
      name: 'not-applicable: s.yaml does not deploy the function',
      target: { gate: { function: 'team-health', checks: { http: {} } } },
      doc: sYaml({}),
      warns: undefined,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      // Act
      const warnings = healthCheckVpcWarnings(policy({}, c.target), c.doc);
      // Assess
      if (c.warns === undefined) {
        assert.deepEqual(warnings, []);
        return;
      }
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0]?.field, 'resources.health-check.props.vpcConfig');
      assert.match(warnings[0]?.message ?? '', new RegExp(c.warns.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.match(warnings[0]?.message ?? '', /app \((HTTP|TCP)\)/, 'names the target and its probes');
      assert.match(warnings[0]?.message ?? '', /docs\/deploy\.md/, 'says where the fix is described');
    });
  }

  it('compliant: the project s.yaml with the example policy', () => {
    // Prepare
    const parsed = parsePolicy(readFileSync(`${root}rollgate.yaml`, 'utf8'));
    assert.ok(parsed.ok);
    // Act
    const warnings = healthCheckVpcWarnings(parsed.policy, parse(readFileSync(`${root}s.yaml`, 'utf8')));
    // Assess
    assert.deepEqual(warnings, []);
  });
});
