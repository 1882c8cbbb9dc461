// The reconcile leaves the recorded freeze, the policy's images and the
// groups' configurations unread when `sourcesDecide` says they decide nothing
// about the groups in scope. Table: for each snapshot where that read is
// skipped, the plan of what the lazy read holds (no configurations, no
// images, no recorded freeze) decides and acts exactly as the plan of the
// full read; where it is not skipped, the table says so, and when skipping
// would have changed the plan, that it would have.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  plan,
  sourcesDecide,
  withRecordedFreeze,
  type Action,
  type GroupSnapshot,
  type PlanResult,
  type Policy,
  type Snapshot,
} from '../../shared/domain/index';
import { NOW, execution, group, image, policy, snapshot } from './fixtures';

interface Case {
  groups: GroupSnapshot[];
  executions?: Snapshot['executions'];
  images?: Snapshot['images'];
  policy?: Policy;
  /** The freeze the parameter records (read only with the sources). */
  recordedFreeze?: string;
  /** The groups the reconcile may act on; every group when unset. */
  scope?: string[];
  /** Whether the lazy read leaves the sources unread. */
  skips: boolean;
  /** For a case that reads them: skipping would have changed the plan. */
  skippingWouldChange?: boolean;
}

/** What the lazy read holds: the groups (tags, state, final bake) and the executions; no configuration, no image. */
function lazyRead(full: Snapshot): Snapshot {
  return {
    ...full,
    images: [],
    groups: full.groups.map((g) => {
      const { activeScalingConfiguration: _unread, ...rest } = g;
      return { ...rest, instances: g.instances.map(({ imageId: _unknown, ...i }) => i) };
    }),
  };
}

/** A plan as the reconcile acts on it: decisions and actions of the groups in scope (groupless events kept). */
function inScope(result: PlanResult, scope: ReadonlySet<string> | undefined): PlanResult {
  if (scope === undefined) return result;
  const groupOf = (a: Action) => (a.type === 'emit' ? a.event.groupId : a.groupId);
  return {
    decisions: result.decisions.filter((d) => scope.has(d.groupId)),
    actions: result.actions.filter((a) => groupOf(a) === undefined || scope.has(groupOf(a) ?? '')),
  };
}

const running = (id: string, groupId: string, revision = 'm-new') =>
  execution(id, groupId, { status: 'Running', revision, startDate: '2026-03-02T02:55:00Z', endDate: undefined });
const unmanaged = group('asg-other', { tags: { team: 'data' } });
const closedWindow = policy({}, { windows: [{ cron: '0 22 * * *', durationMinutes: 120, timeZone: 'UTC' }] });
const inFlightCanary = group('asg-canary', { wave: 'canary' });
const prod = (id: string) => group(id, { wave: 'prod' });

