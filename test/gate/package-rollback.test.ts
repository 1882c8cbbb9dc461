// A package rollback says what it means: the package template's rollback
// passes its own action and packageVersion to every instance, so rollgate
// installs the version the group ran before (kept on the rollout's execution,
// `rollgate:previous-package`) or, when none is known, uninstalls.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ControllerDeps } from '../../shared/controller/deps';
import { runGateOnce } from '../../shared/controller/gate/index';
import { reconcile } from '../../shared/controller/reconcile';
import { ALL_GROUPS } from '../../shared/controller/snapshot/read-snapshot';
import type { Policy } from '../../shared/domain/policy';
import { startGateCloud, type GateCloud } from './gate-cloud';

const GROUP = 'web-canary';

function withVersion(policy: Policy, version: string): Policy {
  const copy = structuredClone(policy);
  copy.targets[0]!.package = { name: 'agent', version, action: 'install' };
  return copy;
}

async function rollUntilIdle(gc: GateCloud, deps: ControllerDeps): Promise<void> {
  await reconcile(deps, ALL_GROUPS);
  for (let i = 0; i < 600; i++) {
    gc.cloud.clock.advance(5);
    if ((await runGateOnce(deps)).active === 0) break;
  }
  // Past the final bake's window.
  gc.cloud.clock.advance(700);
  await runGateOnce(deps);
}

function state(gc: GateCloud) {
  const world = gc.cloud.world();
  const group = gc.groups[GROUP]!;
  const oos = world.oos as unknown as {
    getExecution(id: string): { parameters: Record<string, unknown>; status: string; tags: Record<string, string> };
  };
  return {
    versions: group.instanceIds.map((id) => world.ecs.getInstance(id).packages['agent']),
    executions: gc.executions(GROUP).map((e) => oos.getExecution(e.executionId)),
  };
}

describe('gate: package rollback', () => {
  const clouds: GateCloud[] = [];
  after(() => Promise.all(clouds.map((c) => c.close())));

  async function packageCloud(): Promise<GateCloud> {
    const gc = await startGateCloud({
      groups: [{ name: GROUP, instances: 2, wave: 'canary' }],
      source: { package: { name: 'agent', version: '1.0' } },
      gate: { retries: 0 },
    });
    clouds.push(gc);
    return gc;
  }

  it('installs the version the group ran before when the new one fails', async () => {
    // Prepare: 1.0 rolled out and baked
    const gc = await packageCloud();
    await rollUntilIdle(gc, gc.deps);
    const before = state(gc);
    gc.cloud
      .world()
      .faults.configure({ instanceUpdateFailures: [{ instanceId: gc.groups[GROUP]!.instanceIds[0]!, times: 1 }] });

    // Act: 2.0 fails on its first instance
    await rollUntilIdle(gc, { ...gc.deps, policy: withVersion(gc.deps.policy, '2.0') });

    // Assess
    assert.deepEqual(before.versions, ['1.0', '1.0']);
    const after = state(gc);
    const rollback = after.executions.find((e) => e.parameters['invokeType'] === 'rollback');
    assert.equal(
      after.executions.find((e) => e.parameters['packageVersion'] === '2.0')?.tags['rollgate:previous-package'],
      '1.0',
    );
    assert.equal(rollback?.status, 'Success');
    assert.deepEqual([rollback?.parameters['action'], rollback?.parameters['packageVersion']], ['install', '1.0']);
    assert.deepEqual(after.versions, ['1.0', '1.0']);
  });

  it('uninstalls when no earlier version is known', async () => {
    // Prepare
    const gc = await packageCloud();
    gc.cloud
      .world()
      .faults.configure({ instanceUpdateFailures: [{ instanceId: gc.groups[GROUP]!.instanceIds[1]!, times: 1 }] });

    // Act
    await rollUntilIdle(gc, gc.deps);

    // Assess
    const after = state(gc);
    const rollback = after.executions.find((e) => e.parameters['invokeType'] === 'rollback');
    assert.equal(rollback?.status, 'Success');
    assert.deepEqual([rollback?.parameters['action'], rollback?.parameters['packageVersion']], ['uninstall', '']);
    assert.deepEqual(after.versions, [undefined, undefined]);
  });
});
