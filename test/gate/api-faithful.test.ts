// rollgate against a local cloud that does only what the OOS API does: every
// execution skips SafetyCheck; a process an operator suspended before the
// rollout is still suspended after the rollout, its rollback and a cancel; a
// rollback leaves no Waiting execution of the rejected revision; and two
// reconciles racing with different revisions start one rolling update.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ControllerDeps } from '../../shared/controller/deps';
import { reconcile } from '../../shared/controller/reconcile';
import { ALL_GROUPS } from '../../shared/controller/snapshot/read-snapshot';
import type { Policy } from '../../shared/domain/policy';
import { startGateCloud, type GateCloud } from './gate-cloud';

const OPERATOR_SUSPENDED = ['ScheduledAction'];

async function turnsUntilIdle(gc: GateCloud, max = 600): Promise<void> {
  for (let i = 0; i < max; i++) if ((await gc.gateTurn()).active === 0) return;
}

function oosExecutions(gc: GateCloud, groupName: string) {
  const oos = gc.cloud.world().oos as unknown as { getExecution(id: string): { safetyCheck: string; parameters: Record<string, unknown>; status: string } };
  return gc.executions(groupName).map((e) => ({ id: e.executionId, ...oos.getExecution(e.executionId) }));
}

const suspendedOf = (gc: GateCloud, groupName: string) => [...gc.cloud.world().ess.getGroup(gc.groups[groupName]!.scalingGroupId).suspendedProcesses].sort();

describe('rollgate against the API, not the console', () => {
  const clouds: GateCloud[] = [];
  after(() => Promise.all(clouds.map((c) => c.close())));
  const canaryOnly = [{ name: 'web-canary', instances: 2, wave: 'canary' as const }];

  it('a rollout that passes leaves the operator-suspended process suspended, and skips SafetyCheck', async () => {
    // Prepare
    const gc = await startGateCloud({ groups: canaryOnly, suspended: { 'web-canary': OPERATOR_SUSPENDED } });
    clouds.push(gc);
    gc.publishImage('app-v2');

    // Act
    await gc.reconcileOnce();
    await turnsUntilIdle(gc);
    await gc.gateTurn(120);

    // Assess
    const [execution] = oosExecutions(gc, 'web-canary');
    assert.equal(execution?.status, 'Success');
    assert.equal(execution?.safetyCheck, 'Skip');
    assert.ok(!(execution?.parameters['exitProcess'] as string[]).includes('ScheduledAction'));
    assert.deepEqual(suspendedOf(gc, 'web-canary'), OPERATOR_SUSPENDED);
  });

  it('a rollback ends the waiting source: no Waiting execution is left, processes are as before, both skip SafetyCheck', async () => {
    // Prepare
    const gc = await startGateCloud({ groups: canaryOnly, suspended: { 'web-canary': OPERATOR_SUSPENDED } });
    clouds.push(gc);
    gc.publishImage('app-v2-broken', true);

    // Act
    await gc.reconcileOnce();
    await turnsUntilIdle(gc);

    // Assess
    const executions = oosExecutions(gc, 'web-canary');
    assert.deepEqual(executions.map((e) => [e.parameters['invokeType'], e.status]), [['invoke', 'Cancelled'], ['rollback', 'Success']]);
    assert.ok(executions.every((e) => e.safetyCheck === 'Skip'));
    assert.deepEqual(suspendedOf(gc, 'web-canary'), OPERATOR_SUSPENDED);
    const instances = gc.cloud.world().ess.listInstances(gc.groups['web-canary']!.scalingGroupId);
    assert.ok(instances.every((i) => i.lifecycleState === 'InService'));
  });

  it('a cancel leaves the operator-suspended process suspended and no Waiting execution', async () => {
    // Prepare
    const gc = await startGateCloud({ groups: canaryOnly, rollout: { onFailure: 'cancel' }, suspended: { 'web-canary': OPERATOR_SUSPENDED } });
    clouds.push(gc);
    gc.publishImage('app-v2-broken', true);

    // Act
    await gc.reconcileOnce();
    await turnsUntilIdle(gc);

    // Assess
    assert.deepEqual(oosExecutions(gc, 'web-canary').map((e) => e.status), ['Cancelled']);
    assert.deepEqual(suspendedOf(gc, 'web-canary'), OPERATOR_SUSPENDED);
  });

  it('two reconciles racing to start different revisions on one group start one rolling update', async () => {
    // Prepare: two deployments of the policy that resolve the target to different images
    const gc = await startGateCloud({ groups: canaryOnly });
    clouds.push(gc);
    const v2 = gc.publishImage('app-v2');
    const v3 = gc.publishImage('app-v3');
    const pinned = (namePattern: string): Policy => {
      const policy = structuredClone(gc.policy);
      policy.targets[0]!.image = { family: 'app', namePattern };
      return policy;
    };
    // Both read their snapshot before either starts: each start waits until the other has reached it.
    let arrived = 0;
    let release!: () => void;
    const bothArrived = new Promise<void>((resolve) => (release = resolve));
    const racing = (policy: Policy): ControllerDeps => ({
      ...gc.deps,
      policy,
      clients: {
        ...gc.clients,
        oos: new Proxy(gc.clients.oos, {
          get(target, key, receiver) {
            const value = Reflect.get(target, key, receiver) as unknown;
            if (key !== 'startExecution' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
            return async (...args: unknown[]) => {
              arrived += 1;
              if (arrived === 2) release();
              await bothArrived;
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        }),
      },
    });

    // Act
    const [a, b] = await Promise.all([reconcile(racing(pinned('app-v2')), ALL_GROUPS), reconcile(racing(pinned('app-v3')), ALL_GROUPS)]);

    // Assess
    assert.equal(arrived, 2, 'both reconciles tried to start a rollout');
    const executions = oosExecutions(gc, 'web-canary');
    assert.equal(executions.length, 1, 'one rolling update on the group');
    const started = [a, b].map((r) => JSON.stringify(r));
    assert.ok(started.some((s) => s.includes('started first')), 'the loser reports the race, not an error');
    assert.ok([v2, v3].includes(executions[0]!.parameters['imageId'] as string));
  });
});
