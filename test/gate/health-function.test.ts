// The health-check function itself cannot be called (wrong name in the
// policy, FC refusing): the gate counts that as an undecided check, so the
// gate's timeout applies the failure action instead of leaving the rollout
// paused and the gate loop running for ever.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { GateRunReport } from '../../shared/controller/gate/index';
import { startGateCloud, type GateCloud } from './gate-cloud';

describe('gate: health-check function that cannot be invoked', () => {
  let gc: GateCloud;
  after(() => gc.close());

  it('waits, then applies the failure action at the gate timeout', async () => {
    // Prepare
    gc = await startGateCloud({ gate: { function: 'rollgate-no-such-check', timeoutSeconds: 120 } });
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    // Act
    const reports: GateRunReport[] = [];
    for (let i = 0; i < 200 && !reports.some((r) => r.decisions.some((d) => d.decision === 'failureAction')); i++) reports.push(await gc.gateTurn());
    // Assess
    const decisions = reports.flatMap((r) => r.decisions);
    const failure = decisions.find((d) => d.decision === 'failureAction');
    assert.ok(failure, 'the timeout decided the pause');
    assert.equal(failure.detail?.['action'], 'rollback');
    assert.match(failure.reasons.join(' '), /undecided 120 s/);
    assert.match(decisions.find((d) => d.decision === 'wait')?.reasons.join(' ') ?? '', /rollgate-no-such-check/);
  });
});
