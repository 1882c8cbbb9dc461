// A healthy image: every batch pause is approved after its bake time, the
// last batch bakes after success, and the rollout is reported succeeded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { GateRunReport } from '../../shared/controller/gate/index';
import { decodeGateState, GATE_STATE_TAG } from '../../shared/controller/gate/index';
import { startGateCloud, type GateCloud } from './gate-cloud';

describe('gate: healthy rollout', () => {
  let gc: GateCloud;
  let reports: GateRunReport[];
  let imageId: string;

  before(async () => {
    // Prepare
    gc = await startGateCloud({
      groups: [{ name: 'web-canary', instances: 3, wave: 'canary' }],
      rollout: { batchNumber: 3 },
    });
    imageId = gc.publishImage('app-v2');
    const rec = await gc.reconcileOnce();
    assert.ok(
      rec.outcomes.some((o) => o.type === 'startRollout' && o.result === 'started'),
      'the reconcile starts the canary rollout',
    );
    // Act
    reports = [];
    let last: GateRunReport | undefined;
    for (let i = 0; i < 400 && (last === undefined || last.active > 0); i++) {
      last = await gc.gateTurn();
      reports.push(last);
    }
  });
  after(() => gc.close());

  it('approves every batch pause once, after the bake time', () => {
    // Assess
    const approvals = reports.flatMap((r) => r.decisions).filter((d) => d.decision === 'approve');
    assert.deepEqual(
      approvals.map((d) => d.pause),
      ['b1', 'b2'],
    );
    for (const a of approvals) {
      assert.equal(a.result, 'done');
      const waited = (Date.parse(a.decidedAt) - Date.parse(a.finishedAt)) / 1000;
      assert.ok(waited >= 60, `${a.pause} approved ${waited} s after the batch finished, before the 60 s bake`);
      assert.ok(
        waited <= 60 + 5 + 1,
        `${a.pause} approved ${waited} s after the batch finished: more than bake + poll + 1 s`,
      );
    }
  });

  it('bakes the last batch after success and ends with the group on the new image', () => {
    const done = reports.flatMap((r) => r.decisions).filter((d) => d.decision === 'done');
    assert.equal(done.length, 1);
    assert.equal(done[0]?.pause, 'final');
    const world = gc.cloud.world();
    const group = gc.groups['web-canary']!;
    const executions = gc.executions('web-canary');
    assert.deepEqual(
      executions.map((e) => e.status),
      ['Success'],
    );
    for (const id of group.instanceIds) assert.equal(world.ecs.getInstance(id).imageId, imageId);
    assert.equal(world.ess.getScalingConfiguration(group.scalingConfigurationId).imageId, imageId);
    const state = decodeGateState(world.ess.getGroup(group.scalingGroupId).tags[GATE_STATE_TAG]);
    assert.equal(state?.pause, 'final');
    assert.equal(state?.phase, 'done');
    assert.equal(reports.at(-1)?.active, 0, 'the gate ends when nothing is active');
  });

  it('publishes paused, passed and succeeded events', () => {
    const types = gc.events().map((e) => e.type);
    assert.deepEqual(types.filter((t) => t === 'batch.paused').length, 2);
    assert.deepEqual(types.filter((t) => t === 'batch.passed').length, 2);
    assert.ok(types.includes('rollout.succeeded'));
    assert.ok(!types.includes('batch.failed'));
  });
});
