// The other failure actions: `hold` leaves the execution waiting, notifies
// and reminds; `cancel` cancels and restores exactly the processes the
// rollout suspended, and moves its Standby instances back to InService.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { GateRunReport } from '../../shared/controller/gate/index';
import type { RollgateEvent } from '../../shared/domain/events';
import { identityOf, settingsFor, type GateContext } from '../../shared/controller/gate/context';
import { applyFailureAction } from '../../shared/controller/gate/failure-action';
import { readGroup } from '../../shared/controller/gate/group';
import { readPause } from '../../shared/controller/gate/pause';
import { stateForPause } from '../../shared/controller/gate/state';
import { startGateCloud, type GateCloud } from './gate-cloud';

async function turnsUntilIdle(gc: GateCloud, max = 600): Promise<GateRunReport[]> {
  const reports: GateRunReport[] = [];
  let last: GateRunReport | undefined;
  for (let i = 0; i < max && (last === undefined || last.active > 0); i++) {
    last = await gc.gateTurn();
    reports.push(last);
  }
  return reports;
}

describe('gate: failure action hold', () => {
  let gc: GateCloud;
  let reports: GateRunReport[];
  let events: RollgateEvent[];

  before(async () => {
    // Prepare
    gc = await startGateCloud({ rollout: { onFailure: 'hold', holdReminderSeconds: 120 } });
    gc.publishImage('app-v2-broken', true);
    await gc.reconcileOnce();
    // Act
    reports = await turnsUntilIdle(gc);
    events = gc.events();
  });
  after(() => gc.close());

  it('leaves the execution waiting at the failed batch and notifies', () => {
    // Assess
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status),
      ['Waiting'],
    );
    const last = reports.at(-1);
    assert.equal(last?.active, 0, 'a held rollout does not keep the fast loop running');
    assert.equal(last?.held, 1);
    const held = events.filter((e) => e.type === 'rollout.held');
    assert.equal(held.length, 1);
    assert.match(held[0]?.message ?? '', /held at batch 1\/2/);
    assert.ok(
      !events.some((e) => e.type === 'rollout.failed' || e.type === 'revision.rejected'),
      'nothing rolled back or rejected',
    );
  });

  it('reminds at the configured interval, and not before', async () => {
    // Act: just under the interval, then past it
    const early = await gc.gateTurn(60);
    const reminded = await gc.gateTurn(70);
    const remindedAgainAtOnce = await gc.gateTurn(5);
    // Assess
    assert.ok(!early.decisions.some((d) => d.decision === 'holdReminder'));
    assert.ok(reminded.decisions.some((d) => d.decision === 'holdReminder'));
    assert.ok(!remindedAgainAtOnce.decisions.some((d) => d.decision === 'holdReminder'));
    assert.equal(gc.events().filter((e) => e.type === 'rollout.hold_reminder').length, 1);
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status),
      ['Waiting'],
      'still waiting for a person',
    );
  });
});

describe('gate: failure action cancel after a failed health check', () => {
  let gc: GateCloud;

  before(async () => {
    // Prepare: ScheduledAction was suspended by someone before the rollout
    gc = await startGateCloud({ rollout: { onFailure: 'cancel' }, suspended: { 'web-canary': ['ScheduledAction'] } });
    gc.publishImage('app-v2-broken', true);
    await gc.reconcileOnce();
    // Act
    await turnsUntilIdle(gc);
  });
  after(() => gc.close());

  it('cancels and restores exactly the processes that were not suspended before', () => {
    // Assess
    const world = gc.cloud.world();
    const canary = gc.groups['web-canary']!;
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status),
      ['Cancelled'],
    );
    assert.deepEqual(world.ess.getGroup(canary.scalingGroupId).suspendedProcesses, ['ScheduledAction']);
    assert.deepEqual(
      world.ess.listInstances(canary.scalingGroupId).filter((i) => i.lifecycleState === 'Standby'),
      [],
    );
    const cancelled = gc.events().find((e) => e.type === 'rollout.cancelled');
    assert.deepEqual([...((cancelled?.detail['resumedProcesses'] as string[] | undefined) ?? [])].sort(), [
      'AlarmNotification',
      'HealthCheck',
      'ScaleIn',
      'ScaleOut',
    ]);
  });
});

