// The gate loop's call budget, counted by the local cloud (counts, never
// time): a round while a batch runs costs one listing, a bake check not yet
// due reads nothing, the minute reconcile's gate turn reads nothing while
// a live loop lease covers the paused rollout, and a passing bake is checked
// as often as its checkSeconds needs, its state written only when it changes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reconcileGate, runGateOnce, type GateRunReport } from '../../shared/controller/gate/index';
import { leaseSeconds, newHolder, type LeaseRole } from '../../shared/controller/gate/lease';
import { sleepSecondsAfter } from '../../shared/controller/gate/loop';
import { reconcile } from '../../shared/controller/reconcile';
import { ALL_GROUPS } from '../../shared/controller/snapshot/read-snapshot';
import { resetRequests, servedRequests, type ServedRequests } from '../../bench/lib/requests';
import { startGateCloud, type GateCloud } from './gate-cloud';

describe('gate: call budget of a loop', () => {
  let gc: GateCloud;
  const loop: LeaseRole = { role: 'loop', holder: newHolder(1_000), seconds: leaseSeconds(5), held: new Set() };
  const counted = async <T>(act: () => Promise<T>): Promise<{ result: T; served: ServedRequests }> => {
    await resetRequests(gc.cloud.url);
    const result = await act();
    return { result, served: await servedRequests(gc.cloud.url) };
  };
  const round = (seconds: number) =>
    counted(async () => {
      gc.cloud.clock.advance(seconds);
      return runGateOnce(gc.deps, loop);
    });

  before(async () => {
    // Prepare: one rollout started, its first batch running, and the loop's first (full) listing made.
    gc = await startGateCloud({
      groups: [{ name: 'web-canary', instances: 3, wave: 'canary' }],
      rollout: { batchNumber: 3 },
    });
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    await runGateOnce(gc.deps, loop);
  });
  after(() => gc.close());

  it('a round while the batch runs costs one ListExecutions', async () => {
    // Act
    const { result, served } = await round(1);
    // Assess
    assert.equal(result.active, 1);
    assert.deepEqual(served.byAction, { 'oos:ListExecutions': 1 });
  });

  it('a baking pause whose next check is not due costs the listing only, and the reconcile turn nothing', async () => {
    // Prepare: rounds until the first batch pause has had its first check.
    let last: GateRunReport | undefined;
    for (let i = 0; i < 400 && last?.decisions.some((d) => d.decision === 'wait') !== true; i++)
      last = (await round(1)).result;
    assert.ok(
      last?.decisions.some((d) => d.decision === 'wait'),
      'the first batch pause is checked',
    );
    // Act
    const notDue = await round(1);
    const minute = await counted(() => reconcile(gc.deps, ALL_GROUPS, { runGateOnce: reconcileGate() }));
    // Assess
    assert.equal(notDue.result.active, 1);
    assert.deepEqual(notDue.served.byAction, { 'oos:ListExecutions': 1 });
    assert.equal(minute.result.gate?.['watched'], true);
    const gateReads = ['oos:ListTaskExecutions', 'fc:InvokeFunction', 'ess:TagResources'];
    assert.deepEqual(
      gateReads.filter((action) => (minute.served.byAction[action] ?? 0) > 0),
      [],
      'the reconcile made no gate reads or writes',
    );
  });
});

/** One rollout of three instances in three batches started by the reconcile, and a gate loop to watch it. */
async function canaryRolloutStarted(): Promise<{ gc: GateCloud; loop: LeaseRole }> {
  const gc = await startGateCloud({
    groups: [{ name: 'web-canary', instances: 3, wave: 'canary' }],
    rollout: { batchNumber: 3 },
  });
  const loop: LeaseRole = { role: 'loop', holder: newHolder(1_000), seconds: leaseSeconds(5), held: new Set() };
  gc.publishImage('app-v2');
  await gc.reconcileOnce();
  return { gc, loop };
}

