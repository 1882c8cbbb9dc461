// An operator's abort or rollback cut short by the runtime (the CLI killed,
// the webhook's invocation timed out) leaves its decision recorded on the
// group: the gate's next turns finish that decision and no other — an abort
// is never turned into a rollback — and status shows what is under way.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLLBACK_OF_TAG, type GateRunReport } from '../../shared/controller/gate/index';
import { decodeGateState, GATE_STATE_TAG } from '../../shared/controller/gate/state';
import { EXECUTION_TAG, GROUP_TAG } from '../../shared/domain/tags';
import { groupAction, status } from '../../shared/operations/index';
import { killableDeps } from '../chaos/killed-turn';
import { startGateCloud, type GateCloud } from './gate-cloud';

async function turnsUntilIdle(gc: GateCloud): Promise<GateRunReport | undefined> {
  let last: GateRunReport | undefined;
  for (let i = 0; i < 600 && (last === undefined || last.active > 0); i++) last = await gc.gateTurn();
  return last;
}

/** A broken image held at the canary's first pause. */
async function heldRollout(gc: GateCloud): Promise<string> {
  const image = gc.publishImage('app-v2-broken', true);
  await gc.reconcileOnce();
  await turnsUntilIdle(gc);
  assert.deepEqual(
    gc.executions('web-canary').map((e) => e.status),
    ['Waiting'],
    'held at the first pause',
  );
  return image;
}

describe('operator: an abort cut short after the rejection', () => {
  let gc: GateCloud;
  let image: string;

  before(async () => {
    gc = await startGateCloud({ rollout: { onFailure: 'hold' } });
    image = await heldRollout(gc);
    // The abort writes the cancel decision, cancels, rejects, then records it done: killed before the last write.
    let cut = false;
    for (let nth = 2; nth <= 4 && !cut; nth++) {
      const turn = killableDeps(gc.deps, { method: 'tagResources', nth });
      await groupAction(turn.deps, 'abort', 'web-canary', { reason: 'bad build' }).catch(() => undefined);
      const tags = gc.cloud.world().ess.getGroup(gc.groups['web-canary']!.scalingGroupId).tags;
      cut =
        turn.killed() &&
        tags[GROUP_TAG.rejectedImage] === image &&
        decodeGateState(tags[GATE_STATE_TAG])?.phase === 'cancel';
    }
    assert.ok(cut, 'an abort was cut short with the revision rejected and the cancel not recorded done');
    await turnsUntilIdle(gc);
  });
  after(() => gc.close());

  it('the gate finishes the cancel and starts no rollback', () => {
    const executions = gc.cloud.world().oos.executionsForGroup(gc.groups['web-canary']!.scalingGroupId);
    assert.deepEqual(
      executions.map((e) => e.status),
      ['Cancelled'],
    );
    assert.ok(
      !gc.events().some((e) => e.type === 'rollout.failed' || e.type === 'rollout.rolled_back'),
      gc
        .events()
        .map((e) => e.type)
        .join(','),
    );
    assert.equal(
      decodeGateState(gc.cloud.world().ess.getGroup(gc.groups['web-canary']!.scalingGroupId).tags[GATE_STATE_TAG])
        ?.phase,
      'done',
    );
  });
});

describe('operator: a rollback cut short after the source was cancelled', () => {
  let gc: GateCloud;
  let phaseAfterCut: string | undefined;

  before(async () => {
    gc = await startGateCloud({ rollout: { onFailure: 'hold' } });
    await heldRollout(gc);
    const turn = killableDeps(gc.deps, { method: 'cancelExecution', nth: 1 });
    await groupAction(turn.deps, 'rollback', 'web-canary', { reason: 'bad build' }).catch(() => undefined);
    assert.ok(turn.killed(), 'the rollback was cut short after the cancel');
    phaseAfterCut = (await status(gc.deps, 'web-canary')).groups[0]?.rollout?.phase;
    await turnsUntilIdle(gc);
  });
  after(() => gc.close());

  it('status says rolling back, not cancelled, before the rollback starts', () => {
    assert.equal(phaseAfterCut, 'rolling back');
  });

  it('the gate starts the rollback and gates it to success, rejecting the revision once', async () => {
    const executions = await gc.clients.oos.listAllExecutions({
      tags: { [EXECUTION_TAG.scalingGroup]: gc.groups['web-canary']!.scalingGroupId },
    });
    assert.deepEqual(executions.map((e) => e.status).sort(), ['Cancelled', 'Success']);
    assert.equal(executions.filter((e) => e.tags[ROLLBACK_OF_TAG] !== undefined).length, 1);
    const rejected = gc.events().filter((e) => e.type === 'revision.rejected');
    assert.equal(new Set(rejected.map((e) => e.id)).size, 1, 'one revision.rejected');
  });
});
