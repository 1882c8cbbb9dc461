// A pin (`rollgate rollout`, the webhook's POST /v1/rollouts) on a group whose
// rollout of another kind is still in flight is checked as the group will be
// once that rollout has ended: the planner decides an in-flight group by its
// rollout (`rollout-running`) before it looks at revisions, so without that a
// pin of a script revision the policy does not have would be written, and
// refused only once the rollout had ended.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reconcile } from '../../shared/controller/reconcile';
import { ALL_GROUPS } from '../../shared/controller/snapshot/read-snapshot';
import { OperationError } from '../../shared/operations/errors';
import { rollout } from '../../shared/operations/index';
import { localControllerPerTest, publishImage } from './local-deps';

describe('operations: a pin on a group with a rollout of another kind in flight', () => {
  const lc = localControllerPerTest();

  it('refuses a script revision the policy does not have, as on an idle group', async () => {
    // Prepare: the canary's image rollout starts; the canary is also brought under the script target.
    publishImage(lc(), 'app-base-2026.03.01');
    const starting = await reconcile(lc().deps, ALL_GROUPS);
    const canary = starting.outcomes.find((o) => o.type === 'startRollout' && o.result === 'started')?.groupId;
    assert.ok(canary !== undefined, 'the canary starts');
    await lc().clients.ess.tagResources({ resourceIds: [canary], tags: { 'rollgate:agent': 'true' } });
    lc().cloud.clock.advance(5);
    // Act
    const pinned = rollout(lc().deps, { groups: [canary], kind: 'script', revision: 'agent-9', reason: 'r' });
    // Assess
    await assert.rejects(pinned, (err: unknown) => {
      assert.ok(err instanceof OperationError, String(err));
      assert.equal(err.code, 'unprocessable');
      assert.match(err.message, /agent-9 cannot roll on/);
      return true;
    });
  });
});
