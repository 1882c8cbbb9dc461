import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchHold, plan, PolicySchema, type BatchHoldInput, type Policy } from '../../shared/domain/index';
import { NOW, group, snapshot } from './fixtures';

function policyWith(extra: Record<string, unknown>, targetWindows: unknown[] = ['nightly']): Policy {
  return PolicySchema.parse({
    windows: [
      { name: 'nightly', cron: '0 2 * * *', durationMinutes: 120, cutoffMinutes: 30 },
      { name: 'nightly-undo', cron: '0 2 * * *', durationMinutes: 120, resume: 'rollback' },
    ],
    targets: [
      {
        name: 'app',
        select: { tags: { 'rollgate:managed': 'true' } },
        image: { family: 'app-base' },
        windows: targetWindows,
      },
    ],
    ...extra,
  });
}

function input(policy: Policy, now: string, overrides: Partial<BatchHoldInput> = {}): BatchHoldInput {
  return { policy, target: policy.targets[0], groupTags: {}, isRollback: false, now: new Date(now), ...overrides };
}

describe('batchHold', () => {
  const cases: Array<[string, BatchHoldInput, ReturnType<typeof batchHold>]> = [
    ['inside the window before its cutoff: approve', input(policyWith({}), '2026-03-02T03:00:00Z'), { hold: false }],
    [
      'past the cutoff: hold until the next window',
      input(policyWith({}), '2026-03-02T03:45:00Z'),
      {
        hold: true,
        cause: 'window-closed',
        resume: 'next-window',
        window: 'nightly',
        detail:
          'window nightly has no time left for another batch; waiting for window nightly, opens 2026-03-03T02:00Z',
        nextOpensAt: '2026-03-03T02:00:00.000Z',
      },
    ],
    [
      'closed and the window says rollback',
      input(policyWith({}, ['nightly-undo']), '2026-03-02T05:00:00Z'),
      {
        hold: true,
        cause: 'window-closed',
        resume: 'rollback',
        window: 'nightly-undo',
        detail: 'window nightly-undo has no time left for another batch; rolling back',
        nextOpensAt: '2026-03-03T02:00:00.000Z',
      },
    ],
    ['no windows: never held by time', input(policyWith({}, []), '2026-03-02T12:00:00Z'), { hold: false }],
    [
      'policy freeze holds even inside the window',
      input(policyWith({ freeze: { reason: 'incident 42' } }), '2026-03-02T03:00:00Z'),
      { hold: true, cause: 'frozen', detail: 'frozen: incident 42' },
    ],
    [
      'a frozen group tag holds',
      input(policyWith({}, []), '2026-03-02T12:00:00Z', { groupTags: { 'rollgate:frozen': 'db migration' } }),
      { hold: true, cause: 'frozen', detail: 'frozen: db migration' },
    ],
    [
      'rollgate:frozen=false is no freeze',
      input(policyWith({}, []), '2026-03-02T12:00:00Z', { groupTags: { 'rollgate:frozen': 'false' } }),
      { hold: false },
    ],
    [
      'a rollback is never held',
      input(policyWith({ freeze: { reason: 'incident 42' } }), '2026-03-02T05:00:00Z', { isRollback: true }),
      { hold: false },
    ],
    [
      'a target the policy no longer names: only a freeze holds',
      input(policyWith({}), '2026-03-02T05:00:00Z', { target: undefined }),
      { hold: false },
    ],
  ];
  for (const [name, given, expected] of cases) it(name, () => assert.deepEqual(batchHold(given), expected));
});

describe('freeze in plan()', () => {
  it('every group waits frozen with the reason, and nothing starts', () => {
    const policy = policyWith({ freeze: { reason: 'incident 42' } }, []);
    const result = plan(snapshot({ groups: [group('asg-a'), group('asg-b')] }), policy, NOW);
    assert.deepEqual(
      result.decisions.map((d) => [d.groupId, d.verdict, d.reason, d.detail]),
      [
        ['asg-a', 'wait', 'frozen', 'frozen: incident 42'],
        ['asg-b', 'wait', 'frozen', 'frozen: incident 42'],
      ],
    );
    assert.equal(result.actions.filter((a) => a.type === 'startRollout').length, 0);
  });
  it('unfrozen, the same fleet starts', () => {
    const result = plan(snapshot({ groups: [group('asg-a')] }), policyWith({}, []), NOW);
    assert.equal(result.actions.filter((a) => a.type === 'startRollout').length, 1);
  });
});