describe('gate: failure action cancel at a failure pause', () => {
  let gc: GateCloud;
  let failing: string;

  before(async () => {
    // Prepare: the first instance of the canary fails every update; no retries, nothing allowed
    gc = await startGateCloud({ rollout: { onFailure: 'cancel' }, gate: { retries: 0 } });
    failing = gc.groups['web-canary']!.instanceIds[0]!;
    gc.cloud.world().faults.configure({ instanceUpdateFailures: [{ instanceId: failing, times: 5 }] });
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    // Act
    await turnsUntilIdle(gc);
  });
  after(() => gc.close());

  it('leaves no Standby instance and no suspended process', () => {
    // Assess
    const world = gc.cloud.world();
    const canary = gc.groups['web-canary']!;
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status),
      ['Cancelled'],
    );
    const members = world.ess.listInstances(canary.scalingGroupId);
    assert.deepEqual(
      members.filter((i) => i.lifecycleState === 'Standby').map((i) => i.instanceId),
      [],
    );
    assert.equal(members.find((i) => i.instanceId === failing)?.lifecycleState, 'InService');
    assert.deepEqual(world.ess.getGroup(canary.scalingGroupId).suspendedProcesses, []);
    const cancelled = gc.events().find((e) => e.type === 'rollout.cancelled');
    assert.deepEqual(cancelled?.detail['exitedStandby'], [failing]);
  });
});

describe('gate: failure action on a pause that moved on', () => {
  let gc: GateCloud;
  after(() => gc.close());

  it('cancel leaves alone an execution someone continued after the decision was taken', async () => {
    // Prepare: the rollout waits at batch 1, and the gate has taken its decision on that pause.
    gc = await startGateCloud({ rollout: { onFailure: 'cancel' } });
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    const status = () => gc.executions('web-canary')[0]?.status;
    for (let i = 0; i < 200 && status() !== 'Waiting'; i++) gc.cloud.clock.advance(5);
    assert.equal(status(), 'Waiting');
    const [execution] = await gc.clients.oos.listAllExecutions({
      tags: { scaling_group: gc.groups['web-canary']!.scalingGroupId },
    });
    const id = identityOf(execution!)!;
    const view = (await readGroup(gc.clients, id.groupId))!;
    const pause = (await readPause(gc.clients, execution!))!;
    const nowMs = gc.cloud.clock.now();
    const ctx: GateContext = {
      deps: gc.deps,
      log: gc.deps.log,
      execution: execution!,
      id,
      settings: settingsFor(
        gc.policy,
        { id: view.group.scalingGroupId, name: view.group.scalingGroupName, tags: view.group.tags },
        id,
      ),
      view,
      pause,
      state: stateForPause(undefined, id.executionId, pause.key, Math.floor(nowMs / 1000)),
      nowMs,
    };
    // An operator continues the pause in the console before the cancel is sent.
    await gc.clients.oos.notifyExecution({ executionId: id.executionId, notifyType: 'Approve' });
    // Act
    const action = await applyFailureAction(ctx, 'cancel', ['gate failed']);
    // Assess
    assert.equal(action.result, 'unchanged');
    assert.notEqual(status(), 'Cancelled', 'the continued execution still runs');
    assert.deepEqual(
      gc.events().filter((e) => e.type === 'rollout.cancelled'),
      [],
    );
  });
});

