import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextWake, type Action } from '../../shared/domain/index';

const NOW = new Date('2026-03-02T03:00:00Z');
const waitUntil = (
  groupId: string,
  recheckAt: string | undefined,
  reason: 'window-closed' | 'soaking' = 'window-closed',
): Action => ({
  type: 'wait',
  groupId,
  reason,
  detail: `waiting for ${groupId}`,
  ...(recheckAt === undefined ? {} : { recheckAt }),
});

describe('nextWake', () => {
  const cases: Array<[string, Action[], ReturnType<typeof nextWake>]> = [
    ['nothing waits for a time: no wake', [waitUntil('asg-a', undefined)], undefined],
    ['beyond the horizon: the timer sees it first', [waitUntil('asg-a', '2026-03-02T03:02:01Z')], undefined],
    ['already due: nothing to wait for', [waitUntil('asg-a', '2026-03-02T03:00:00Z')], undefined],
    [
      'the earliest near recheck, rounded up to whole seconds',
      [waitUntil('asg-b', '2026-03-02T03:01:30Z', 'soaking'), waitUntil('asg-a', '2026-03-02T03:00:42.300Z')],
      {
        at: '2026-03-02T03:00:42.300Z',
        delaySeconds: 43,
        groupIds: ['asg-a'],
        reason: 'window-closed: waiting for asg-a',
      },
    ],
    [
      'every group waiting for that instant is named',
      [
        waitUntil('asg-b', '2026-03-02T03:01:00Z'),
        waitUntil('asg-a', '2026-03-02T03:01:00Z'),
        { type: 'tagGroup', groupId: 'asg-c', tags: {}, reason: 'x' },
      ],
      {
        at: '2026-03-02T03:01:00.000Z',
        delaySeconds: 60,
        groupIds: ['asg-a', 'asg-b'],
        reason: 'window-closed: waiting for asg-b',
      },
    ],
  ];
  for (const [name, actions, expected] of cases)
    it(name, () => assert.deepEqual(nextWake(actions, NOW, 120), expected));
});
