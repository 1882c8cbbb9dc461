// A rollout's first batch has no earlier batch to predict its pause from: the
// loop looks at its instances' progress instead, and notices the pause within
// a second of simulated time (it polled every poll interval before), for a
// few more listings than that polling made: one listing of the instances'
// progress every 9 s in place of two polls, and the listings of one window of
// looks every second while the batch's instances finish. Counts and simulated
// time only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runGateOnce, type GateDecisionReport } from '../../shared/controller/gate/index';
import { sleepSecondsAfter } from '../../shared/controller/gate/loop';
import { leaseSeconds, newHolder, type LeaseRole } from '../../shared/controller/gate/lease';
import { resetRequests, servedRequests, type ServedRequests } from '../../bench/lib/requests';
import { startGateCloud, type GateCloud } from './gate-cloud';

const POLL_SECONDS = 5;

describe('gate: the first batch pause', () => {
  let gc: GateCloud;
  let first: GateDecisionReport | undefined;
  let served: ServedRequests;
  let startedAtMs: number;

  before(async () => {
    // Prepare: one image rollout of 3 instances in 3 batches, watched by one loop on the deterministic clock.
    gc = await startGateCloud({
      groups: [{ name: 'web-canary', instances: 3, wave: 'canary' }],
      rollout: { batchNumber: 3 },
      gate: { pollSeconds: POLL_SECONDS },
    });
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    startedAtMs = gc.cloud.clock.now();
    const loop: LeaseRole = {
      role: 'loop',
      holder: newHolder(1_000),
      seconds: leaseSeconds(POLL_SECONDS),
      held: new Set(),
    };
    // Act: the loop's rounds, each followed by its sleep, until a turn first decides about batch 1's pause.
    await resetRequests(gc.cloud.url);
    for (let i = 0; i < 500 && first === undefined; i++) {
      const report = await runGateOnce(gc.deps, loop);
      first = report.decisions.find((d) => d.pause === 'b1');
      if (first === undefined) gc.cloud.clock.advance(sleepSecondsAfter(report, POLL_SECONDS));
    }
    served = await servedRequests(gc.cloud.url);
  });
  after(() => gc.close());

  it('is noticed within a second of the batch finishing', () => {
    // Assess
    assert.ok(first !== undefined, 'the first batch paused and was decided on');
    const lateSeconds = (Date.parse(first.decidedAt) - Date.parse(first.finishedAt)) / 1000;
    assert.ok(lateSeconds <= 1, `noticed ${lateSeconds} s after the batch finished`);
  });

  it('costs at most one window of looks every second more than polling every poll interval', () => {
    // Assess: polling lists once a round, plus the loop's first (full) listing of six statuses; a window of looks every
    // second lasts 9 s.
    assert.ok(first !== undefined);
    const seconds = (Date.parse(first.decidedAt) - startedAtMs) / 1000;
    const polling = Math.ceil(seconds / POLL_SECONDS) + 6;
    const listings = served.byAction['oos:ListExecutions'] ?? 0;
    assert.ok(listings <= polling + 9, `${listings} listings in ${seconds} s (polling: ${polling})`);
  });
});
