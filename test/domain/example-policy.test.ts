import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parsePolicy, plan, type StartRolloutAction } from '../../shared/domain/index';
import { NOW, execution, group, isoAt, snapshot } from './fixtures';

describe('rollgate.yaml on the demo fleet', () => {
  it('rolls the newest app-base image to the canary first, three batches, then prod after the 120 s soak', () => {
    // Prepare
    const parsed = parsePolicy(readFileSync(new URL('../../rollgate.yaml', import.meta.url), 'utf8'));
    assert.ok(parsed.ok);
    const fleet = [
      group('asg-canary', { wave: 'canary' }),
      group('asg-prod-1', { wave: 'prod' }),
      group('asg-prod-2', { wave: 'prod' }),
    ];
    // Act
    const first = plan(snapshot({ groups: fleet }), parsed.policy, NOW);
    const canaryDone = fleet.map((g) =>
      g.id === 'asg-canary' ? group('asg-canary', { wave: 'canary', imageId: 'm-new' }) : g,
    );
    const afterSoak = plan(
      snapshot({
        groups: canaryDone,
        executions: [execution('exec-1', 'asg-canary', { revision: 'm-new', endDate: isoAt(-120) })],
      }),
      parsed.policy,
      NOW,
    );
    // Assess
    const firstStarts = first.actions.filter((a): a is StartRolloutAction => a.type === 'startRollout');
    assert.deepEqual(
      firstStarts.map((s) => [s.groupId, s.revision, s.parameters['batchNumber'], s.parameters['batchPauseOption']]),
      [['asg-canary', 'm-new', 3, 'EveryBatchPause']],
    );
    assert.deepEqual(
      afterSoak.actions.filter((a) => a.type === 'startRollout').map((a) => a.groupId),
      ['asg-prod-1', 'asg-prod-2'],
    );
  });
});