const CASES: Array<[string, Case]> = [
  [
    'the only managed group has its rollout running, beside an unmanaged group',
    { groups: [inFlightCanary, unmanaged], executions: [running('e1', 'asg-canary')], skips: true },
  ],
  [
    'a rollout running during a recorded freeze',
    {
      groups: [inFlightCanary],
      executions: [running('e1', 'asg-canary')],
      recordedFreeze: 'incident 42',
      skips: true,
    },
  ],
  [
    'a rollout running on a group frozen by its tag',
    {
      groups: [group('asg-canary', { tags: { 'rollgate:managed': 'true', 'rollgate:frozen': 'incident 7' } })],
      executions: [running('e1', 'asg-canary')],
      skips: true,
    },
  ],
  [
    'a rollout running on a paused group',
    {
      groups: [group('asg-canary', { tags: { 'rollgate:managed': 'true', 'rollgate:paused': 'true' } })],
      executions: [running('e1', 'asg-canary')],
      recordedFreeze: 'incident 42',
      skips: true,
    },
  ],
  [
    'a newer image arrives mid-rollout',
    {
      groups: [inFlightCanary],
      executions: [running('e1', 'asg-canary', 'm-mid')],
      images: [
        image('m-old', '2026-01-01T00:00:00Z'),
        image('m-mid', '2026-02-01T00:00:00Z'),
        image('m-new', '2026-03-01T00:00:00Z'),
      ],
      skips: true,
    },
  ],
  [
    'a rollout not started by rollgate is running',
    {
      groups: [inFlightCanary],
      executions: [{ ...running('e1', 'asg-canary'), tags: { scaling_group: 'asg-canary' } }],
      skips: true,
    },
  ],
  [
    'a group in its final bake (held)',
    {
      groups: [group('asg-canary', { imageId: 'm-new', finalBake: { executionId: 'e1', state: 'held' } })],
      executions: [execution('e1', 'asg-canary', { revision: 'm-new' })],
      recordedFreeze: 'incident 42',
      skips: true,
    },
  ],
  [
    'every group in flight while the window is closed',
    {
      groups: [inFlightCanary, prod('asg-prod-1')],
      executions: [running('e1', 'asg-canary'), running('e2', 'asg-prod-1')],
      policy: closedWindow,
      skips: true,
    },
  ],
  [
    'an inactive group and an unmanaged one',
    { groups: [group('asg-canary', { lifecycleState: 'Inactive' }), unmanaged], skips: true },
  ],
  ['an unmanaged group only', { groups: [unmanaged], recordedFreeze: 'incident 42', skips: true }],
  [
    'a reconcile of the running canary alone, prod idle outside its scope',
    {
      groups: [inFlightCanary, prod('asg-prod-1'), prod('asg-prod-2')],
      executions: [running('e1', 'asg-canary')],
      recordedFreeze: 'incident 42',
      scope: ['asg-canary'],
      skips: true,
    },
  ],
  [
    'read: an idle group during a recorded freeze reads frozen',
    { groups: [inFlightCanary], recordedFreeze: 'incident 42', skips: false, skippingWouldChange: true },
  ],
  [
    'read: an idle paused group (a freeze would decide it first)',
    {
      groups: [group('asg-canary', { tags: { 'rollgate:managed': 'true', 'rollgate:paused': 'true' } })],
      skips: false,
    },
  ],
  [
    'read: an idle group waiting for the window',
    { groups: [inFlightCanary], policy: closedWindow, skips: false, skippingWouldChange: true },
  ],
  [
    'read: the canary running, prod idle in scope',
    {
      groups: [inFlightCanary, prod('asg-prod-1')],
      executions: [running('e1', 'asg-canary')],
      skips: false,
    },
  ],
  ['read: a new image for an idle group', { groups: [inFlightCanary], skips: false, skippingWouldChange: true }],
];

describe('plan: the lazy read decides as the full read', () => {
  for (const [name, c] of CASES) {
    it(name, () => {
      // Prepare
      const filePolicy = c.policy ?? policy();
      const full = snapshot({
        groups: c.groups,
        executions: c.executions ?? [],
        ...(c.images === undefined ? {} : { images: c.images }),
      });
      const fullPolicy = withRecordedFreeze(
        filePolicy,
        c.recordedFreeze === undefined ? undefined : { reason: c.recordedFreeze },
      );
      const scope = c.scope === undefined ? undefined : new Set(c.scope);
      const lazy = lazyRead(full);
      // Act
      const skips = !sourcesDecide(lazy, filePolicy, (g) => scope === undefined || scope.has(g.id), NOW);
      const fullPlan = inScope(plan(full, fullPolicy, NOW), scope);
      const lazyPlan = inScope(plan(lazy, filePolicy, NOW), scope);
      // Assess
      assert.equal(skips, c.skips, 'whether the sources are left unread');
      if (c.skips) assert.deepEqual(lazyPlan, fullPlan);
      if (c.skippingWouldChange === true) assert.notDeepEqual(lazyPlan, fullPlan);
      if (c.recordedFreeze !== undefined && !c.skips)
        assert.ok(fullPlan.decisions.every((d) => d.verdict === 'unmanaged' || d.reason === 'frozen'));
    });
  }

  it('a group whose rollout runs reads rollout-running with the running revision, frozen or not', () => {
    // Prepare
    const snap = snapshot({ groups: [inFlightCanary], executions: [running('e1', 'asg-canary', 'm-mid')] });
    // Act
    const frozen = plan(snap, policy({ freeze: { reason: 'incident 42' } }), NOW);
    // Assess
    assert.deepEqual(
      frozen.decisions.map((d) => [d.groupId, d.verdict, d.reason, d.revision]),
      [['asg-canary', 'wait', 'rollout-running', 'm-mid']],
    );
    assert.equal(frozen.actions.filter((a) => a.type === 'startRollout').length, 0);
  });
});
