// An instance that fails to update pauses the execution (Mode FailurePause):
// the gate retries it up to `retries` times, then skips it when the policy
// allows that many failed instances (and moves it out of Standby), else
// applies the failure action.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { GateRunReport } from '../../shared/controller/gate/index';
import type { GateDecisionReport } from '../../shared/controller/gate/index';
import { startGateCloud, type GateCloud } from './gate-cloud';

const GROUPS = [{ name: 'web-canary', instances: 4, wave: 'canary' as const }];

async function runWithFault(
  gc: GateCloud,
  times: number,
): Promise<{ failing: string; decisions: GateDecisionReport[]; imageId: string }> {
  const failing = gc.groups['web-canary']!.instanceIds[0]!;
  gc.cloud.world().faults.configure({ instanceUpdateFailures: [{ instanceId: failing, times }] });
  const imageId = gc.publishImage('app-v2');
  await gc.reconcileOnce();
  const reports: GateRunReport[] = [];
  let last: GateRunReport | undefined;
  for (let i = 0; i < 600 && (last === undefined || last.active > 0); i++) {
    last = await gc.gateTurn();
    reports.push(last);
  }
  return { failing, decisions: reports.flatMap((r) => r.decisions), imageId };
}

const kinds = (decisions: readonly GateDecisionReport[]) =>
  decisions.map((d) => d.decision).filter((d) => d !== 'wait');

describe('gate: failed instance updates', () => {
  const clouds: GateCloud[] = [];
  after(() => Promise.all(clouds.map((c) => c.close())));

  it('retries a failed instance, and the rollout goes on when the retry works', async () => {
    // Prepare
    const gc = await startGateCloud({ groups: GROUPS, gate: { retries: 1 } });
    clouds.push(gc);
    // Act
    const { failing, decisions, imageId } = await runWithFault(gc, 1);
    // Assess
    assert.deepEqual(kinds(decisions), ['retry', 'approve', 'done']);
    assert.deepEqual(decisions.find((d) => d.decision === 'retry')?.detail?.['instances'], [failing]);
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status),
      ['Success'],
    );
    assert.equal(gc.cloud.world().ecs.getInstance(failing).imageId, imageId);
  });

  it('skips it after the retries when the policy allows a failed instance, and takes it out of Standby', async () => {
    // Prepare
    const gc = await startGateCloud({
      groups: GROUPS,
      gate: { retries: 1, allowedFailedInstances: 1, minHealthyPercent: 50 },
    });
    clouds.push(gc);
    // Act
    const { failing, decisions } = await runWithFault(gc, 2);
    // Assess
    assert.deepEqual(kinds(decisions), ['retry', 'skip', 'approve', 'done']);
    const skip = decisions.find((d) => d.decision === 'skip');
    assert.deepEqual(skip?.detail?.['exitedStandby'], [failing]);
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status),
      ['Success'],
    );
    const world = gc.cloud.world();
    const members = world.ess.listInstances(gc.groups['web-canary']!.scalingGroupId);
    assert.deepEqual(
      members.filter((m) => m.lifecycleState === 'Standby'),
      [],
    );
  });

  it('a skip cut short after its state was written (SkipTask failed) is skipped again, not counted twice', async () => {
    // Prepare
    const gc = await startGateCloud({
      groups: GROUPS,
      gate: { retries: 1, allowedFailedInstances: 1, minHealthyPercent: 50 },
    });
    clouds.push(gc);
    const world = gc.cloud.world();
    const failing = gc.groups['web-canary']!.instanceIds[0]!;
    world.faults.configure({ instanceUpdateFailures: [{ instanceId: failing, times: 2 }] });
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    const reports: GateRunReport[] = [];
    for (let i = 0; i < 100 && !reports.some((r) => r.decisions.some((d) => d.decision === 'retry')); i++)
      reports.push(await gc.gateTurn());
    // Act: the skip's tags are written, its NotifyExecution answers 503 until the gate gives up on this turn.
    world.faults.configure({ rules: [{ product: 'oos', action: 'NotifyExecution', serverErrorShare: 1 }] });
    let failedTurn: GateRunReport | undefined;
    for (let i = 0; i < 100 && failedTurn === undefined; i++) {
      const r = await gc.gateTurn();
      reports.push(r);
      if (r.errors.length > 0) failedTurn = r;
    }
    world.faults.clear();
    let last: GateRunReport | undefined;
    for (let i = 0; i < 600 && (last === undefined || last.active > 0); i++) {
      last = await gc.gateTurn();
      reports.push(last);
    }
    // Assess
    assert.ok(failedTurn, 'the skip failed once');
    const decisions = reports.flatMap((r) => r.decisions);
    assert.deepEqual(kinds(decisions), ['retry', 'skip', 'approve', 'done']);
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status),
      ['Success'],
    );
  });

  it('applies the failure action after the retries when no failed instance is allowed', async () => {
    // Prepare
    const gc = await startGateCloud({ groups: GROUPS, gate: { retries: 1, allowedFailedInstances: 0 } });
    clouds.push(gc);
    // Act
    const { decisions } = await runWithFault(gc, 5);
    // Assess
    const meaningful = kinds(decisions).filter((d, i, all) => !(d === 'done' && all[i - 1] === 'done'));
    assert.deepEqual(meaningful.slice(0, 2), ['retry', 'failureAction']);
    const failure = decisions.find((d) => d.decision === 'failureAction');
    assert.equal(failure?.detail?.['action'], 'rollback');
    assert.match(failure?.reasons.join(' ') ?? '', /failed instance\(s\) after 1 retries/);
    // The instance keeps failing, so the rollback fails on it too: a rollback is held, never rolled back again.
    const statuses = gc
      .executions('web-canary')
      .map((e) => e.status)
      .sort();
    assert.deepEqual(
      statuses,
      ['Cancelled', 'Waiting'],
      'the source cancelled by its rollback, the rollback waiting for a person',
    );
    const onRollback = decisions.filter((d) => d.rollbackOf !== undefined && d.decision === 'failureAction');
    assert.equal(onRollback.length, 1);
    assert.equal(onRollback[0]?.detail?.['action'], 'hold');
    assert.equal(gc.events().filter((e) => e.type === 'rollout.held').length, 1);
  });
});
