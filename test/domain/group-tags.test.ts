import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { desiredTagAction, pausedTagAction, plan, rejectedTagAction, tagsWouldChange } from '../../shared/domain/index';
import { NOW, group, policy, snapshot } from './fixtures';

describe('group tag builders', () => {
  it('desired tags use the per-kind key', () => {
    assert.deepEqual(desiredTagAction('asg-1', 'image', 'm-1', 'webhook').tags, { 'rollgate:desired-image': 'm-1' });
    assert.deepEqual(desiredTagAction('asg-1', 'script', 'v2', 'webhook').tags, { 'rollgate:desired-script': 'v2' });
    assert.deepEqual(desiredTagAction('asg-1', 'package', 'agent@1.1', 'webhook').tags, {
      'rollgate:desired-package': 'agent@1.1',
    });
  });

  it('pause and resume overwrite one tag; rejected names the revision', () => {
    assert.deepEqual(pausedTagAction('asg-1', true, 'ops').tags, { 'rollgate:paused': 'true' });
    assert.deepEqual(pausedTagAction('asg-1', false, 'ops').tags, { 'rollgate:paused': 'false' });
    assert.deepEqual(rejectedTagAction('asg-1', 'image', 'm-1', 'gate failed'), {
      type: 'tagGroup',
      groupId: 'asg-1',
      tags: { 'rollgate:rejected-image': 'm-1' },
      reason: 'gate failed',
    });
    assert.deepEqual(rejectedTagAction('asg-1', 'script', 's-2', 'gate failed').tags, {
      'rollgate:rejected-script': 's-2',
    });
  });

  it('a second identical write would change nothing', () => {
    const action = desiredTagAction('asg-1', 'image', 'm-1', 'webhook');
    assert.equal(tagsWouldChange({}, action), true);
    assert.equal(tagsWouldChange({ 'rollgate:desired-image': 'm-0' }, action), true);
    assert.equal(tagsWouldChange({ 'rollgate:desired-image': 'm-1', other: 'x' }, action), false);
  });

  it('round trip: a pause written by the builder pauses the group in plan(); the resume lets it start', () => {
    // Prepare
    const base = group('asg-canary', { wave: 'canary' });
    const paused = { ...base, tags: { ...base.tags, ...pausedTagAction(base.id, true, 'ops').tags } };
    const resumed = { ...base, tags: { ...base.tags, ...pausedTagAction(base.id, false, 'ops').tags } };
    // Act
    const whilePaused = plan(snapshot({ groups: [paused] }), policy(), NOW);
    const afterResume = plan(snapshot({ groups: [resumed] }), policy(), NOW);
    // Assess
    assert.equal(whilePaused.decisions[0]?.reason, 'paused');
    assert.equal(afterResume.decisions[0]?.verdict, 'start');
  });
});
