// Two gates at once (a second loop started by a kick, the minute reconcile's
// turn): every decision re-reads the execution first, so each pause is
// decided once and a failed rollout gets one rollback.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createCloudClients, loadCloudConfig } from '../../shared/cloud/index';
import type { ControllerDeps } from '../../shared/controller/deps';
import { ROLLBACK_OF_TAG, runGateOnce, type GateDecisionReport } from '../../shared/controller/gate/index';
import { startGateCloud, type GateCloud } from './gate-cloud';

function secondGate(gc: GateCloud): ControllerDeps {
  const config = loadCloudConfig(gc.cloud.clientEnv());
  return { ...gc.deps, clients: createCloudClients(config, { sleep: async () => undefined }) };
}

async function twoGatesUntilIdle(gc: GateCloud): Promise<GateDecisionReport[]> {
  const other = secondGate(gc);
  const decisions: GateDecisionReport[] = [];
  for (let i = 0; i < 600; i++) {
    gc.cloud.clock.advance(5);
    const [a, b] = await Promise.all([runGateOnce(gc.deps), runGateOnce(other)]);
    decisions.push(...a.decisions, ...b.decisions);
    if (a.active === 0 && b.active === 0) break;
  }
  return decisions;
}

describe('gate: two gates at once', () => {
  const clouds: GateCloud[] = [];
  after(() => Promise.all(clouds.map((c) => c.close())));

  it('continue each batch pause exactly once', async () => {
    // Prepare
    const gc = await startGateCloud({
      groups: [{ name: 'web-canary', instances: 3, wave: 'canary' }],
      rollout: { batchNumber: 3 },
    });
    clouds.push(gc);
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    // Act
    const decisions = await twoGatesUntilIdle(gc);
    // Assess
    const approved = decisions.filter((d) => d.decision === 'approve' && d.result === 'done').map((d) => d.pause);
    assert.deepEqual(approved, ['b1', 'b2'], 'one Approve per pause');
    const lost = decisions.filter((d) => d.decision === 'approve' && d.result === 'unchanged');
    assert.ok(lost.length > 0, 'the other gate saw the same pauses and stood back');
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status),
      ['Success'],
    );
    const passed = gc.events().filter((e) => e.type === 'batch.passed');
    assert.equal(new Set(passed.map((e) => e.id)).size, 2, 'one batch.passed fact per pause');
  });

  it('start one rollback for a failed batch', async () => {
    // Prepare
    const gc = await startGateCloud();
    clouds.push(gc);
    gc.publishImage('app-v2-broken', true);
    await gc.reconcileOnce();
    // Act
    const decisions = await twoGatesUntilIdle(gc);
    // Assess
    const failed = decisions.find((d) => d.decision === 'failureAction' && d.rollbackOf === undefined);
    assert.ok(failed);
    const rollbacks = await gc.clients.oos.listAllExecutions({ tags: { [ROLLBACK_OF_TAG]: failed.executionId } });
    assert.equal(rollbacks.length, 1, 'one rollback execution');
    assert.deepEqual(
      gc
        .executions('web-canary')
        .map((e) => e.status)
        .sort(),
      ['Cancelled', 'Success'],
    );
    const world = gc.cloud.world();
    const canary = gc.groups['web-canary']!;
    for (const id of canary.instanceIds) assert.equal(world.ecs.getInstance(id).imageId, canary.imageId);
  });
});
