// The health check's Cloud Assistant verification command after a script
// rollout: its exit code on each instance decides the batch.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startGateCloud, type GateCloud } from './gate-cloud';

async function eventsUntil(gc: GateCloud, type: string, maxTurns = 600): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < maxTurns && !seen.includes(type); i++) {
    await gc.gateTurn();
    seen.push(...gc.events().map((e) => e.type));
  }
  return seen;
}

function scriptCloud(verify: string): Promise<GateCloud> {
  return startGateCloud({
    groups: [{ name: 'web-canary', instances: 2, wave: 'canary' }],
    rollout: { batchNumber: 2 },
    gate: {
      retries: 0,
      checks: { essHealth: true, ecsRunning: true, command: { script: verify, timeoutSeconds: 30 } },
    },
    source: {
      script: { revisions: [{ revision: 'agent-3', content: 'echo agent 3', rollbackScript: 'echo undo agent 3' }] },
    },
  });
}

describe('verification command after a script', { timeout: 120_000 }, () => {
  let gc: GateCloud | undefined;
  after(() => gc?.close());

  it('exit 0 on every instance passes every batch', async () => {
    gc = await scriptCloud('systemctl is-active agent\nexit 0');
    await gc.reconcileOnce();
    const seen = await eventsUntil(gc, 'rollout.succeeded');
    assert.ok(seen.includes('rollout.succeeded'), `events: ${seen.join(', ')}`);
    assert.ok(!seen.includes('batch.failed'));
  });

  it('a non-zero exit code fails the batch and starts the rollback (held in turn: the command still fails)', async () => {
    await gc?.close();
    gc = await scriptCloud('systemctl is-active agent\nexit 3');
    await gc.reconcileOnce();
    const seen = await eventsUntil(gc, 'rollout.held');
    assert.deepEqual(
      seen.filter((t) => ['batch.passed', 'batch.failed', 'rollout.failed', 'rollout.held'].includes(t)),
      ['batch.failed', 'rollout.failed', 'batch.failed', 'rollout.held'],
      `events: ${seen.join(', ')}`,
    );
    const executions = await gc.clients.oos.listAllExecutions({ templateName: 'ACS-ESS-RollingUpdate' });
    assert.ok(
      executions.some((e) => e.parameters['invokeType'] === 'rollback'),
      'a rollback execution was started',
    );
  });
});
