// A gate turn that combines a stale listing (still showing batch 1's pause)
// with a fresh task read (another gate approved batch 1, batch 2 runs) must
// not take the running batch 2 for a pause: no `batch.paused`, no health
// check of instances not yet updated, no gate state for it. And an answer
// taken by a slow turn (its clock read before the pause began) is not dated
// before the pause finished, so the bake still ends.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { gateExecution } from '../../shared/controller/gate/decide-execution';
import { decodeGateState, GATE_STATE_TAG } from '../../shared/controller/gate/state';
import { ROLLING_UPDATE_TEMPLATE_FILTER } from '../../shared/controller/snapshot/read-fleet';
import { startGateCloud, type GateCloud } from './gate-cloud';

async function listWaiting(gc: GateCloud) {
  return gc.clients.oos.listAllExecutions({ templateName: ROLLING_UPDATE_TEMPLATE_FILTER, status: 'Waiting' });
}

async function gateTag(gc: GateCloud, group: string): Promise<string | undefined> {
  const groups = await gc.clients.ess.describeScalingGroups({ scalingGroupIds: [gc.groups[group]!.scalingGroupId] });
  return groups.scalingGroups[0]?.tags[GATE_STATE_TAG];
}

describe('gate: one consistent view of a pause', () => {
  const clouds: GateCloud[] = [];
  after(() => Promise.all(clouds.map((c) => c.close())));

  it('a stale listing of a pause another gate has approved is not a pause of the batch now running', async () => {
    // Prepare: the canary pauses after batch 1 of 2; a listing is taken then
    const gc = await startGateCloud({ groups: [{ name: 'web-canary', instances: 2, wave: 'canary' }] });
    clouds.push(gc);
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    await gc.gateUntil(() => gc.executions('web-canary')[0]?.status === 'Waiting');
    const [stale] = await listWaiting(gc);
    assert.ok(stale);
    // another gate bakes and approves batch 1; batch 2 starts
    const reports = await gc.gateUntil(() => gc.executions('web-canary')[0]?.status !== 'Waiting');
    assert.ok(reports.some((r) => r.decisions.some((d) => d.decision === 'approve' && d.pause === 'b1')));
    gc.events();
    // Act: a turn with the stale listing
    const turn = await gateExecution(gc.deps, stale, gc.deps.now());
    // Assess
    assert.equal(turn.report, undefined, 'nothing decided');
    assert.deepEqual(
      gc.events().filter((e) => e.type === 'batch.paused'),
      [],
      'no batch.paused for a running batch',
    );
    assert.notEqual(
      decodeGateState(await gateTag(gc, 'web-canary'))?.pause,
      'b2',
      'no gate state for a pause that has not happened',
    );
  });

  it('an answer of a turn whose clock was read before the pause began still bakes', async () => {
    // Prepare
    const gc = await startGateCloud({ groups: [{ name: 'web-canary', instances: 2, wave: 'canary' }] });
    clouds.push(gc);
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    // Act: every turn's instant was read 30 s before the listing (a throttled, slow turn)
    let approved = false;
    for (let i = 0; i < 200 && !approved; i++) {
      gc.cloud.clock.advance(5);
      const [waiting] = await listWaiting(gc);
      if (waiting === undefined) continue;
      const turn = await gateExecution(
        { ...gc.deps, now: () => gc.cloud.clock.now() - 30_000 },
        waiting,
        gc.cloud.clock.now() - 30_000,
      );
      approved = turn.report?.decision === 'approve';
    }
    // Assess
    assert.ok(approved, 'batch 1 approved after its bake, not stuck with answers dated before it');
  });
});
