import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reconcile, summarize } from '../../shared/controller/reconcile';
import {
  groupIdByName,
  publishImage,
  rollingExecutions,
  startLocalController,
  type LocalController,
} from './local-deps';

describe('reconcile', () => {
  let lc: LocalController;
  before(async () => {
    lc = await startLocalController();
  });
  after(async () => {
    await lc.close();
  });

  it('changes nothing while every managed group runs the newest image of its family', async () => {
    // Act
    const report = await reconcile(lc.deps, {});
    // Assess
    assert.equal(report.outcomes.filter((o) => o.type === 'startRollout').length, 0);
    assert.equal(report.decisions.find((d) => d.groupId === groupIdByName(lc, 'web-canary'))?.verdict, 'satisfied');
    assert.equal(report.decisions.find((d) => d.groupId === groupIdByName(lc, 'batch-legacy'))?.verdict, 'unmanaged');
    assert.deepEqual(report.detailedGroupIds, [], 'no group needed its instances read');
  });

  it('starts the canary group first when a new image is published, and a second run is unchanged', async () => {
    // Prepare
    const imageId = publishImage(lc, 'app-base-2026.03.01');
    const canary = groupIdByName(lc, 'web-canary');
    // Act
    const first = await reconcile(lc.deps, {});
    const second = await reconcile(lc.deps, {});
    // Assess
    const started = first.outcomes.filter((o) => o.type === 'startRollout');
    assert.equal(started.length, 1);
    assert.equal(started[0]?.groupId, canary);
    assert.equal(started[0]?.type === 'startRollout' && started[0].result, 'started');
    assert.equal(first.decisions.find((d) => d.groupId === groupIdByName(lc, 'web-prod'))?.reason, 'wave-pending');
    assert.equal(first.decisions.find((d) => d.groupId === groupIdByName(lc, 'api-prod'))?.reason, 'wave-pending');
    assert.equal(summarize(second).started, 0, 'the second run starts nothing');
    assert.ok(second.outcomes.every((o) => o.type !== 'startRollout' || o.result === 'unchanged'));
    assert.equal(second.decisions.find((d) => d.groupId === canary)?.reason, 'rollout-running');
    // The canary's instances are not read while it rolls, yet prod still waits for it.
    assert.equal(second.decisions.find((d) => d.groupId === groupIdByName(lc, 'web-prod'))?.reason, 'wave-pending');
    assert.ok(!second.detailedGroupIds.includes(canary));

    const executions = await rollingExecutions(lc);
    assert.equal(executions.length, 1);
    const execution = executions[0];
    assert.equal(execution?.tags['scaling_group'], canary);
    assert.equal(execution?.parameters['imageId'], imageId);
    assert.equal(execution?.parameters['invokeType'], 'invoke');
    assert.equal(execution?.mode, 'FailurePause');
  });
});
