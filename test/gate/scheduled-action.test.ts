// A window's scheduled action on the simulated clock: "run script agent-1 on
// target app's groups every Monday at 09:00". Nothing starts before the
// opening; at the opening a gated rollout starts (every batch pause decided by
// the gate); it does not run again within the same occurrence, and it runs
// again at the next occurrence although agent-1 is already in place.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { START_MS, startGateCloud, type GateCloud } from './gate-cloud';

const OPENING_MS = Date.parse('2026-03-02T09:00:00Z'); // Monday; START_MS is 08:00 the same day
const NEXT_OPENING_MS = Date.parse('2026-03-09T09:00:00Z');
const RUN_COMMAND_TEMPLATE = 'ACS-ESS-RollingUpdateByRunCommandInScalingGroup';

async function scriptExecutions(gc: GateCloud) {
  return gc.clients.oos.listAllExecutions({ templateName: RUN_COMMAND_TEMPLATE });
}

describe('scheduled action of a window', { timeout: 180_000 }, () => {
  let gc: GateCloud | undefined;
  after(() => gc?.close());

  it('starts a gated rollout at the opening, once per occurrence, and again at the next', async () => {
    gc = await startGateCloud({
      groups: [{ name: 'web-canary', instances: 2, wave: 'canary' }],
      source: {
        script: { revisions: [{ revision: 'agent-1', content: 'echo agent 1', rollbackScript: 'echo undo agent 1' }] },
      },
      windows: ['weekly'],
      policy: {
        windows: [
          {
            name: 'weekly',
            cron: '0 9 * * 1',
            durationMinutes: 120,
            action: { target: 'app', script: 'agent-1' },
          },
        ],
      },
    });
    assert.equal(gc.cloud.clock.now(), START_MS);
    // Act 1: before the opening
    const before = await gc.reconcileOnce();
    // Assess 1
    assert.deepEqual(
      before.decisions.map((d) => [d.verdict, d.reason]),
      [['wait', 'window-closed']],
    );
    assert.equal((await scriptExecutions(gc)).length, 0);

    // Act 2: the window opens
    gc.cloud.clock.advance((OPENING_MS - gc.cloud.clock.now()) / 1000);
    const opening = await gc.reconcileOnce();
    const decided: string[] = [];
    for (let i = 0; i < 600 && !gc.events().some((e) => e.type === 'rollout.succeeded'); i++)
      decided.push(...(await gc.gateTurn()).decisions.map((d) => `${d.pause}:${d.decision}:${d.result}`));
    // Assess 2: started at the opening, gated at its batch pause and at the final bake
    assert.deepEqual(
      opening.decisions.map((d) => [d.verdict, d.revision]),
      [['start', 'agent-1']],
    );
    const [first] = await scriptExecutions(gc);
    assert.equal(Date.parse(first?.startDate ?? ''), OPENING_MS, 'started at the opening');
    assert.equal(first?.parameters['batchPauseOption'], 'EveryBatchPause');
    assert.equal(first?.status, 'Success');
    assert.ok(
      decided.some((d) => d.startsWith('b1:approve:done')),
      `the gate approved the batch pause: ${decided.join(' ')}`,
    );

    // Act 3: later in the same occurrence
    gc.cloud.clock.advance(10 * 60);
    const later = await gc.reconcileOnce();
    // Assess 3: in place for this occurrence, nothing started again
    assert.deepEqual(
      later.decisions.map((d) => d.verdict),
      ['satisfied'],
    );
    assert.match(later.decisions[0]?.detail ?? '', /scheduled action of window weekly: script agent-1 ran/);
    assert.equal((await scriptExecutions(gc)).length, 1);

    // Act 4: a week later, agent-1 still in place
    gc.cloud.clock.advance((NEXT_OPENING_MS - 60_000 - gc.cloud.clock.now()) / 1000);
    const eve = await gc.reconcileOnce();
    const beforeNext = (await scriptExecutions(gc)).length;
    gc.cloud.clock.advance(60);
    const nextWeek = await gc.reconcileOnce();
    // Assess 4: runs again in the new occurrence, as a campaign of its own
    assert.deepEqual(
      eve.decisions.map((d) => d.verdict),
      ['satisfied'],
      'outside the window agent-1 is simply in place',
    );
    assert.equal(beforeNext, 1);
    assert.deepEqual(
      nextWeek.decisions.map((d) => [d.verdict, d.revision]),
      [['start', 'agent-1']],
    );
    assert.notEqual(nextWeek.decisions[0]?.campaignId, opening.decisions[0]?.campaignId);
    assert.equal((await scriptExecutions(gc)).length, 2);
  });
});
