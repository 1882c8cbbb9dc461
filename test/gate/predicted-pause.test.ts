// A batch pause the loop predicts (the batch before took as long) is approved
// within a second of its bake's end, for the looks and the checks a bake
// needs: the loop looks around the expected moment, the first answer comes
// in the round that finds the pause, and the check that completes the bake is
// asked a bake after that answer came. The rollout starts 0.4 s into a
// second, so its pauses and answers do not fall on whole seconds (OOS dates
// them in whole seconds, rounded down), and every round takes a fixed 0.3 s of
// simulated time (as a round takes real time on Function Compute). Counts and
// simulated time only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runGateOnce, type GateDecisionReport } from '../../shared/controller/gate/index';
import { sleepSecondsAfter } from '../../shared/controller/gate/loop';
import { leaseSeconds, newHolder, type LeaseRole } from '../../shared/controller/gate/lease';
import { resetRequests, servedRequests, type ServedRequests } from '../../bench/lib/requests';
import { startGateCloud, type GateCloud } from './gate-cloud';

const POLL_SECONDS = 5;
const BAKE_SECONDS = 60;
/** Simulated seconds every round takes. */
const ROUND_SECONDS = 0.3;
/** Into its second the rollout starts. */
const START_OFFSET_SECONDS = 0.4;

describe('gate: a predicted batch pause', () => {
  let gc: GateCloud;
  const decisions: GateDecisionReport[] = [];
  let looks: { rounds: number; served: ServedRequests };
  let bake: ServedRequests;

  before(async () => {
    // Prepare: one image rollout of 3 instances in 3 batches (bake 60 s, poll 5 s), watched by one loop.
    gc = await startGateCloud({
      groups: [{ name: 'web-canary', instances: 3, wave: 'canary' }],
      rollout: { batchNumber: 3 },
      gate: { bakeSeconds: BAKE_SECONDS, pollSeconds: POLL_SECONDS },
    });
    gc.publishImage('app-v2');
    gc.cloud.clock.advance(START_OFFSET_SECONDS);
    await gc.reconcileOnce();
    const loop: LeaseRole = {
      role: 'loop',
      holder: newHolder(1_000),
      seconds: leaseSeconds(POLL_SECONDS),
      held: new Set(),
    };
    const until = async (done: () => boolean): Promise<number> => {
      let rounds = 0;
      for (; rounds < 1000 && !done(); rounds++) {
        const report = await runGateOnce(gc.deps, loop);
        decisions.push(...report.decisions);
        gc.cloud.clock.advance(sleepSecondsAfter(report, POLL_SECONDS, ROUND_SECONDS) + ROUND_SECONDS);
      }
      return rounds;
    };
    const decided = (pause: string, decision: string) => () =>
      decisions.some((d) => d.pause === pause && d.decision === decision);
    // Act: the loop's rounds until batch 1 is approved, then (counted) until batch 2's pause has its first answer,
    // then (counted) until it is approved.
    await until(decided('b1', 'approve'));
    await resetRequests(gc.cloud.url);
    const rounds = await until(decided('b2', 'wait'));
    looks = { rounds, served: await servedRequests(gc.cloud.url) };
    await resetRequests(gc.cloud.url);
    await until(decided('b2', 'approve'));
    bake = await servedRequests(gc.cloud.url);
  });
  after(() => gc.close());

  it('is approved within a second of its bake’s end, as is the first batch (from its instances’ progress)', () => {
    // Assess
    for (const pause of ['b1', 'b2']) {
      const approve = decisions.find((d) => d.pause === pause && d.decision === 'approve');
      assert.ok(approve !== undefined, `${pause} is approved: ${decisions.map((d) => d.pause + d.decision).join(' ')}`);
      const late = (Date.parse(approve.decidedAt) - Date.parse(approve.finishedAt)) / 1000 - BAKE_SECONDS;
      assert.ok(late >= 0, `${pause} approved ${late} s after the bake's end`);
      assert.ok(late < 1, `${pause} approved ${late} s after the bake's end`);
    }
  });

  it('is found with a few looks around the expected moment, and baked with four checks', () => {
    // Assess: after the approve, rounds sleeping until 2 s before the expected pause (150 s later, at most 60 s a
    // sleep), then a look every second; each round lists once, and one full listing (six) falls due meanwhile.
    assert.ok(looks.rounds <= 7, `${looks.rounds} rounds from batch 1's approve to batch 2's first answer`);
    const listings = looks.served.byAction['oos:ListExecutions'] ?? 0;
    assert.ok(listings <= looks.rounds + 5, `${listings} listings in ${looks.rounds} rounds`);
    assert.equal(bake.byAction['fc:InvokeFunction'], 3, 'the answers after the first: at about 20, 40 and 60 s');
  });
});
