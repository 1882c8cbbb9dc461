import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { executePlan } from '../../shared/controller/execute/execute-plan';
import { reconcile, reconcileStep } from '../../shared/controller/reconcile';
import { readSnapshot } from '../../shared/controller/snapshot/read-snapshot';
import { makeEvent } from '../../shared/domain/events';
import type { Action } from '../../shared/domain/actions';
import {
  groupIdByName,
  publishImage,
  rollingExecutions,
  startLocalController,
  type LocalController,
} from './local-deps';

async function setFaults(lc: LocalController, body: unknown): Promise<void> {
  const response = await fetch(`${lc.cloud.url}/_local/faults`, {
    method: body === null ? 'DELETE' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === null ? undefined : JSON.stringify(body),
  });
  assert.equal(response.status, 200);
}

describe('write order and transient failures', () => {
  let lc: LocalController;
  before(async () => {
    lc = await startLocalController();
  });
  after(async () => {
    await lc.close();
  });

  it('does not tag a group or announce its rollout when the start failed', async () => {
    // Prepare
    const groupId = groupIdByName(lc, 'web-canary');
    const { snapshot } = await readSnapshot(lc.clients, lc.deps.policy, {}, { regionId: lc.cloud.regionId });
    const actions: Action[] = [
      {
        type: 'startRollout',
        groupId,
        targetName: 'app',
        kind: 'image',
        revision: 'm-doesnotexist00000001',
        attempt: 1,
        templateName: 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup',
        parameters: { invokeType: 'invoke', scalingGroupId: groupId, imageId: 'm-doesnotexist00000001' },
        tags: {
          scaling_group: groupId,
          'rollgate:campaign': 'camp-test',
          'rollgate:kind': 'image',
          'rollgate:revision': 'm-doesnotexist00000001',
          'rollgate:attempt': '1',
        },
        clientToken: 'test-token-1',
        campaignId: 'camp-test',
        description: 'test',
      },
      { type: 'tagGroup', groupId, tags: { 'rollgate:desired-image': 'm-doesnotexist00000001' }, reason: 'test' },
      {
        type: 'emit',
        event: makeEvent({ type: 'rollout.started', at: '2026-03-02T08:00:00Z', groupId, message: 'test' }),
      },
    ];
    await setFaults(lc, { rules: [{ product: 'oos', action: 'StartExecution', serverErrorShare: 1 }] });
    // Act
    const outcomes = await executePlan(
      {
        clients: lc.clients,
        snapshot,
        eventsTopic: lc.deps.eventsTopic,
        log: lc.deps.log,
        now: new Date(lc.deps.now()),
      },
      actions,
    );
    await setFaults(lc, null);
    // Assess
    assert.deepEqual(
      outcomes.map((o) => [o.type, 'action' in o ? o.action : '']),
      [
        ['failed', 'startRollout'],
        ['skipped', 'tagGroup'],
        ['skipped', 'emit'],
      ],
    );
    const group = lc.cloud.world().ess.getGroup(groupId);
    assert.equal(group.tags['rollgate:desired-image'], undefined, 'the group was not tagged');
  });

  it('does not announce a campaign whose only start failed', async () => {
    // Prepare
    const groupId = groupIdByName(lc, 'web-canary');
    const { snapshot } = await readSnapshot(lc.clients, lc.deps.policy, {}, { regionId: lc.cloud.regionId });
    const revision = 'm-doesnotexist00000002';
    const actions: Action[] = [
      {
        type: 'startRollout',
        groupId,
        targetName: 'app',
        kind: 'image',
        revision,
        attempt: 1,
        templateName: 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup',
        parameters: { invokeType: 'invoke', scalingGroupId: groupId, imageId: revision },
        tags: {
          scaling_group: groupId,
          'rollgate:campaign': 'camp-failed',
          'rollgate:kind': 'image',
          'rollgate:revision': revision,
          'rollgate:attempt': '1',
        },
        clientToken: 'test-token-2',
        campaignId: 'camp-failed',
        description: 'test',
      },
      {
        type: 'emit',
        event: makeEvent({
          type: 'campaign.started',
          at: '2026-03-02T08:00:00Z',
          campaignId: 'camp-failed',
          revision,
          message: 'test',
        }),
      },
    ];
    await setFaults(lc, { rules: [{ product: 'oos', action: 'StartExecution', serverErrorShare: 1 }] });
    // Act
    const outcomes = await executePlan(
      {
        clients: lc.clients,
        snapshot,
        eventsTopic: lc.deps.eventsTopic,
        log: lc.deps.log,
        now: new Date(lc.deps.now()),
      },
      actions,
    );
    await setFaults(lc, null);
    // Assess
    assert.deepEqual(
      outcomes.map((o) => [o.type, 'action' in o ? o.action : '']),
      [
        ['failed', 'startRollout'],
        ['skipped', 'emit'],
      ],
    );
  });

  it('announces a campaign only for the groups a scoped reconcile starts', async () => {
    // Prepare: a new image that web-canary (the first wave) would take, but the scope names another group only.
    publishImage(lc, 'app-base-2026.02.15', 60_000);
    const prodId = groupIdByName(lc, 'web-prod');
    // Act
    const report = await reconcile(lc.deps, { groupIds: [prodId] });
    // Assess
    assert.equal(report.outcomes.filter((o) => o.type === 'startRollout').length, 0, 'nothing in scope starts');
    assert.deepEqual(
      report.outcomes.filter((o) => o.type === 'emit').map((o) => (o.type === 'emit' ? o.eventType : '')),
      [],
      'no campaign.started for a start that was not made',
    );
  });

  it('asks for redelivery when the cloud keeps failing, and the repeat finishes the work', async () => {
    // Prepare
    publishImage(lc, 'app-base-2026.03.01');
    await setFaults(lc, { rules: [{ product: 'oos', action: 'StartExecution', serverErrorShare: 1 }] });
    // Act
    const failed = await reconcileStep(lc.deps, {});
    await setFaults(lc, null);
    const repeated = await reconcileStep(lc.deps, {});
    const again = await reconcileStep(lc.deps, {});
    // Assess
    assert.equal(failed.kind, 'retry');
    assert.match(failed.kind === 'retry' ? failed.error.name : '', /CloudError/);
    assert.equal(repeated.kind === 'done' && repeated.summary['started'], 1);
    assert.equal(again.kind === 'done' && again.summary['started'], 0, 'a third run is unchanged');
    assert.equal((await rollingExecutions(lc)).length, 1);
  });
});
