// What one reconcile of a small fleet costs, counted by the local cloud (every
// request it served, per action): a history that fits in one page is read with
// one ListExecutions, a running rollout included; a longer one still lists the
// unfinished executions of any age by status. A reconcile whose groups all have
// their rollout in flight reads the groups and the history only: the freeze,
// the images and the configurations decide nothing about them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reconcile } from '../../shared/controller/reconcile';
import { ALL_GROUPS } from '../../shared/controller/snapshot/read-snapshot';
import { resetRequests, servedRequests, type ServedRequests } from '../../bench/lib/requests';
import { freeze } from '../../shared/operations/index';
import { groupIdByName, localControllerPerTest, publishImage } from './local-deps';

describe('reconcile calls on a small fleet', () => {
  const lc = localControllerPerTest();
  const counted = async <T>(act: () => Promise<T>): Promise<{ result: T; served: ServedRequests }> => {
    await resetRequests(lc().cloud.url);
    const result = await act();
    return { result, served: await servedRequests(lc().cloud.url) };
  };

  it('reads a history of one page with one ListExecutions, with nothing to do and with a rollout running', async () => {
    // Act: a quiet fleet, then the turn after the canary's rollout started.
    const quiet = await counted(() => reconcile(lc().deps, ALL_GROUPS));
    publishImage(lc(), 'app-base-2026.03.01');
    const starting = await reconcile(lc().deps, ALL_GROUPS);
    lc().cloud.clock.advance(5);
    const running = await counted(() => reconcile(lc().deps, ALL_GROUPS));
    // Assess
    assert.equal(quiet.served.byAction['oos:ListExecutions'], 1, JSON.stringify(quiet.served.byAction));
    assert.equal(
      starting.outcomes.filter((o) => o.type === 'startRollout' && o.result === 'started').length,
      1,
      'the canary starts',
    );
    const canary = starting.outcomes.find((o) => o.type === 'startRollout')?.groupId;
    assert.equal(running.result.decisions.find((d) => d.groupId === canary)?.reason, 'rollout-running');
    assert.deepEqual(
      running.result.outcomes.filter((o) => o.type === 'startRollout'),
      [],
      'nothing started beside the running rollout',
    );
    assert.equal(running.served.byAction['oos:ListExecutions'], 1, JSON.stringify(running.served.byAction));
  });

  it('reads only the groups and the history when every group in scope has its rollout running', async () => {
    // Arrange: the canary's rollout starts.
    publishImage(lc(), 'app-base-2026.03.01');
    const starting = await reconcile(lc().deps, ALL_GROUPS);
    const canary = starting.outcomes.find((o) => o.type === 'startRollout' && o.result === 'started')?.groupId;
    assert.ok(canary !== undefined, 'the canary starts');
    lc().cloud.clock.advance(5);
    // Act: the canary alone, the fleet (other groups to decide), and the canary again during a freeze.
    const running = await counted(() => reconcile(lc().deps, { groupIds: [canary] }));
    const fleet = await counted(() => reconcile(lc().deps, ALL_GROUPS));
    await freeze(lc().deps, { reason: 'incident 42' });
    const frozen = await counted(() => reconcile(lc().deps, { groupIds: [canary] }));
    // Assess
    const two = { 'ess:DescribeScalingGroups': 1, 'oos:ListExecutions': 1 };
    assert.deepEqual(running.served.byAction, two);
    assert.equal(running.result.decisions.find((d) => d.groupId === canary)?.reason, 'rollout-running');
    assert.deepEqual(frozen.served.byAction, two);
    assert.equal(frozen.result.decisions.find((d) => d.groupId === canary)?.reason, 'rollout-running');
    assert.deepEqual(
      fleet.served.byAction,
      {
        'ecs:DescribeImages': 1,
        'ess:DescribeScalingConfigurations': 1,
        'ess:DescribeScalingGroups': 1,
        'oos:GetParameter': 1,
        'oos:ListExecutions': 1,
      },
      'a fleet with groups to decide reads the sources and the freeze, as before',
    );
    for (const report of [running.result, fleet.result, frozen.result])
      assert.deepEqual(
        report.outcomes.filter((o) => o.type === 'startRollout'),
        [],
        'nothing starts beside the running rollout',
      );
  });

  it('reads the sources and the freeze for one group without a rollout running', async () => {
    // Arrange
    const groupId = groupIdByName(lc(), 'api-prod');
    // Act
    const quiet = await counted(() => reconcile(lc().deps, { groupIds: [groupId] }));
    // Assess
    assert.equal(quiet.served.total, 5, JSON.stringify(quiet.served.byAction));
    assert.equal(quiet.served.byAction['oos:GetParameter'], 1, 'the freeze is read');
  });
});
