// The health-check function itself cannot be called (wrong name in the
// policy, FC refusing): nothing is observed, so nothing is decided. The
// rollout is not failed for want of answers; after `starvedSeconds` the gate
// says so once (`gate.starved`, scaling processes suspended) and, when the
// function answers again, resumes deciding from what it then observes.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { GateRunReport } from '../../shared/controller/gate/index';
import { startGateCloud, type GateCloud } from './gate-cloud';

const MISSING = 'rollgate-no-such-check';

describe('gate: health-check function that cannot be invoked', () => {
  let gc: GateCloud;
  after(() => gc.close());

  it('decides nothing without answers, says it is starved once, and resumes when the function answers', async () => {
    // Prepare
    gc = await startGateCloud({ gate: { function: MISSING, timeoutSeconds: 120, starvedSeconds: 60 } });
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    // Act: ten minutes of turns, far past the 120 s timeout, without one answer
    const reports: GateRunReport[] = [];
    for (let i = 0; i < 120; i++) reports.push(await gc.gateTurn());
    const starvedEvents = gc.events().filter((e) => e.type === 'gate.starved');
    // Assess
    const decisions = reports.flatMap((r) => r.decisions);
    assert.equal(decisions.filter((d) => d.decision === 'failureAction').length, 0, 'no failure for want of answers');
    assert.equal(starvedEvents.length, 1, 'starved said once');
    assert.match(starvedEvents[0]!.message, /scaling processes are suspended/);
    assert.match(starvedEvents[0]!.message, new RegExp(MISSING));
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status),
      ['Waiting'],
    );

    // Act: the function answers again (healthy)
    gc.cloud
      .world()
      .fc.register(MISSING, async () => JSON.stringify({ verdict: 'pass', reasons: ['all healthy'], measured: {} }));
    const resumed = await gc.gateUntil(() => gc.executions('web-canary')[0]?.status !== 'Waiting', 600);
    // Assess
    const approved = resumed.flatMap((r) => r.decisions).find((d) => d.decision === 'approve');
    assert.ok(approved, 'approved once it could observe a healthy bake');
    assert.match(approved.reasons.join(' '), /baked 60 s/);
  });
});
