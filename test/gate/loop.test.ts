// The gate function's loop and its start: the loop runs a rollout to the end
// (polling while a batch runs, else sleeping until a check is due or a pause
// expected) and stops when nothing is active, hands over to a new
// invocation before its budget runs out, and the minute reconcile starts the
// loop when it started a rollout.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  DEFAULT_GATE_FUNCTION,
  reconcileGate,
  runGateLoop,
  type GateLoopDeps,
} from '../../shared/controller/gate/index';
import { reconcile } from '../../shared/controller/reconcile';
import { ALL_GROUPS } from '../../shared/controller/snapshot/read-snapshot';
import { startGateCloud, type GateCloud } from './gate-cloud';

function loopOn(gc: GateCloud, overrides: Partial<GateLoopDeps> = {}): GateLoopDeps & { handOvers: number } {
  const loop = {
    handOvers: 0,
    roundDeps: async () => gc.deps,
    sleep: async (seconds: number) => gc.cloud.clock.advance(seconds),
    remainingMs: () => 600_000,
    handOver: async () => {
      loop.handOvers += 1;
    },
    pollSeconds: 5,
    ...overrides,
  };
  return loop;
}

describe('gate loop', () => {
  const clouds: GateCloud[] = [];
  after(() => Promise.all(clouds.map((c) => c.close())));

  it('stops at once when no rollout is active', async () => {
    // Prepare
    const gc = await startGateCloud();
    clouds.push(gc);
    // Act
    const result = await runGateLoop(loopOn(gc));
    // Assess
    assert.equal(result.rounds, 1);
    assert.equal(result.stopped, 'idle');
  });

  it('watches a rollout to its end, sleeping until it wants a look, then stops', async () => {
    // Prepare
    const gc = await startGateCloud();
    clouds.push(gc);
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    const startedAt = gc.cloud.clock.now();
    const sleeps: number[] = [];
    // Act
    const result = await runGateLoop(
      loopOn(gc, {
        sleep: async (seconds: number) => {
          sleeps.push(seconds);
          gc.cloud.clock.advance(seconds);
        },
      }),
    );
    // Assess
    assert.equal(result.stopped, 'idle');
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status),
      ['Success'],
    );
    const simulatedSeconds = (gc.cloud.clock.now() - startedAt) / 1000;
    // The loop sleeps until a check is due or a pause expected, at most a poll interval while a batch runs unexpected.
    assert.equal(result.rounds, sleeps.length + 1, 'one round after every sleep');
    assert.ok(
      sleeps.every((s) => s > 0 && s <= 60),
      `every sleep within a minute: ${sleeps.join(', ')}`,
    );
    assert.ok(result.rounds <= simulatedSeconds / 5 + 1, 'no more rounds than one per poll interval');
    assert.ok(result.decisions >= 2, 'the pause and the final bake were decided');
  });

  it('hands over to a new invocation before its budget runs out', async () => {
    // Prepare
    const gc = await startGateCloud();
    clouds.push(gc);
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    let rounds = 0;
    const loop = loopOn(gc, { remainingMs: () => (rounds++ < 3 ? 60_000 : 1_000) });
    // Act
    const result = await runGateLoop(loop);
    // Assess
    assert.equal(result.stopped, 'handed-over');
    assert.equal(loop.handOvers, 1);
    assert.equal(result.rounds, 4);
  });

  it('is started by the reconcile that starts a rollout, and not again by a quiet one', async () => {
    // Prepare
    const gc = await startGateCloud();
    clouds.push(gc);
    const kicks: string[] = [];
    gc.cloud.world().fc.register(DEFAULT_GATE_FUNCTION, async (event) => {
      kicks.push(event.toString('utf8'));
      return { status: 'done' };
    });
    gc.publishImage('app-v2');
    // Act
    const first = await reconcile(gc.deps, ALL_GROUPS, { runGateOnce: reconcileGate() });
    gc.cloud.clock.advance(30);
    const second = await reconcile(gc.deps, ALL_GROUPS, { runGateOnce: reconcileGate() });
    await gc.cloud.world().fc.idle();
    // Assess
    assert.match(String(first.gate?.['kicked']), /rollout started/);
    assert.equal(second.gate?.['kicked'], undefined);
    assert.equal(kicks.length, 1);
    assert.match(kicks[0] ?? '', /rollout started: exec-/);
  });

  it('starts the gate function the configuration names', async () => {
    // Prepare
    const gc = await startGateCloud();
    clouds.push(gc);
    const kicks: string[] = [];
    gc.cloud.world().fc.register('team-a-gate', async (event) => {
      kicks.push(event.toString('utf8'));
      return { status: 'done' };
    });
    gc.publishImage('app-v2');
    // Act
    const report = await reconcile({ ...gc.deps, gateFunction: 'team-a-gate' }, ALL_GROUPS, {
      runGateOnce: reconcileGate(),
    });
    await gc.cloud.world().fc.idle();
    // Assess
    assert.match(String(report.gate?.['kicked']), /rollout started/);
    assert.equal(kicks.length, 1);
  });
});
