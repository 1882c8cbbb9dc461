// The minute reconcile's gate turn during a freeze: the reconcile itself
// leaves the freeze unread while its only group's rollout is in flight (its
// plan does not need it), so the gate turn reads it, once, before it would
// approve a batch, and holds the batch: no batch is approved because the
// reconcile skipped the read. Nor because the reconcile read "no freeze" a
// moment before one was recorded: the gate turn reads it again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reconcileGate } from '../../shared/controller/gate/index';
import { reconcile, type ReconcileReport } from '../../shared/controller/reconcile';
import { ALL_GROUPS } from '../../shared/controller/snapshot/read-snapshot';
import { freeze, unfreeze } from '../../shared/operations/index';
import { resetRequests, servedRequests, type ServedRequests } from '../../bench/lib/requests';
import { startGateCloud, type GateCloud } from './gate-cloud';

interface GateTurnDecision {
  decision: string;
  result: string;
}

const decisionsOf = (report: ReconcileReport): GateTurnDecision[] =>
  (report.gate?.['decisions'] as GateTurnDecision[] | undefined) ?? [];

describe('gate: the minute reconcile during a freeze', { timeout: 120_000 }, () => {
  let gc: GateCloud;
  const turns: Array<{ report: ReconcileReport; served: ServedRequests }> = [];

  before(async () => {
    // Prepare: the canary's rollout started, then the account is frozen; no gate loop runs, so each minute
    // reconcile's gate turn decides the pauses. Act: reconcile turns until a batch is held.
    gc = await startGateCloud({
      groups: [{ name: 'web-canary', instances: 2, wave: 'canary' }],
      rollout: { batchNumber: 2 },
    });
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    await freeze(gc.deps, { reason: 'incident 44' });
    for (let i = 0; i < 400; i++) {
      gc.cloud.clock.advance(5);
      await resetRequests(gc.cloud.url);
      const report = await reconcile(gc.deps, ALL_GROUPS, { runGateOnce: reconcileGate() });
      turns.push({ report, served: await servedRequests(gc.cloud.url) });
      if (decisionsOf(report).some((d) => d.result === 'held')) break;
    }
  });
  after(() => gc.close());

  it('holds the batch, and approves none', () => {
    const decisions = turns.flatMap((t) => decisionsOf(t.report));
    assert.ok(
      decisions.some((d) => d.result === 'held'),
      JSON.stringify(decisions),
    );
    assert.equal(decisions.filter((d) => d.decision === 'approve' && d.result === 'done').length, 0);
    assert.ok(turns.every((t) => t.report.outcomes.every((o) => o.type !== 'startRollout')));
  });

  it('reads the freeze only in the turn that would approve, once', () => {
    const held = turns.at(-1);
    assert.equal(held?.served.byAction['oos:GetParameter'], 1, JSON.stringify(held?.served.byAction));
    const before = turns.slice(0, -1);
    assert.ok(before.length > 0, 'the pause is baked over several turns');
    assert.deepEqual(
      before.filter((t) => (t.served.byAction['oos:GetParameter'] ?? 0) > 0).map((t) => decisionsOf(t.report)),
      [],
      'a turn that approves nothing reads no freeze',
    );
  });
});

describe('gate: a freeze recorded after the reconcile read none', { timeout: 120_000 }, () => {
  let gc: GateCloud;
  after(() => gc.close());

  it('holds the batch the same turn would have approved', async () => {
    // Prepare: the canary's rollout started; prod is idle, so every plan reads the freeze. Before each plan the
    // freeze is lifted, and between the plan and the gate turn it is recorded again: the plan always reads none.
    gc = await startGateCloud({
      groups: [
        { name: 'web-canary', instances: 2, wave: 'canary' },
        { name: 'web-prod', instances: 2, wave: 'prod' },
      ],
      rollout: { batchNumber: 2 },
    });
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    const gateTurn = reconcileGate();
    const decisions: GateTurnDecision[] = [];
    // Act
    for (let i = 0; i < 400 && !decisions.some((d) => d.result === 'held'); i++) {
      gc.cloud.clock.advance(5);
      await unfreeze(gc.deps);
      const report = await reconcile(gc.deps, ALL_GROUPS, {
        runGateOnce: async (deps, snapshot, started) => {
          await freeze(gc.deps, { reason: 'incident 45' });
          return gateTurn(deps, snapshot, started);
        },
      });
      decisions.push(...decisionsOf(report));
    }
    // Assess
    assert.ok(
      decisions.some((d) => d.result === 'held'),
      JSON.stringify(decisions),
    );
    assert.equal(decisions.filter((d) => d.decision === 'approve' && d.result === 'done').length, 0);
  });
});
