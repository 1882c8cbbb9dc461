// The freeze operation on the local cloud: recorded once for the account (an
// OOS common parameter), not per group, so a group brought under management
// after the freeze is frozen too; the reconcile starts nothing while frozen,
// status shows it, and unfreezing lets rollouts start again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FREEZE_PARAMETER, FreezeInputError, setFreeze } from '../../shared/controller/freeze';
import { reconcile } from '../../shared/controller/reconcile';
import { ALL_GROUPS } from '../../shared/controller/snapshot/read-snapshot';
import { freeze, OperationError, status, unfreeze } from '../../shared/operations/index';
import { groupIdByName, localControllerPerTest, publishImage } from './local-deps';

describe('freeze / unfreeze', () => {
  const lc = localControllerPerTest();

  it('records the freeze once, writes no group tag, and a second freeze is unchanged', async () => {
    const { deps, cloud, calls } = lc();
    // Act
    const first = await freeze(deps, { reason: 'incident 42' });
    const second = await freeze(deps, { reason: 'incident 42' });
    // Assess
    assert.equal(first.result, 'updated');
    assert.equal(second.result, 'unchanged');
    assert.equal(second.reason, 'incident 42');
    assert.equal(calls.get('oos:CreateParameter'), 1);
    assert.equal(calls.get('oos:UpdateParameter'), undefined, 'the second freeze wrote nothing');
    assert.equal(calls.get('ess:TagResources'), undefined, 'no group is tagged');
    const parameter = await lc().clients.oos.getParameter({ name: FREEZE_PARAMETER });
    assert.equal(parameter.value, 'incident 42');
    assert.ok(
      cloud
        .world()
        .ess.listGroups()
        .every((g) => g.tags['rollgate:frozen'] === undefined),
    );
  });

  it('starts nothing while frozen, status says so, and rollouts start again once unfrozen', async () => {
    const { deps } = lc();
    publishImage(lc(), 'app-base-2026.03.02');
    await freeze(deps, { reason: 'incident 42' });
    // Act
    const frozen = await reconcile(deps, ALL_GROUPS);
    const shown = await status(deps);
    const lifted = await unfreeze(deps);
    const liftedAgain = await unfreeze(deps);
    const thawed = await reconcile(deps, ALL_GROUPS);
    const after = await status(deps);
    // Assess
    assert.equal(frozen.outcomes.filter((o) => o.type === 'startRollout').length, 0);
    assert.ok(
      frozen.decisions
        .filter((d) => d.verdict !== 'unmanaged')
        .every((d) => d.reason === 'frozen' && d.detail === 'frozen: incident 42'),
    );
    assert.equal(shown.freeze?.reason, 'incident 42');
    assert.equal(shown.freeze?.by, 'operation');
    assert.equal(Date.parse(shown.freeze?.since ?? ''), lc().cloud.clock.now(), 'since the freeze was recorded');
    assert.deepEqual([lifted.result, liftedAgain.result], ['updated', 'unchanged']);
    assert.equal(
      thawed.outcomes.filter((o) => o.type === 'startRollout' && o.result === 'started').length,
      1,
      'the canary starts',
    );
    assert.equal(after.freeze, undefined);
  });

  it('freezes a group brought under management after the freeze', async () => {
    const { deps, cloud } = lc();
    await freeze(deps, { reason: 'incident 42' });
    // Act: batch-legacy joins the app target only now
    const legacyId = groupIdByName(lc(), 'batch-legacy');
    cloud.world().ess.tagGroup(legacyId, { 'rollgate:managed': 'true' });
    const report = await reconcile(deps, ALL_GROUPS);
    // Assess
    const legacy = report.decisions.filter((d) => d.groupId === legacyId && d.verdict !== 'unmanaged');
    assert.ok(legacy.length > 0, 'batch-legacy is managed');
    assert.ok(
      legacy.every((d) => d.reason === 'frozen'),
      JSON.stringify(legacy),
    );
  });

  it('a freeze in the policy file is not lifted by unfreeze, and says so', async () => {
    const { deps } = lc();
    const policyFrozen = { ...deps, policy: { ...deps.policy, freeze: { reason: 'change freeze for the holidays' } } };
    // Act
    const report = await unfreeze(policyFrozen);
    const shown = await status(policyFrozen);
    // Assess
    assert.equal(report.policyFreeze, 'change freeze for the holidays');
    assert.deepEqual(shown.freeze, { reason: 'change freeze for the holidays', by: 'policy' });
  });

  it('refuses a freeze without a reason, naming the field', async () => {
    await assert.rejects(
      freeze(lc().deps, {}),
      (e: Error) => OperationError.is(e) && e.code === 'bad-request' && e.field === 'reason',
    );
    await assert.rejects(
      setFreeze(lc().deps, { freeze: true, reason: '  ' }),
      (e: Error) => e instanceof FreezeInputError && /^reason:/.test(e.message),
    );
  });
});
