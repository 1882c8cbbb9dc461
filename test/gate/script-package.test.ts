// Script and package rollouts end to end on the local cloud: started by the
// reconcile with their own templates, gated, rolled back and notified like
// images, and rejected in their own kind's tag.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { GateRunReport } from '../../shared/controller/gate/index';
import { handleScalingEvent } from '../../shared/controller/scaling-event';
import { startGateCloud, type GateCloud } from './gate-cloud';

async function executionsOf(gc: GateCloud, groupId: string) {
  return (await gc.clients.oos.listAllExecutions({ templateName: 'ACS-ESS-RollingUpdate' })).filter(
    (e) => e.tags['scaling_group'] === groupId,
  );
}

/** The SCALE_OUT_SUCCESS notification ESS sends for `instanceIds`, as the scaling-events function receives it. */
function scaleOutNotification(gc: GateCloud, scalingGroupId: string, instanceIds: string[]): string {
  return JSON.stringify({
    event: 'AUTOSCALING:SCALE_OUT_SUCCESS',
    resourceArn: `acs:ess:${gc.cloud.regionId}:${gc.cloud.accountId}:scalingGroup/${scalingGroupId}`,
    regionId: gc.cloud.regionId,
    content: { scalingActivityId: 'asa-scaleout1', instanceIds },
  });
}

async function runGate(gc: GateCloud, until: () => boolean, maxTurns = 600): Promise<GateRunReport[]> {
  const reports: GateRunReport[] = [];
  for (let i = 0; i < maxTurns && !until(); i++) reports.push(await gc.gateTurn());
  return reports;
}