describe('gate: failure action cancel cut short after the cancel', () => {
  let gc: GateCloud;
  let failing: string;
  let firstTry: GateRunReport[];

  before(async () => {
    // Prepare: the rollout is cancelled at a failure pause, but resuming the processes answers 503.
    gc = await startGateCloud({ rollout: { onFailure: 'cancel' }, gate: { retries: 0 } });
    failing = gc.groups['web-canary']!.instanceIds[0]!;
    const faults = gc.cloud.world().faults;
    faults.configure({
      instanceUpdateFailures: [{ instanceId: failing, times: 5 }],
      rules: [{ product: 'ess', action: 'ResumeProcesses', serverErrorShare: 1 }],
    });
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    firstTry = [];
    for (let i = 0; i < 600 && !firstTry.some((r) => r.errors.length > 0); i++) firstTry.push(await gc.gateTurn());
    faults.clear();
    // Act
    await turnsUntilIdle(gc);
  });
  after(() => gc.close());

  it('finishes the cleanup on a later turn', () => {
    // Assess
    assert.ok(
      firstTry.some((r) => r.errors.length > 0),
      'the first cleanup failed',
    );
    const world = gc.cloud.world();
    const canary = gc.groups['web-canary']!;
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status),
      ['Cancelled'],
    );
    const members = world.ess.listInstances(canary.scalingGroupId);
    assert.deepEqual(
      members.filter((i) => i.lifecycleState === 'Standby').map((i) => i.instanceId),
      [],
    );
    assert.deepEqual(world.ess.getGroup(canary.scalingGroupId).suspendedProcesses, []);
    const cancelled = gc.events().filter((e) => e.type === 'rollout.cancelled');
    assert.equal(cancelled.length, 1);
    assert.deepEqual(cancelled[0]?.detail['exitedStandby'], [failing]);
  });
});

describe('gate: after a cancel the group is not on the revision', () => {
  let gc: GateCloud;
  after(() => gc.close());

  it('the canary cancelled half way is not satisfied, and the prod wave does not start', async () => {
    // Prepare: the canary's rollout is cancelled after its first batch (the configuration already names the new image).
    gc = await startGateCloud({ rollout: { onFailure: 'cancel' } });
    gc.publishImage('app-v2-broken', true);
    await gc.reconcileOnce();
    await turnsUntilIdle(gc);
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status),
      ['Cancelled'],
    );
    gc.cloud.clock.advance(300);
    // Act
    const report = await gc.reconcileOnce();
    // Assess
    const decided = Object.fromEntries(
      report.decisions.map((d) => [d.groupId, d.verdict === 'wait' ? `wait:${d.reason}` : d.verdict]),
    );
    assert.notEqual(decided[gc.groups['web-canary']!.scalingGroupId], 'satisfied');
    assert.equal(decided[gc.groups['web-prod']!.scalingGroupId], 'wait:wave-pending');
    assert.deepEqual(gc.executions('web-prod'), [], 'prod never rolls what the canary cancelled');
  });
});

describe('gate: a final bake held for a person', () => {
  let gc: GateCloud;
  after(() => gc.close());

  it('holds the later waves too: the canary is not taken as on the revision', async () => {
    // Prepare: one canary instance (one batch, so the first check is the final bake), an image that boots unhealthy.
    gc = await startGateCloud({
      groups: [
        { name: 'web-canary', instances: 1, wave: 'canary' },
        { name: 'web-prod', instances: 2, wave: 'prod' },
      ],
      rollout: { onFailure: 'hold' },
    });
    gc.publishImage('app-v2-broken', true);
    await gc.reconcileOnce();
    await turnsUntilIdle(gc);
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status),
      ['Success'],
    );
    assert.equal(gc.events().filter((e) => e.type === 'rollout.held').length, 1);
    gc.cloud.clock.advance(300);
    // Act
    const report = await gc.reconcileOnce();
    // Assess
    const decided = Object.fromEntries(
      report.decisions.map((d) => [d.groupId, d.verdict === 'wait' ? `wait:${d.reason}` : d.verdict]),
    );
    assert.equal(
      decided[gc.groups['web-canary']!.scalingGroupId],
      'wait:rollout-running',
      'nothing starts on the held group',
    );
    assert.equal(decided[gc.groups['web-prod']!.scalingGroupId], 'wait:wave-pending');
    assert.deepEqual(gc.executions('web-prod'), []);
  });
});
