// What one reconcile of a small fleet costs, counted by the local cloud (every
// request it served, per action): a history that fits in one page is read with
// one ListExecutions, a running rollout included; a longer one still lists the
// unfinished executions of any age by status.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reconcile } from '../../shared/controller/reconcile';
import { ALL_GROUPS } from '../../shared/controller/snapshot/read-snapshot';
import { resetRequests, servedRequests, type ServedRequests } from '../../bench/lib/requests';
import { localControllerPerTest, publishImage } from './local-deps';

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
});