describe('script rollouts', { timeout: 120_000 }, () => {
  let gc: GateCloud | undefined;
  after(() => gc?.close());

  it('a script that healthy instances run is rolled out with the RunCommand template and reported succeeded', async () => {
    gc = await startGateCloud({
      groups: [{ name: 'web-canary', instances: 2, wave: 'canary' }],
      source: {
        script: { revisions: [{ revision: 'agent-1', content: 'echo agent 1', rollbackScript: 'echo undo agent 1' }] },
      },
    });
    const rec = await gc.reconcileOnce();
    assert.ok(rec.outcomes.some((o) => o.type === 'startRollout' && o.result === 'started'));
    const world = gc.cloud.world();
    await runGate(
      gc,
      () =>
        gc!.events().some((e) => e.type === 'rollout.succeeded') ||
        gc!.executions('web-canary').some((e) => e.status === 'Failed'),
    );
    const [execution] = await executionsOf(gc, gc.groups['web-canary']!.scalingGroupId);
    assert.equal(execution?.templateName, 'ACS-ESS-RollingUpdateByRunCommandInScalingGroup');
    assert.equal(execution?.status, 'Success');
    for (const id of gc.groups['web-canary']!.instanceIds) {
      assert.ok(
        world.ecs.getInstance(id).commandsRun.some((c) => c.content === 'echo agent 1' && c.exitCode === 0),
        `${id} ran the script`,
      );
    }
    // The reconcile now finds the group satisfied with agent-1.
    const again = await gc.reconcileOnce();
    assert.deepEqual(
      again.decisions.map((d) => d.verdict),
      ['satisfied'],
    );
  });

  it("instances a later scale-out launches get the group's script revision, recorded on the group and notified", async () => {
    // Prepare: the group from the previous test runs agent-1; ESS scales it out by one
    const world = gc!.cloud.world();
    const { scalingGroupId, instanceIds } = gc!.groups['web-canary']!;
    world.ess.modifyGroup(scalingGroupId, { desiredCapacity: 3 });
    gc!.cloud.clock.advance(180);
    const launched = world.ess
      .listInstances(scalingGroupId)
      .map((i) => i.instanceId)
      .filter((id) => !instanceIds.includes(id));
    assert.equal(launched.length, 1, 'ESS launched one instance');
    assert.ok(
      !world.ecs.getInstance(launched[0]!).commandsRun.some((c) => c.content === 'echo agent 1'),
      'a new instance lacks the script',
    );
    gc!.events();
    // Act
    const outcome = await handleScalingEvent(gc!.deps, scaleOutNotification(gc!, scalingGroupId, launched));
    gc!.cloud.clock.advance(30);
    // Assess
    assert.equal(outcome.kind, 'done');
    assert.ok(
      world.ecs.getInstance(launched[0]!).commandsRun.some((c) => c.content === 'echo agent 1' && c.exitCode === 0),
      'the new instance ran agent-1',
    );
    for (const id of instanceIds)
      assert.equal(
        world.ecs.getInstance(id).commandsRun.filter((c) => c.content === 'echo agent 1').length,
        1,
        `${id} did not run it again`,
      );
    assert.match(
      world.ess.getGroup(scalingGroupId).tags['rollgate:drift-repair'] ?? '',
      new RegExp(`^agent-1 \\S+ running ${launched[0]}$`),
    );
    const repaired = gc!.events().filter((e) => e.type === 'drift.repair_started');
    assert.deepEqual(
      repaired.map((e) => [e.revision, e.detail['instances']]),
      [['agent-1', launched]],
    );
    // Act: later reconciles follow the invocation to its exit codes
    await gc!.reconcileOnce();
    await gc!.reconcileOnce();
    // Assess: recorded and announced once
    assert.match(
      world.ess.getGroup(scalingGroupId).tags['rollgate:drift-repair'] ?? '',
      new RegExp(`^agent-1 \\S+ succeeded ${launched[0]}$`),
    );
    const outcomes = gc!.events().filter((e) => e.type.startsWith('drift.'));
    assert.deepEqual(
      outcomes.map((e) => [e.type, e.detail['failedInstances']]),
      [['drift.repaired', []]],
    );
  });

  it('a repair whose command exits non-zero on a new instance is recorded failed and notified', async () => {
    // Prepare: the next scale-out launches an instance whose command fails
    const world = gc!.cloud.world();
    const { scalingGroupId } = gc!.groups['web-canary']!;
    const before = world.ess.listInstances(scalingGroupId).map((i) => i.instanceId);
    world.ess.modifyGroup(scalingGroupId, { desiredCapacity: before.length + 1 });
    gc!.cloud.clock.advance(180);
    const launched = world.ess
      .listInstances(scalingGroupId)
      .map((i) => i.instanceId)
      .filter((id) => !before.includes(id));
    world.faults.configure({ instanceUpdateFailures: [{ instanceId: launched[0]!, times: 1 }] });
    gc!.events();
    // Act
    await handleScalingEvent(gc!.deps, scaleOutNotification(gc!, scalingGroupId, launched));
    await gc!.reconcileOnce();
    const whileRunning = world.ess.getGroup(scalingGroupId).tags['rollgate:drift-repair'] ?? '';
    gc!.cloud.clock.advance(30);
    await gc!.reconcileOnce();
    await gc!.reconcileOnce();
    // Assess
    assert.match(whileRunning, / running /, 'a reconcile while the command runs records no outcome yet');
    assert.match(
      world.ess.getGroup(scalingGroupId).tags['rollgate:drift-repair'] ?? '',
      new RegExp(`^agent-1 \\S+ failed ${launched[0]}$`),
    );
    const outcomes = gc!.events().filter((e) => e.type.startsWith('drift.'));
    assert.deepEqual(
      outcomes.map((e) => [e.type, e.detail['failedInstances']]),
      [
        ['drift.repair_started', undefined],
        ['drift.failed', launched],
      ],
    );
    assert.match(outcomes[1]!.message, new RegExp(`${launched[0]}: 1`));
  });

  it('a failing script is rolled back by its rollback script, and only the script revision is rejected', async () => {
    await gc?.close();
    gc = await startGateCloud({
      groups: [{ name: 'web-canary', instances: 2, wave: 'canary' }],
      rollout: { batchNumber: 2 },
      gate: { retries: 0 },
      source: {
        script: {
          revisions: [{ revision: 'agent-2', content: 'echo agent 2\nexit 3', rollbackScript: 'echo undo agent 2' }],
        },
      },
    });
    const world = gc.cloud.world();
    const groupId = gc.groups['web-canary']!.scalingGroupId;
    world.ess.tagGroup(groupId, { 'rollgate:rejected-image': 'm-earlier' });
    await gc.reconcileOnce();
    const seen: string[] = [];
    // Act
    await runGate(gc, () => {
      seen.push(...gc!.events().map((e) => e.type));
      return seen.includes('rollout.rolled_back');
    });
    // Assess
    assert.ok(seen.includes('rollout.failed'), `events: ${seen.join(', ')}`);
    assert.ok(seen.includes('rollout.rolled_back'), `events: ${seen.join(', ')}`);
    const executions = await executionsOf(gc, groupId);
    const rollback = executions.find((e) => e.parameters['invokeType'] === 'rollback');
    assert.ok(rollback, 'a rollback execution was started');
    assert.equal(rollback.status, 'Success');
    const ranRollback = gc.groups['web-canary']!.instanceIds.filter((id) =>
      world.ecs.getInstance(id).commandsRun.some((c) => c.content === 'echo undo agent 2'),
    );
    assert.ok(ranRollback.length >= 1, 'the rollback script ran on the instances the script reached');
    const tags = world.ess.getGroup(groupId).tags;
    assert.equal(tags['rollgate:rejected-script'], 'agent-2');
    assert.equal(tags['rollgate:rejected-image'], 'm-earlier', 'the image rejection is kept');
    const next = await gc.reconcileOnce();
    assert.deepEqual(
      next.decisions.map((d) => [d.verdict, d.reason]),
      [['wait', 'rejected-revision']],
    );
  });
});

