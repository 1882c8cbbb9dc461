// The gate loop's call budget, counted by the local cloud (counts, never
// time): a round while a batch runs costs one listing, a bake check not yet
// due reads nothing, and the minute reconcile's gate turn reads nothing while
// a live loop lease covers the paused rollout.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reconcileGate, runGateOnce, type GateRunReport } from '../../shared/controller/gate/index';
import { leaseSeconds, newHolder, type LeaseRole } from '../../shared/controller/gate/lease';
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
