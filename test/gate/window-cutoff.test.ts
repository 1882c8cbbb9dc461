// A rollout still running at its window's cutoff: the gate holds it at the
// next batch pause and approves it once the next window opens (or rolls it
// back when the window says so); a freeze holds it the same way.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { GateDecisionReport, GateRunReport } from '../../shared/controller/gate/index';
import { freeze, unfreeze } from '../../shared/operations/index';
import { EVENTS_TOPIC, START_MS, startGateCloud, type GateCloud } from './gate-cloud';

const CUTOFF_MS = START_MS + 5 * 60_000; // window 08:00-08:10, cutoff 5 min: nothing starts after 08:05
const NEXT_OPENING_MS = Date.parse('2026-03-03T08:00:00Z');

/** Every publish of that event type on the events topic (repeats counted, not distinct ids). */
function publishes(gc: GateCloud, type: string): number {
  return gc.cloud
    .world()
    .mns.history(EVENTS_TOPIC)
    .filter((m) => (JSON.parse(m.body) as { type?: string }).type === type).length;
}

async function turnsUntil(
  gc: GateCloud,
  until: (d: GateDecisionReport) => boolean,
  maxTurns = 400,
): Promise<GateDecisionReport[]> {
  const seen: GateDecisionReport[] = [];
  for (let i = 0; i < maxTurns; i++) {
    const report: GateRunReport = await gc.gateTurn();
    seen.push(...report.decisions);
    if (report.decisions.some(until) || report.active === 0) break;
  }
  return seen;
}

/** A fresh cloud whose two-instance canary has just started rolling out a new image in two batches. */
async function canaryRolloutStarted(previous: GateCloud | undefined): Promise<GateCloud> {
  await previous?.close();
  const gc = await startGateCloud({
    groups: [{ name: 'web-canary', instances: 2, wave: 'canary' }],
    rollout: { batchNumber: 2 },
  });
  gc.publishImage('app-v2');
  await gc.reconcileOnce();
  return gc;
}