describe('package rollouts', { timeout: 120_000 }, () => {
  let gc: GateCloud | undefined;
  after(() => gc?.close());

  it('installs a package version with the package template, then a failing newer version is rolled back to it', async () => {
    gc = await startGateCloud({
      groups: [{ name: 'web-canary', instances: 2, wave: 'canary' }],
      rollout: { batchNumber: 2 },
      gate: { retries: 0 },
      source: { package: { name: 'agent', version: '1.0' } },
    });
    const world = gc.cloud.world();
    const group = gc.groups['web-canary']!;
    // Act: version 1.0 rolls out
    await gc.reconcileOnce();
    await runGate(gc, () => gc!.events().some((e) => e.type === 'rollout.succeeded'));
    // Assess
    const [first] = await executionsOf(gc, group.scalingGroupId);
    assert.equal(first?.templateName, 'ACS-ESS-RollingUpdateByConfigureOOSPackage');
    assert.equal(first?.status, 'Success');
    for (const id of group.instanceIds) assert.equal(world.ecs.getInstance(id).packages['agent'], '1.0');
    assert.deepEqual(
      (await gc.reconcileOnce()).decisions.map((d) => d.verdict),
      ['satisfied'],
    );

    // Act: the group is pinned to 2.0, whose install fails on the second instance
    world.ess.tagGroup(group.scalingGroupId, { 'rollgate:desired-package': 'agent@2.0' });
    world.faults.configure({ instanceUpdateFailures: [{ instanceId: group.instanceIds[1]!, times: 1 }] });
    const started = await gc.reconcileOnce();
    assert.ok(
      started.outcomes.some((o) => o.type === 'startRollout' && o.result === 'started' && o.revision === 'agent@2.0'),
      JSON.stringify(started.outcomes),
    );
    const seen: string[] = [];
    await runGate(gc, () => {
      seen.push(...gc!.events().map((e) => e.type));
      return seen.includes('rollout.rolled_back');
    });
    // Assess: rolled back to the version the group ran before, and 2.0 rejected for packages only
    assert.ok(seen.includes('rollout.rolled_back'), `events: ${seen.join(', ')}`);
    const rollback = (await executionsOf(gc, group.scalingGroupId)).find(
      (e) => e.parameters['invokeType'] === 'rollback',
    );
    assert.equal(rollback?.status, 'Success');
    for (const id of group.instanceIds)
      assert.equal(world.ecs.getInstance(id).packages['agent'], '1.0', `${id} is back on agent 1.0`);
    assert.equal(world.ess.getGroup(group.scalingGroupId).tags['rollgate:rejected-package'], 'agent@2.0');
  });
});

