// rollgate against a local cloud that does only what the OOS API does: every
// execution skips SafetyCheck; a process an operator suspended before the
// rollout is still suspended after the rollout, its rollback and a cancel; a
// rollback leaves no Waiting execution of the rejected revision; and two
// reconciles racing with different revisions start one rolling update.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { CloudClients } from '../../shared/cloud/index';
import type { ControllerDeps } from '../../shared/controller/deps';
import { identityOf } from '../../shared/controller/gate/context';
import { rollBack } from '../../shared/controller/gate/rollback';
import { reconcile } from '../../shared/controller/reconcile';
import { ALL_GROUPS } from '../../shared/controller/snapshot/read-snapshot';
import type { Policy } from '../../shared/domain/policy';
import { startGateCloud, type GateCloud } from './gate-cloud';

const OPERATOR_SUSPENDED = ['ScheduledAction'];

async function turnsUntilIdle(gc: GateCloud, max = 600): Promise<void> {
  for (let i = 0; i < max; i++) if ((await gc.gateTurn()).active === 0) return;
}

function oosExecutions(gc: GateCloud, groupName: string) {
  const oos = gc.cloud.world().oos as unknown as {
    getExecution(id: string): { safetyCheck: string; parameters: Record<string, unknown>; status: string };
  };
  return gc.executions(groupName).map((e) => ({ id: e.executionId, ...oos.getExecution(e.executionId) }));
}

/** OOS clients whose StartExecution waits until `parties` callers have reached it: the starts then race for real. */
function startBarrier(parties: number) {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  const wrap = (clients: CloudClients): CloudClients => ({
    ...clients,
    oos: new Proxy(clients.oos, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (key !== 'startExecution') return value.bind(target);
        return async (...args: unknown[]) => {
          arrived += 1;
          if (arrived === parties) release();
          await all;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }),
  });
  return { wrap, arrived: () => arrived };
}

