import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planDriftRepair, PolicySchema, type Policy } from '../../shared/domain/index';
import { NOW, execution, group, instance, isoAt, snapshot } from './fixtures';

const SCRIPT_TEMPLATE = 'ACS-ESS-RollingUpdateByRunCommandInScalingGroup';

function policyOf(source: Record<string, unknown>): Policy {
  return PolicySchema.parse({
    targets: [{ name: 'app', select: { tags: { 'rollgate:managed': 'true' } }, ...source }],
  });
}

const SCRIPT = policyOf({
  script: {
    revisions: [
      { revision: 's-1', content: 'echo 1' },
      { revision: 's-2', content: 'echo 2' },
    ],
  },
});
const withNew = group('asg-a', { instances: [instance('i-old', 'm-old'), instance('i-new', 'm-old')] });
const scriptSuccess = (revision: string, at: number) =>
  execution(`exec-${revision}`, 'asg-a', {
    revision,
    kind: 'script',
    templateName: SCRIPT_TEMPLATE,
    startDate: isoAt(at),
  });

describe('planDriftRepair', () => {
  it('runs the revision the newest successful script rollout put in place, on the launched instances only', () => {
    const plan = planDriftRepair(
      snapshot({ groups: [withNew], executions: [scriptSuccess('s-1', -900), scriptSuccess('s-2', -600)] }),
      SCRIPT,
      'asg-a',
      ['i-new'],
      NOW,
    );
    assert.deepEqual(
      plan.repairs.map((r) => [r.revision, r.instanceIds, r.content]),
      [['s-2', ['i-new'], 'echo 2']],
    );
    assert.equal(plan.events.length, 0);
    const again = planDriftRepair(
      snapshot({ groups: [withNew], executions: [scriptSuccess('s-1', -900), scriptSuccess('s-2', -600)] }),
      SCRIPT,
      'asg-a',
      ['i-new'],
      NOW,
    );
    assert.equal(
      again.repairs[0]?.clientToken,
      plan.repairs[0]?.clientToken,
      'the same repair has the same ClientToken',
    );
  });

  it('nothing to repair when no script rollout succeeded, or the newest success is a rollback', () => {
    assert.deepEqual(planDriftRepair(snapshot({ groups: [withNew] }), SCRIPT, 'asg-a', ['i-new'], NOW), {
      repairs: [],
      events: [],
      deferred: [],
    });
    const rollback = execution('exec-rb', 'asg-a', {
      templateName: SCRIPT_TEMPLATE,
      startDate: isoAt(-300),
      parameters: { invokeType: 'rollback', sourceExecutionId: 'exec-s-2' },
      tags: { scaling_group: 'asg-a', 'rollgate:kind': 'script' },
    });
    assert.equal(
      planDriftRepair(
        snapshot({ groups: [withNew], executions: [scriptSuccess('s-2', -600), rollback] }),
        SCRIPT,
        'asg-a',
        ['i-new'],
        NOW,
      ).repairs.length,
      0,
    );
  });

  it('an instance launched off the desired image is reported for the next rollout', () => {
    const policy = policyOf({ image: { family: 'app-base' } });
    const g = group('asg-a', { imageId: 'm-new', instances: [instance('i-old', 'm-new'), instance('i-new', 'm-old')] });
    const plan = planDriftRepair(snapshot({ groups: [g] }), policy, 'asg-a', ['i-new'], NOW);
    assert.deepEqual(plan.repairs, []);
    assert.deepEqual(
      plan.events.map((e) => [e.type, e.revision, e.detail['instances']]),
      [['drift.detected', 'm-new', ['i-new']]],
    );
  });

  it('the new instances a package lacks are named with the execution that put it in place, for a follow-up', () => {
    const policy = policyOf({ package: { name: 'agent', version: '1.0' } });
    const success = execution('exec-p', 'asg-a', {
      revision: 'agent@1.0',
      kind: 'package',
      templateName: 'ACS-ESS-RollingUpdateByConfigureOOSPackage',
    });
    const plan = planDriftRepair(
      snapshot({ groups: [withNew], executions: [success] }),
      policy,
      'asg-a',
      ['i-new'],
      NOW,
    );
    assert.deepEqual(plan.packageBehind, { executionId: 'exec-p', revision: 'agent@1.0', instanceIds: ['i-new'] });
    assert.deepEqual(plan.repairs, []);
  });
});

describe('planDriftRepair during a rollout', () => {
  it('defers the launched instances until the running rollout ends', () => {
    const running = execution('exec-s-3', 'asg-a', {
      revision: 's-2',
      kind: 'script',
      templateName: SCRIPT_TEMPLATE,
      status: 'Waiting',
      startDate: isoAt(-60),
    });
    const plan = planDriftRepair(
      snapshot({ groups: [withNew], executions: [scriptSuccess('s-1', -900), running] }),
      SCRIPT,
      'asg-a',
      ['i-new'],
      NOW,
    );
    assert.deepEqual(plan, { repairs: [], events: [], deferred: ['i-new'] });
  });
});
