// rollgate's own ESS calls retry, bounded, what the rolling-update templates
// retry: a group busy with a scaling activity answers IncorrectScalingGroupStatus
// until the activity ends. The retry's sleep moves the local cloud's clock, so
// the activity ends while the call is being retried.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCloudClients, CloudError, isRetryableFailure, type AttemptEvent } from '../../shared/cloud/index';
import { localConfig, seed, startLocalCloud } from './helpers/local-cloud';
import type { RunningLocalCloud } from '../../local/cloud/index';

describe('ESS busy codes are retried, bounded', () => {
  let lc: RunningLocalCloud;

  before(async () => {
    lc = await startLocalCloud();
  });
  after(async () => lc.close());

  /** Clients whose retry sleep advances simulated time by `secondsPerSleep`. */
  function clients(secondsPerSleep: number) {
    const attempts: AttemptEvent[] = [];
    let now = 0;
    const cloud = createCloudClients(
      localConfig(lc, { retry: { maxAttempts: 5, maxTotalMs: 20_000, baseDelayMs: 200, maxDelayMs: 5_000 } }),
      {
        sleep: async (ms) => {
          now += ms;
          lc.clock.advance(secondsPerSleep);
        },
        random: () => 0.5,
        now: () => now,
        onAttempt: (e) => attempts.push(e),
      },
    );
    return { cloud, attempts };
  }

  async function busyGroup(name: string) {
    const fleet = await seed(lc, {
      images: [{ name: `${name}-base` }],
      groups: [{ name, instances: 2, maxSize: 4, imageName: `${name}-base` }],
    });
    const group = fleet.groups[name]!;
    lc.world().ess.modifyGroup(group.scalingGroupId, { desiredCapacity: 3 });
    assert.ok(lc.world().ess.activityInProgress(group.scalingGroupId), 'a scale-out runs (45 s)');
    return group;
  }

  it('retries ExitStandby/EnterStandby refused with IncorrectScalingGroupStatus until the activity ends', async () => {
    // Prepare
    const group = await busyGroup('busy-ends');
    const { cloud, attempts } = clients(20);

    // Act
    await cloud.ess.enterStandby({ scalingGroupId: group.scalingGroupId, instanceIds: [group.instanceIds[0]!] });

    // Assess
    const tries = attempts.filter((a) => a.operation === 'ess:EnterStandby');
    assert.deepEqual(
      tries.map((a) => a.outcome),
      ['retry', 'retry', 'retry', 'ok'],
    );
    assert.ok(tries.slice(0, 3).every((a) => a.code === 'IncorrectScalingGroupStatus'));
    const [instance] = lc
      .world()
      .ess.listInstances(group.scalingGroupId)
      .filter((i) => i.instanceId === group.instanceIds[0]);
    assert.equal(instance?.lifecycleState, 'Standby');
  });

  it('gives up after the policy’s attempts when the group stays busy', async () => {
    // Prepare
    const group = await busyGroup('busy-stays');
    const { cloud, attempts } = clients(0);

    // Act
    const call = cloud.ess.enterStandby({ scalingGroupId: group.scalingGroupId, instanceIds: [group.instanceIds[0]!] });

    // Assess
    await assert.rejects(
      call,
      (err: unknown) => err instanceof CloudError && err.code === 'IncorrectScalingGroupStatus' && err.attempts === 5,
    );
    assert.equal(attempts.filter((a) => a.operation === 'ess:EnterStandby').length, 5);
  });

  it('treats the three busy codes as retryable for ESS only', () => {
    for (const code of ['IncorrectScalingGroupStatus', 'BackendServer.configuring', 'ScalingActivityInProgress']) {
      assert.equal(isRetryableFailure(code, 403, 'ess:ExitStandby'), true, code);
      assert.equal(isRetryableFailure(code, 403, 'oos:StartExecution'), false, code);
    }
    assert.equal(isRetryableFailure('IncorrectInstanceStatus', 403, 'ess:EnterStandby'), false);
  });
});