const suspendedOf = (gc: GateCloud, groupName: string) =>
  [...gc.cloud.world().ess.getGroup(gc.groups[groupName]!.scalingGroupId).suspendedProcesses].sort();

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
    assert.deepEqual(
      executions.map((e) => [e.parameters['invokeType'], e.status]),
      [
        ['invoke', 'Cancelled'],
        ['rollback', 'Success'],
      ],
    );
    assert.ok(executions.every((e) => e.safetyCheck === 'Skip'));
    assert.deepEqual(suspendedOf(gc, 'web-canary'), OPERATOR_SUSPENDED);
    const instances = gc.cloud.world().ess.listInstances(gc.groups['web-canary']!.scalingGroupId);
    assert.ok(instances.every((i) => i.lifecycleState === 'InService'));
  });

  it('a cancel leaves the operator-suspended process suspended and no Waiting execution', async () => {
    // Prepare
    const gc = await startGateCloud({
      groups: canaryOnly,
      rollout: { onFailure: 'cancel' },
      suspended: { 'web-canary': OPERATOR_SUSPENDED },
    });
    clouds.push(gc);
    gc.publishImage('app-v2-broken', true);

    // Act
    await gc.reconcileOnce();
    await turnsUntilIdle(gc);

    // Assess
    assert.deepEqual(
      oosExecutions(gc, 'web-canary').map((e) => e.status),
      ['Cancelled'],
    );
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
    const barrier = startBarrier(2);
    const racing = (policy: Policy): ControllerDeps => ({ ...gc.deps, policy, clients: barrier.wrap(gc.clients) });

    // Act
    const [a, b] = await Promise.all([
      reconcile(racing(pinned('app-v2')), ALL_GROUPS),
      reconcile(racing(pinned('app-v3')), ALL_GROUPS),
    ]);

    // Assess
    assert.equal(barrier.arrived(), 2, 'both reconciles tried to start a rollout');
    const executions = oosExecutions(gc, 'web-canary');
    assert.equal(executions.length, 1, 'one rolling update on the group');
    const started = [a, b].map((r) => JSON.stringify(r));
    assert.ok(
      started.some((s) => s.includes('started first')),
      'the loser reports the race, not an error',
    );
    assert.ok([v2, v3].includes(executions[0]!.parameters['imageId'] as string));
  });

  it("a reconcile starting another revision and the gate's rollback of the group's newest execution start one rolling update", async () => {
    // Prepare: v2 rolled out and baked; v3 published; the gate decides to roll v2 back while a reconcile starts v3
    const gc = await startGateCloud({ groups: canaryOnly });
    clouds.push(gc);
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    await turnsUntilIdle(gc);
    await gc.gateTurn(700);
    gc.publishImage('app-v3');
    const groupId = gc.groups['web-canary']!.scalingGroupId;
    const [source] = await gc.clients.oos.listAllExecutions({ tags: { scaling_group: groupId } });
    assert.equal(source?.status, 'Success');
    const barrier = startBarrier(2);
    const clients = barrier.wrap(gc.clients);
    const groupTags = gc.cloud.world().ess.getGroup(groupId).tags;

    // Act
    const [rollback, reconciled] = await Promise.allSettled([
      rollBack(clients, source!, identityOf(source!)!, groupTags),
      reconcile({ ...gc.deps, clients }, ALL_GROUPS),
    ]);

    // Assess
    assert.equal(barrier.arrived(), 2, 'both tried to start');
    const executions = oosExecutions(gc, 'web-canary');
    assert.equal(executions.length, 2, 'the source and one new rolling update');
    const winner = executions.find((e) => e.id !== source!.executionId)!;
    if (winner.parameters['invokeType'] === 'rollback') {
      assert.equal(rollback.status, 'fulfilled');
      assert.ok(reconciled.status === 'fulfilled' && JSON.stringify(reconciled.value).includes('started first'));
    } else {
      assert.equal(rollback.status, 'rejected', 'the gate stands back: the reconcile took the slot');
      assert.match(String((rollback as PromiseRejectedResult).reason), /started first/);
    }
  });

  it('a rollback decided at a pause that someone continued meanwhile still wins: the source is cancelled, one rolling update runs', async () => {
    // Prepare: v2 paused after batch 1; the gate read it Waiting, then an Approve continued it
    const gc = await startGateCloud({
      groups: [{ name: 'web-canary', instances: 4, wave: 'canary' }],
      suspended: { 'web-canary': OPERATOR_SUSPENDED },
    });
    clouds.push(gc);
    const v1 = gc.groups['web-canary']!.imageId;
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    const groupId = gc.groups['web-canary']!.scalingGroupId;
    const waiting = async () => (await gc.clients.oos.listAllExecutions({ tags: { scaling_group: groupId } }))[0]!;
    for (let i = 0; i < 200 && (await waiting()).status !== 'Waiting'; i++) gc.cloud.clock.advance(5);
    const decidedOn = await waiting();
    await gc.clients.oos.notifyExecution({ executionId: decidedOn.executionId, notifyType: 'Approve' });
    gc.cloud.clock.advance(15);

    // Act
    const result = await rollBack(
      gc.clients,
      decidedOn,
      identityOf(decidedOn)!,
      gc.cloud.world().ess.getGroup(groupId).tags,
    );
    // The rollback pauses after every batch for its own gate; continue it here.
    for (let i = 0; i < 400; i++) {
      const open = oosExecutions(gc, 'web-canary').filter(
        (e) => !['Success', 'Failed', 'Cancelled'].includes(e.status),
      );
      if (open.length === 0) break;
      for (const e of open)
        if (e.status === 'Waiting') await gc.clients.oos.notifyExecution({ executionId: e.id, notifyType: 'Approve' });
      gc.cloud.clock.advance(5);
    }

    // Assess
    assert.equal(result.sourceEnded, 'cancelled');
    assert.deepEqual(
      oosExecutions(gc, 'web-canary').map((e) => [e.parameters['invokeType'], e.status]),
      [
        ['invoke', 'Cancelled'],
        ['rollback', 'Success'],
      ],
    );
    const instances = gc.cloud.world().ess.listInstances(groupId);
    assert.ok(instances.every((i) => i.lifecycleState === 'InService'));
    assert.ok(
      instances.every((i) => gc.cloud.world().ecs.getInstance(i.instanceId).imageId === v1),
      'every instance the source touched is back on v1',
    );
    assert.deepEqual(suspendedOf(gc, 'web-canary'), OPERATOR_SUSPENDED);
  });
});
