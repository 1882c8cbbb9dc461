import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { campaignIdFor, campaignProgress, plan } from '../../shared/domain/index';
import { NOW, execution, group, isoAt, policy, snapshot } from './fixtures';

const CAMPAIGN = campaignIdFor('app', 'image', 'm-new');

function fleet(canaryImage: string, prodImage: string, canaryTags: Record<string, string> = {}) {
  return [
    group('asg-canary', {
      wave: 'canary',
      imageId: canaryImage,
      tags: { 'rollgate:managed': 'true', 'rollgate:wave': 'canary', ...canaryTags },
    }),
    group('asg-prod', { wave: 'prod', imageId: prodImage }),
  ];
}

describe('campaignProgress', () => {
  it('in progress while the canary starts and prod waits', () => {
    // Act
    const [progress] = campaignProgress(plan(snapshot({ groups: fleet('m-old', 'm-old') }), policy(), NOW).decisions);
    // Assess
    assert.equal(progress?.campaignId, CAMPAIGN);
    assert.equal(progress?.state, 'in-progress');
    assert.deepEqual(progress?.groups, { total: 2, satisfied: 0, starting: 1, running: 0, rejected: 0, waiting: 1 });
  });

  it('completed when every group runs the revision', () => {
    const [progress] = campaignProgress(plan(snapshot({ groups: fleet('m-new', 'm-new') }), policy(), NOW).decisions);
    assert.equal(progress?.state, 'completed');
    assert.equal(progress?.revision, 'm-new');
    assert.equal(progress?.targetName, 'app');
  });

  it('stopped when the canary rejected the revision and nothing runs it', () => {
    const [progress] = campaignProgress(
      plan(snapshot({ groups: fleet('m-old', 'm-old', { 'rollgate:rejected': 'm-new' }) }), policy(), NOW).decisions,
    );
    assert.equal(progress?.state, 'stopped');
    assert.deepEqual(progress?.rejectedGroupIds, ['asg-canary']);
  });

  it('still in progress while one group is rejected but another still runs it', () => {
    const groups = [
      ...fleet('m-old', 'm-old', { 'rollgate:rejected': 'm-new' }),
      group('asg-canary-2', { wave: 'canary' }),
    ];
    const running = execution('exec-2', 'asg-canary-2', {
      revision: 'm-new',
      status: 'Running',
      startDate: isoAt(-10),
      endDate: undefined,
    });
    const [progress] = campaignProgress(plan(snapshot({ groups, executions: [running] }), policy(), NOW).decisions);
    assert.equal(progress?.state, 'in-progress');
    assert.equal(progress?.groups.running, 1);
  });

  it('not-applicable: groups whose revision is unknown belong to no campaign', () => {
    const unmanaged = plan(snapshot({ groups: [group('asg-x', { tags: {} })] }), policy(), NOW);
    assert.deepEqual(campaignProgress(unmanaged.decisions), []);
  });
});
