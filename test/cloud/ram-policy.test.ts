// The function role's RAM policy is derived from what shared/cloud calls: a
// new operation without its action, or a stale docs/ram-policy.json, fails here.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLOUD_ACTIONS, declaredAction } from '../../shared/cloud/actions';
import { ESS_PRODUCT, RpcClient } from '../../shared/cloud/client';
import { ramPolicyDocument } from '../../shared/cloud/ram-policy';
import { realRetryDeps } from '../../shared/cloud/retry';
import { EXAMPLE_POLICY_FILE, RAM_POLICY_FILE, ramPolicyForFile } from '../../scripts/ram-policy';
import { policy } from '../domain/fixtures';
import { stubConfig } from './helpers/stub-server';

const cloudDir = new URL('../../shared/cloud/', import.meta.url).pathname;
const PRODUCT_FILES: Record<string, string> = {
  'ess.ts': 'ess',
  'ecs.ts': 'ecs',
  'oos.ts': 'oos',
  'cms.ts': 'cms',
  'mns.ts': 'mns',
  'fc.ts': 'fc',
};

/** Every action name a product wrapper passes to its caller (`const action = 'X'`, `call('X'`, `write('X'`, …, `'fc:X'`). */
function calledActions(): string[] {
  const found: string[] = [];
  for (const file of readdirSync(cloudDir)) {
    const product = PRODUCT_FILES[file];
    if (product === undefined) continue;
    const text = readFileSync(join(cloudDir, file), 'utf8');
    for (const m of text.matchAll(/(?:const action = |\b(?:call|write|standby|run|describe)\()'([A-Z]\w+)'/g))
      found.push(`${product}:${m[1]}`);
    for (const m of text.matchAll(new RegExp(`'${product}:([A-Z]\\w+)'`, 'g'))) found.push(`${product}:${m[1]}`);
  }
  return [...new Set(found)].sort();
}

function allActions(doc: ReturnType<typeof ramPolicyDocument>): string[] {
  return doc.Statement.flatMap((s) => s.Action);
}

describe('RAM policy', () => {
  it('docs/ram-policy.json is what `npm run ram-policy` writes for rollgate.yaml', () => {
    // Act
    const expected = ramPolicyForFile(EXAMPLE_POLICY_FILE);
    // Assess
    assert.equal(
      readFileSync(RAM_POLICY_FILE, 'utf8'),
      expected,
      'stale: run `npm run ram-policy` and commit docs/ram-policy.json',
    );
  });

  it('declares every action the product wrappers call', () => {
    // Prepare
    const called = calledActions();
    assert.ok(called.length >= 25, `found the wrappers' actions (${called.length})`);
    // Act
    const undeclared = called.filter((operation) => declaredAction(operation) === undefined);
    // Assess
    assert.deepEqual(undeclared, [], 'add these to shared/cloud/actions.ts');
  });

  it('grants every action the functions call, and no action the table does not hold or with a wildcard', () => {
    // Prepare
    const doc = JSON.parse(readFileSync(RAM_POLICY_FILE, 'utf8')) as ReturnType<typeof ramPolicyDocument>;
    const granted = allActions(doc);
    const needed = Object.entries(CLOUD_ACTIONS).flatMap(([product, actions]) =>
      Object.entries(actions)
        .filter(([, spec]) => spec.callers === 'functions')
        .map(([action]) => `${product}:${action}`),
    );
    // Assess
    assert.deepEqual(
      needed.filter((a) => !granted.includes(a)),
      [],
    );
    assert.deepEqual(
      granted.filter((a) => a.includes('*')),
      [],
    );
    assert.deepEqual(
      granted.filter((a) => declaredAction(a) === undefined),
      ['ram:PassRole'],
    );
    assert.ok(
      !granted.includes('mns:ReceiveMessage') && !granted.includes('ess:EnterStandby'),
      'test-only actions are left out',
    );
  });

  it('refuses to call an action that is not declared, before any request', async () => {
    // Prepare
    const rpc = new RpcClient(ESS_PRODUCT, stubConfig('http://127.0.0.1:9'), realRetryDeps);
    // Act / Assess
    await assert.rejects(
      rpc.call('DeleteScalingGroup', {}),
      /ess:DeleteScalingGroup is not declared in shared\/cloud\/actions\.ts/,
    );
  });

  describe('scaling-group writes only on the groups the targets select', () => {
    const writes = (select: Record<string, unknown>) =>
      ramPolicyDocument({ policy: policy({}, { select }), eventsTopic: 't', gateFunction: 'g' }).Statement[1];
    it('tags → acs:ResourceTag conditions; `*` as StringLike', () => {
      assert.deepEqual(writes({ tags: { team: 'web', 'rollgate:managed': '*' } })?.Condition, {
        StringEquals: { 'acs:ResourceTag/team': 'web' },
        StringLike: { 'acs:ResourceTag/rollgate:managed': '*' },
      });
    });
    it('ids → the groups’ ARNs', () => {
      const statement = writes({ ids: ['asg-1', 'asg-2'] });
      assert.deepEqual(statement?.Resource, ['acs:ess:*:*:scalinggroup/asg-1', 'acs:ess:*:*:scalinggroup/asg-2']);
      assert.equal(statement?.Condition, undefined);
    });
    it('names alone → cannot be narrowed, granted on every group', () => {
      const statement = writes({ names: ['web-*'] });
      assert.equal(statement?.Resource, '*');
      assert.equal(statement?.Condition, undefined);
      assert.ok(statement?.Action.includes('ess:SuspendProcesses'));
    });
  });
});