describe('gate: window cutoff', { timeout: 120_000 }, () => {
  let gc: GateCloud | undefined;
  after(() => gc?.close());

  it('holds at the first pause after the cutoff and approves it when the next window opens', async () => {
    // Prepare: the estimate (3 × (1 + 60) s) fits before the cutoff, the real batches (about 3 min each) do not.
    gc = await startGateCloud({
      groups: [{ name: 'web-canary', instances: 3, wave: 'canary' }],
      rollout: { batchNumber: 3, instanceSeconds: 1 },
      windows: [{ cron: '0 8 * * *', durationMinutes: 10, cutoffMinutes: 5 }],
    });
    gc.publishImage('app-v2');
    const rec = await gc.reconcileOnce();
    assert.ok(
      rec.outcomes.some((o) => o.type === 'startRollout' && o.result === 'started'),
      'the rollout starts inside the window',
    );
    // Act: run the gate until it holds a pause
    const before = await turnsUntil(gc, (d) => d.result === 'held');
    // Assess
    const held = before.find((d) => d.result === 'held');
    assert.ok(held, `a pause was held: ${JSON.stringify(before.map((d) => [d.pause, d.decision, d.result]))}`);
    assert.ok(Date.parse(held.decidedAt) >= CUTOFF_MS, `held at ${held.decidedAt}, after the cutoff`);
    for (const approved of before.filter((d) => d.decision === 'approve'))
      assert.ok(
        Date.parse(approved.decidedAt) < CUTOFF_MS,
        `${approved.pause} approved at ${approved.decidedAt}, before the cutoff`,
      );
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status),
      ['Waiting'],
    );
    const closed = gc.events().filter((e) => e.type === 'rollout.window_closed');
    assert.ok(closed.length >= 1, 'rollout.window_closed was published');
    assert.equal(closed[0]!.detail['nextOpensAt'], '2026-03-03T08:00:00.000Z');
    assert.match(closed[0]!.message, /waiting for window app-1, opens 2026-03-03T08:00Z/);

    // Act: the night passes (one turn just before the opening), then the next window opens
    const night = await gc.gateTurn((NEXT_OPENING_MS - 30_000 - gc.cloud.clock.now()) / 1000);
    assert.ok(
      night.decisions.every((d) => d.result === 'held'),
      'still held just before the opening',
    );
    const resumed = await turnsUntil(gc, (d) => d.decision === 'approve' && d.result === 'done');
    // Assess
    const looks = [...before, ...night.decisions, ...resumed].filter((d) => d.result === 'held').length;
    assert.ok(looks >= 3, `the hold was looked at ${looks} times`);
    assert.equal(publishes(gc, 'rollout.window_closed'), 1, 'announced once, by the turn that wrote the hold');
    const approved = resumed.find((d) => d.decision === 'approve' && d.result === 'done');
    assert.ok(approved, 'the held pause is approved in the next window');
    assert.equal(approved.pause, held.pause);
    assert.ok(
      Date.parse(approved.decidedAt) >= NEXT_OPENING_MS,
      `approved at ${approved.decidedAt}, not before the opening`,
    );
    assert.ok(
      Date.parse(approved.decidedAt) <= NEXT_OPENING_MS + 65_000,
      `approved at ${approved.decidedAt}, within a gate look of the opening`,
    );
  });

  it('rolls back at the first pause after the cutoff when the window says resume: rollback', async () => {
    await gc?.close();
    gc = await startGateCloud({
      groups: [{ name: 'web-canary', instances: 3, wave: 'canary' }],
      rollout: { batchNumber: 3, instanceSeconds: 1 },
      windows: [{ cron: '0 8 * * *', durationMinutes: 10, cutoffMinutes: 5, resume: 'rollback' }],
    });
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    // Act
    const decisions = await turnsUntil(gc, (d) => d.decision === 'failureAction');
    // Assess
    const rolledBack = decisions.find((d) => d.decision === 'failureAction');
    assert.ok(
      rolledBack,
      `a pause after the cutoff rolled back: ${JSON.stringify(decisions.map((d) => [d.pause, d.decision, d.result]))}`,
    );
    assert.ok(Date.parse(rolledBack.decidedAt) >= CUTOFF_MS);
    assert.equal(rolledBack.detail?.['action'], 'rollback');
    assert.ok(gc.events().some((e) => e.type === 'rollout.window_closed'));
  });

  it('a freeze holds the next batch even inside the window', async () => {
    gc = await canaryRolloutStarted(gc);
    const world = gc.cloud.world();
    // Act: freeze the group after its rollout started
    world.ess.tagGroup(gc.groups['web-canary']!.scalingGroupId, { 'rollgate:frozen': 'incident 42' });
    const decisions = await turnsUntil(gc, (d) => d.result === 'held');
    // Assess
    assert.ok(decisions.some((d) => d.result === 'held' && d.reasons[0] === 'frozen: incident 42'));
    assert.equal(
      decisions.filter((d) => d.decision === 'approve' && d.result === 'done').length,
      0,
      'no batch approved while frozen',
    );
    assert.ok(gc.events().some((e) => e.type === 'rollout.frozen'));
  });

  it('the freeze operation holds the next batch, announced once however often the gate looks', async () => {
    gc = await canaryRolloutStarted(gc);
    // Act: freeze the account (no group tag) after the rollout started, and let the gate look for a while
    await freeze(gc.deps, { reason: 'incident 43' });
    const decisions = await turnsUntil(gc, (d) => d.result === 'held');
    for (let i = 0; i < 12; i++) decisions.push(...(await gc.gateTurn(15)).decisions);
    await unfreeze(gc.deps);
    const thawed = await turnsUntil(gc, (d) => d.decision === 'approve' && d.result === 'done');
    // Assess
    const held = decisions.filter((d) => d.result === 'held');
    assert.ok(held.length >= 10, `held on ${held.length} looks`);
    assert.ok(held.every((d) => d.reasons[0] === 'frozen: incident 43'));
    assert.equal(
      decisions.filter((d) => d.decision === 'approve' && d.result === 'done').length,
      0,
      'no batch approved while frozen',
    );
    assert.equal(publishes(gc, 'rollout.frozen'), 1, 'announced once, by the turn that wrote the hold');
    assert.ok(
      thawed.some((d) => d.decision === 'approve' && d.result === 'done'),
      'approved once unfrozen',
    );
  });
});