describe('gate: call budget of a passing bake', () => {
  it('a 60 s bake at a 5 s poll costs four health checks and writes the gate state once', async () => {
    // Prepare: one rollout of three instances in three batches, the policy's defaults (bake 60 s, poll 5 s), one loop.
    const { gc, loop } = await canaryRolloutStarted();
    try {
      const paused = () => gc.executions('web-canary').some((e) => e.status === 'Waiting');
      let report = await runGateOnce(gc.deps, loop);
      for (let i = 0; i < 400; i++) {
        gc.cloud.clock.advance(sleepSecondsAfter(report, 5));
        if (paused()) break;
        report = await runGateOnce(gc.deps, loop);
      }
      assert.ok(paused(), 'the first batch pauses');
      // Act: the loop's rounds, sleeping as the loop does, from the pause until its approve.
      await resetRequests(gc.cloud.url);
      const decisions: string[] = [];
      for (let i = 0; i < 400 && !decisions.includes('b1:approve'); i++) {
        report = await runGateOnce(gc.deps, loop);
        decisions.push(...report.decisions.map((d) => `${d.pause}:${d.decision}`));
        gc.cloud.clock.advance(sleepSecondsAfter(report, 5));
      }
      const served = await servedRequests(gc.cloud.url);
      // Assess: checks at about 0, 20, 40 and 60 s (nine before, every 8 s); the state is written once, when the
      // pause is first seen, with its first answer (the passing run's start; not at every answer), and two more
      // TagResources take the loop's lease and renew it; the bundled health check reads ESS from the gate's own read
      // (scalingInstances).
      assert.ok(decisions.includes('b1:approve'), `the first batch is approved: ${decisions.join(' ')}`);
      assert.equal(decisions.filter((d) => d === 'b1:wait').length, 3, decisions.join(' '));
      assert.equal(served.byAction['fc:InvokeFunction'], 4);
      // The instances are read at every check, not again when the lease's take is read back.
      assert.equal(served.byAction['ess:DescribeScalingInstances'], 4, 'the gate reads, none by the health check');
      assert.equal(served.byAction['ess:TagResources'], 3);
      // The pause is read from its tasks once: the approve re-reads the execution, which the listing shows unchanged.
      assert.equal(served.byAction['oos:ListTaskExecutions'], 1);
      // After the approve the loop sleeps until a little before the next batch is expected to pause (it takes as long
      // as this one did), not a poll interval: that round could only find the batch running.
      assert.ok(sleepSecondsAfter(report, 5) > 5, `sleeps ${sleepSecondsAfter(report, 5)} s after the approve`);
      // The group is read at every check, and read back once after the lease is taken (not after it is renewed).
      assert.equal(served.byAction['ess:DescribeScalingGroups'], 5);
    } finally {
      await gc.close();
    }
  });
});

describe('gate: a loop lists every status once', () => {
  it('every round after its first lists the window, however long the rollout runs', async () => {
    // Prepare: one rollout of three instances in three batches (about ten minutes of cloud time), one loop.
    const { gc, loop } = await canaryRolloutStarted();
    try {
      const startMs = gc.cloud.clock.now();
      // Act: the loop's rounds, sleeping as the loop does, until nothing is active; ListExecutions per round.
      const listings: number[] = [];
      let report: GateRunReport | undefined;
      for (let i = 0; i < 2000 && report?.active !== 0; i++) {
        await resetRequests(gc.cloud.url);
        report = await runGateOnce(gc.deps, loop);
        listings.push((await servedRequests(gc.cloud.url)).byAction['oos:ListExecutions'] ?? 0);
        gc.cloud.clock.advance(sleepSecondsAfter(report, 5));
      }
      // Assess: the first round lists the four active statuses, recent successes and recent cancels (six calls);
      // every later one its window (one call), with at most a progress listing and an approve's re-read besides.
      assert.equal(report?.active, 0, 'the rollout ends');
      assert.ok(gc.cloud.clock.now() - startMs > 5 * 60_000, 'the rollout runs past five minutes');
      assert.equal(listings[0], 6);
      assert.deepEqual(
        listings.slice(1).filter((n) => n > 3),
        [],
        `ListExecutions per round: ${listings.join(' ')}`,
      );
    } finally {
      await gc.close();
    }
  });
});
