// `s preview` (Serverless Devs 3) renders s.yaml offline with a throw-away
// access configuration: every expression resolves, or the deploy would stop.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { previewSYaml } from '../../scripts/deploy-preview';

const VPC_ENV = {
  ROLLGATE_VPC_ID: 'vpc-preview',
  ROLLGATE_VSWITCH_ID: 'vsw-preview',
  ROLLGATE_SECURITY_GROUP_ID: 'sg-preview',
};

interface Props {
  functionName: string;
  role: string;
  vpcConfig?: unknown;
  triggers?: Array<{ sourceArn?: string; invocationRole?: string }>;
}

describe('s preview', { timeout: 120_000 }, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rollgate-s-preview-test-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('renders s.yaml with every expression resolved and the health check in the VPC', () => {
    // Act
    const result = previewSYaml({ env: VPC_ENV });
    // Assess
    assert.equal(result.status, 0, result.output);
    const resources = result.rendered?.['resources'] as Record<string, { component: string; props: Props }>;
    const text = JSON.stringify(resources);
    assert.doesNotMatch(text, /\$\{/, 'no expression is left unresolved');
    for (const [name, { component, props }] of Object.entries(resources)) {
      assert.equal(component, 'fc3', name);
      assert.equal(
        props.role,
        `acs:ram::${result.accountId}:role/rollgate-fc`,
        `${name}: role in the deploying account`,
      );
      for (const t of props.triggers ?? [])
        if (t.sourceArn) assert.match(t.sourceArn, new RegExp(`^acs:mns:cn-hangzhou:${result.accountId}:/topics/`));
    }
    assert.deepEqual(resources['health-check']?.props.vpcConfig, {
      vpcId: 'vpc-preview',
      vSwitchIds: ['vsw-preview'],
      securityGroupId: 'sg-preview',
    });
  });

  it('stops, naming the variable, when the VPC is not given', () => {
    // Act
    const result = previewSYaml({ env: {} });
    // Assess
    assert.notEqual(result.status, 0);
    assert.match(result.output, /env\('ROLLGATE_VPC_ID'\) not found/);
  });

  it('never hands the caller’s credentials to s', () => {
    // Prepare: a template that would print an access key taken from the environment.
    const template = join(scratch, 's.yaml');
    writeFileSync(
      template,
      [
        'edition: 3.0.0',
        'name: probe',
        'resources:',
        '  probe:',
        '    component: fc3',
        '    props:',
        "      key: ${env('ALIBABA_CLOUD_ACCESS_KEY_ID', 'none')}",
        '',
      ].join('\n'),
    );
    // Act
    const result = previewSYaml({ template, env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIcallers-own', ...VPC_ENV } });
    // Assess
    assert.equal(result.status, 0, result.output);
    assert.deepEqual((result.rendered?.['resources'] as Record<string, { props: unknown }>)['probe']?.props, {
      key: 'none',
    });
  });
});
