// The freeze operation on the local cloud: every managed group is tagged, the
// reconcile starts nothing while frozen, and unfreezing lets it start again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FreezeInputError, setFreeze } from '../../shared/controller/freeze';
import { reconcile } from '../../shared/controller/reconcile';
import { ALL_GROUPS } from '../../shared/controller/snapshot/read-snapshot';
import { localControllerPerTest, publishImage } from './local-deps';

describe('freeze / unfreeze', () => {
  const lc = localControllerPerTest();

  it('freezes every managed group with the reason, and a second freeze changes nothing', async () => {
    const { deps, cloud } = lc();
    // Act
    const first = await setFreeze(deps, { freeze: true, reason: 'incident 42' });
    const second = await setFreeze(deps, { freeze: true, reason: 'incident 42' });
    // Assess
    assert.deepEqual(first.groups.map((g) => [g.name, g.result]).sort(), [
      ['api-prod', 'updated'],
      ['web-canary', 'updated'],
      ['web-prod', 'updated'],
    ]);
    assert.ok(second.groups.every((g) => g.result === 'unchanged'));
    const tags = cloud
      .world()
      .ess.listGroups()
      .map((g) => [g.scalingGroupName, g.tags['rollgate:frozen']]);
    assert.deepEqual(tags.sort(), [
      ['api-prod', 'incident 42'],
      ['batch-legacy', undefined],
      ['web-canary', 'incident 42'],
      ['web-prod', 'incident 42'],
    ]);
  });

  it('starts nothing while frozen, and starts again once unfrozen', async () => {
    const { deps } = lc();
    publishImage(lc(), 'app-base-2026.03.02');
    await setFreeze(deps, { freeze: true, reason: 'incident 42' });
    // Act
    const frozen = await reconcile(deps, ALL_GROUPS);
    await setFreeze(deps, { freeze: false });
    const thawed = await reconcile(deps, ALL_GROUPS);
    // Assess
    assert.equal(frozen.outcomes.filter((o) => o.type === 'startRollout').length, 0);
    assert.ok(
      frozen.decisions
        .filter((d) => d.verdict !== 'unmanaged')
        .every((d) => d.reason === 'frozen' && d.detail === 'frozen: incident 42'),
    );
    assert.equal(
      thawed.outcomes.filter((o) => o.type === 'startRollout' && o.result === 'started').length,
      1,
      'the canary starts',
    );
  });

  it('refuses a freeze without a reason, naming the field', async () => {
    await assert.rejects(
      setFreeze(lc().deps, { freeze: true, reason: '  ' }),
      (e: Error) => e instanceof FreezeInputError && /^reason:/.test(e.message),
    );
  });
});