describe('scale-out after a package rollout', { timeout: 120_000 }, () => {
  let gc: GateCloud | undefined;
  after(() => gc?.close());

  it('a new instance lacking the package gets it from one follow-up rollout of the same version', async () => {
    // Prepare: agent 1.0 in place on two instances; ESS launches a third, without the package
    gc = await startGateCloud({
      groups: [{ name: 'web-canary', instances: 2, wave: 'canary' }],
      rollout: { batchNumber: 2 },
      source: { package: { name: 'agent', version: '1.0' } },
    });
    const world = gc.cloud.world();
    const { scalingGroupId, instanceIds } = gc.groups['web-canary']!;
    await gc.reconcileOnce();
    await runGate(gc, () => gc!.events().some((e) => e.type === 'rollout.succeeded'));
    world.ess.modifyGroup(scalingGroupId, { desiredCapacity: 3 });
    gc.cloud.clock.advance(180);
    const launched = world.ess
      .listInstances(scalingGroupId)
      .map((i) => i.instanceId)
      .filter((id) => !instanceIds.includes(id));
    assert.equal(launched.length, 1, 'ESS launched one instance');
    assert.equal(world.ecs.getInstance(launched[0]!).packages['agent'], undefined, 'the new instance lacks it');
    // Act: the scale-out is reported (twice: MNS delivers at least once), then reconciles and the gate run
    gc.events();
    await handleScalingEvent(gc.deps, scaleOutNotification(gc, scalingGroupId, launched));
    await handleScalingEvent(gc.deps, scaleOutNotification(gc, scalingGroupId, launched));
    const events = gc.events();
    await gc.reconcileOnce();
    await runGate(gc, () => gc!.events().some((e) => e.type === 'rollout.succeeded'));
    // Assess: reported once, one follow-up rollout of 1.0, every instance has it, and the group is in place again
    assert.deepEqual(
      events.filter((e) => e.type === 'drift.detected').map((e) => [e.revision, e.detail['instances']]),
      [['agent@1.0', launched]],
    );
    for (const id of [...instanceIds, ...launched])
      assert.equal(world.ecs.getInstance(id).packages['agent'], '1.0', id);
    await gc.reconcileOnce();
    assert.deepEqual(
      (await gc.reconcileOnce()).decisions.map((d) => d.verdict),
      ['satisfied'],
    );
    const executions = await executionsOf(gc, scalingGroupId);
    assert.deepEqual(
      executions.map((e) => [e.status, e.parameters['packageVersion']]),
      [
        ['Success', '1.0'],
        ['Success', '1.0'],
      ],
      'the first rollout and one follow-up',
    );
  });
});

describe('scale-out during a script rollout', { timeout: 120_000 }, () => {
  let gc: GateCloud | undefined;
  after(() => gc?.close());

  it('instances launched while the script rolls out get it once the rollout has ended', async () => {
    // Prepare: ScaleOut keeps running during this group's rollouts
    gc = await startGateCloud({
      groups: [{ name: 'web-canary', instances: 2, wave: 'canary' }],
      rollout: {
        batchNumber: 2,
        enterProcess: ['ScaleIn', 'HealthCheck', 'AlarmNotification', 'ScheduledAction'],
        exitProcess: ['ScaleIn', 'HealthCheck', 'AlarmNotification', 'ScheduledAction'],
      },
      source: {
        script: { revisions: [{ revision: 'agent-4', content: 'echo agent 4', rollbackScript: 'echo undo agent 4' }] },
      },
    });
    const world = gc.cloud.world();
    const { scalingGroupId, instanceIds } = gc.groups['web-canary']!;
    await gc.reconcileOnce();
    await runGate(gc, () => gc!.executions('web-canary').some((e) => e.status === 'Waiting'));
    // Act: ESS scales out at the first batch pause
    world.ess.modifyGroup(scalingGroupId, { desiredCapacity: 3 });
    gc.cloud.clock.advance(120);
    const launched = world.ess
      .listInstances(scalingGroupId)
      .map((i) => i.instanceId)
      .filter((id) => !instanceIds.includes(id));
    assert.equal(launched.length, 1, 'ESS launched one instance during the rollout');
    const during = await handleScalingEvent(gc.deps, scaleOutNotification(gc, scalingGroupId, launched));
    assert.deepEqual(during.kind === 'done' && (during.summary['drift'] as { deferred: string[] }).deferred, launched);
    assert.equal(world.ess.getGroup(scalingGroupId).tags['rollgate:drift-pending'], launched[0]);
    await runGate(gc, () => gc!.events().some((e) => e.type === 'rollout.succeeded'));
    // Act: the next reconcile, with no rollout running
    await gc.reconcileOnce();
    gc.cloud.clock.advance(30);
    // Assess
    assert.ok(
      world.ecs.getInstance(launched[0]!).commandsRun.some((c) => c.content === 'echo agent 4' && c.exitCode === 0),
      'the instance launched mid-rollout ran agent-4',
    );
    assert.equal(world.ess.getGroup(scalingGroupId).tags['rollgate:drift-pending'], 'none');
  });
});
