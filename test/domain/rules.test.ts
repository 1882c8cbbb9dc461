// One table per planner rule: compliant / non-compliant / not-applicable cases.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  attemptsLeft,
  concurrencyAvailable,
  groupActive,
  groupNotPaused,
  hasInServiceInstances,
  hasScalingConfiguration,
  historyIndex,
  targetMembers,
  kindOf,
  noRolloutRunning,
  noScalingActivity,
  notSatisfied,
  regionSupported,
  resolveDesired,
  revisionNotRejected,
  singleTarget,
  waveReady,
  windowOpen,
  type DesiredRevision,
  type GroupContext,
  type GroupSnapshot,
  type PolicyInput,
  type RevisionContext,
  type RuleVerdict,
  type Snapshot,
} from '../../shared/domain/index';
import { NOW, execution, group, image, instance, isoAt, policy, snapshot } from './fixtures';

interface CaseInput {
  group?: GroupSnapshot;
  snapshot?: Partial<Snapshot>;
  policy?: Partial<PolicyInput>;
  target?: Record<string, unknown>;
  competingTargets?: string[];
  concurrency?: { inUse: number; limit: number };
  now?: Date;
  desired?: DesiredRevision;
  startingGroups?: string[];
}

function groupContext(c: CaseInput): GroupContext {
  const g = c.group ?? group('asg-a');
  const snap = snapshot({ ...c.snapshot, groups: c.snapshot?.groups ?? [g] });
  const p = policy(c.policy, c.target);
  const target = p.targets[0]!;
  const historyOf = historyIndex(snap);
  return {
    group: g,
    target,
    kind: kindOf(target),
    competingTargets: c.competingTargets ?? [],
    policy: p,
    snapshot: snap,
    history: historyOf(g.id),
    historyOf,
    targetMembers: targetMembers(target, snap.groups),
    now: c.now ?? NOW,
  };
}

function revisionContext(c: CaseInput): RevisionContext {
  const ctx = groupContext(c);
  let desired = c.desired;
  if (desired === undefined) {
    const r = resolveDesired(ctx.target, ctx.kind, ctx.group, ctx.snapshot.images);
    assert.ok(r.ok, 'test setup: desired revision must resolve');
    desired = r.desired;
  }
  return {
    ...ctx,
    desired,
    concurrency: c.concurrency ?? { inUse: 0, limit: 2 },
    startingGroups: new Set(c.startingGroups ?? []),
    waveCache: new Map(),
  };
}

type Expect = 'compliant' | 'not-applicable' | 'satisfied' | { wait: string; actions?: string[] };

function check(verdict: RuleVerdict, expected: Expect): void {
  if (expected === 'compliant' || expected === 'not-applicable') {
    assert.equal(verdict.verdict, expected, JSON.stringify(verdict));
    return;
  }
  assert.equal(verdict.verdict, 'non-compliant', JSON.stringify(verdict));
  if (verdict.verdict !== 'non-compliant') return;
  if (expected === 'satisfied') {
    assert.equal(verdict.outcome, 'satisfied');
    return;
  }
  assert.equal(verdict.outcome, 'wait');
  if (verdict.outcome !== 'wait') return;
  assert.equal(verdict.reason, expected.wait);
  assert.deepEqual(
    (verdict.actions ?? []).map((a) => a.type),
    expected.actions ?? [],
  );
}

function table<C>(
  ruleName: string,
  rule: (ctx: C) => RuleVerdict,
  build: (c: CaseInput) => C,
  cases: Array<[string, CaseInput, Expect]>,
): void {
  describe(ruleName, () => {
    for (const [name, input, expected] of cases) {
      it(name, () => {
        // Prepare
        const ctx = build(input);
        // Act
        const verdict = rule(ctx);
        // Assess
        check(verdict, expected);
      });
    }
  });
}

const onNew = (id: string, extra: Partial<GroupSnapshot> = {}): GroupSnapshot =>
  group(id, { imageId: 'm-new', ...extra });

table('regionSupported', regionSupported, groupContext, [
  ['compliant: cn-hangzhou has OOS', { group: group('asg-a') }, 'compliant'],
  [
    'non-compliant: cn-qingdao has no OOS',
    { group: group('asg-a', { regionId: 'cn-qingdao' }) },
    { wait: 'region-unsupported' },
  ],
  [
    'non-compliant: me-east-1 has no OOS',
    { group: group('asg-a', { regionId: 'me-east-1' }) },
    { wait: 'region-unsupported' },
  ],
]);

table('groupActive', groupActive, groupContext, [
  ['compliant: Active', {}, 'compliant'],
  ['non-compliant: Inactive', { group: group('asg-a', { lifecycleState: 'Inactive' }) }, { wait: 'group-inactive' }],
  ['non-compliant: Deleting', { group: group('asg-a', { lifecycleState: 'Deleting' }) }, { wait: 'group-inactive' }],
]);

table('singleTarget', singleTarget, groupContext, [
  ['compliant: one target of this kind', {}, 'compliant'],
  [
    'non-compliant: another image target selects the group',
    { competingTargets: ['other'] },
    { wait: 'target-conflict' },
  ],
]);

table('groupNotPaused', groupNotPaused, groupContext, [
  ['compliant: no paused tag', {}, 'compliant'],
  [
    'compliant: rollgate:paused=false',
    { group: group('asg-a', { tags: { 'rollgate:managed': 'true', 'rollgate:paused': 'false' } }) },
    'compliant',
  ],
  [
    'non-compliant: rollgate:paused=true',
    { group: group('asg-a', { tags: { 'rollgate:managed': 'true', 'rollgate:paused': 'true' } }) },
    { wait: 'paused' },
  ],
  [
    'non-compliant: rollgate:paused with a note',
    { group: group('asg-a', { tags: { 'rollgate:managed': 'true', 'rollgate:paused': 'incident-42' } }) },
    { wait: 'paused' },
  ],
]);

table('noRolloutRunning', noRolloutRunning, revisionContext, [
  ['compliant: no executions', {}, 'compliant'],
  [
    'compliant: only finished executions',
    {
      snapshot: {
        executions: [execution('e1', 'asg-a', { status: 'Failed' }), execution('e2', 'asg-a', { status: 'Success' })],
      },
    },
    'compliant',
  ],
  [
    'compliant: another group is running',
    { snapshot: { executions: [execution('e1', 'asg-b', { status: 'Running' })] } },
    'compliant',
  ],
  ...(['Started', 'Queued', 'Running', 'Waiting'] as const).map((status): [string, CaseInput, Expect] => [
    `non-compliant: an execution is ${status}`,
    { snapshot: { executions: [execution('e1', 'asg-a', { status })] } },
    { wait: 'rollout-running' },
  ]),
  [
    'non-compliant: another target starts a rollout on this group in this plan',
    { startingGroups: ['asg-a'] },
    { wait: 'rollout-running' },
  ],
  [
    'non-compliant: a rolling update not started by rollgate is running',
    {
      snapshot: {
        executions: [
          execution('e1', 'asg-a', {
            status: 'Running',
            templateName: 'ACS-ESS-RollingUpdateByRunCommandInScalingGroup',
          }),
        ],
      },
    },
    { wait: 'rollout-running' },
  ],
]);

table('revisionNotRejected', revisionNotRejected, revisionContext, [
  ['compliant: nothing rejected', {}, 'compliant'],
  [
    'compliant: an older revision is rejected',
    { group: group('asg-a', { tags: { 'rollgate:managed': 'true', 'rollgate:rejected': 'm-old' } }) },
    'compliant',
  ],
  [
    'non-compliant: group tag rejects the desired image',
    { group: group('asg-a', { tags: { 'rollgate:managed': 'true', 'rollgate:rejected': 'm-new' } }) },
    { wait: 'rejected-revision' },
  ],
  [
    'non-compliant: image tag rejects it for every group',
    { snapshot: { images: [image('m-new', '2026-03-01T00:00:00Z', { tags: { 'rollgate:rejected': 'true' } })] } },
    { wait: 'rejected-revision' },
  ],
  [
    'non-compliant, half-finished: rolled back but the group not yet tagged → tag and emit',
    {
      snapshot: {
        executions: [
          execution('e-inv', 'asg-a', { revision: 'm-new', status: 'Cancelled', startDate: isoAt(-900) }),
          execution('e-rb', 'asg-a', {
            status: 'Success',
            startDate: isoAt(-600),
            parameters: { invokeType: 'rollback', sourceExecutionId: 'e-inv' },
          }),
        ],
      },
    },
    { wait: 'rejected-revision', actions: ['tagGroup', 'emit'] },
  ],
  [
    'compliant: a rollback of a different revision',
    {
      snapshot: {
        executions: [
          execution('e-inv', 'asg-a', { revision: 'm-mid', status: 'Cancelled' }),
          execution('e-rb', 'asg-a', {
            status: 'Success',
            parameters: { invokeType: 'rollback', sourceExecutionId: 'e-inv' },
          }),
        ],
      },
    },
    'compliant',
  ],
]);

table('notSatisfied', notSatisfied, revisionContext, [
  ['compliant: instances and configuration on the old image', {}, 'compliant'],
  ['non-compliant (satisfied): everything on the desired image', { group: onNew('asg-a') }, 'satisfied'],
  [
    'compliant: configuration updated but one instance still old',
    { group: onNew('asg-a', { instances: [instance('i-1', 'm-new'), instance('i-2', 'm-old')] }) },
    'compliant',
  ],
  [
    'compliant: instances on the new image but configuration still old',
    { group: group('asg-a', { instances: [instance('i-1', 'm-new')] }) },
    'compliant',
  ],
  [
    'non-compliant (satisfied): non-InService instances do not count',
    {
      group: onNew('asg-a', {
        instances: [instance('i-1', 'm-new'), instance('i-2', 'm-old', { lifecycleState: 'Standby' })],
      }),
    },
    'satisfied',
  ],
  [
    'compliant: instance images unknown and no successful rollout',
    { group: onNew('asg-a', { instances: [instance('i-1', undefined)] }) },
    'compliant',
  ],
  [
    'non-compliant (satisfied): instance images unknown but a rollout of it succeeded',
    {
      group: onNew('asg-a', { instances: [instance('i-1', undefined)] }),
      snapshot: { executions: [execution('e1', 'asg-a', { revision: 'm-new' })] },
    },
    'satisfied',
  ],
  [
    'non-compliant (satisfied): script revision rolled out successfully',
    {
      target: { image: undefined, script: { revisions: [{ revision: 'v2', content: 'echo 2' }] } },
      snapshot: { executions: [execution('e1', 'asg-a', { revision: 'v2', kind: 'script' })] },
    },
    'satisfied',
  ],
  [
    'compliant: script revision succeeded, then a rollback ran',
    {
      target: { image: undefined, script: { revisions: [{ revision: 'v2', content: 'echo 2' }] } },
      snapshot: {
        executions: [
          execution('e1', 'asg-a', { revision: 'v2', kind: 'script', startDate: isoAt(-900) }),
          execution('e2', 'asg-a', {
            kind: 'script',
            revision: 'v2',
            startDate: isoAt(-300),
            parameters: { invokeType: 'rollback', sourceExecutionId: 'e1' },
          }),
        ],
      },
    },
    'compliant',
  ],
  [
    'compliant: package version failed',
    {
      target: { image: undefined, package: { name: 'agent', version: '2.0' } },
      snapshot: {
        executions: [execution('e1', 'asg-a', { revision: 'agent@2.0', kind: 'package', status: 'Failed' })],
      },
    },
    'compliant',
  ],
]);

table('attemptsLeft', attemptsLeft, revisionContext, [
  ['compliant: no failures', {}, 'compliant'],
  [
    'compliant: one failure of two attempts',
    { snapshot: { executions: [execution('e1', 'asg-a', { revision: 'm-new', status: 'Failed' })] } },
    'compliant',
  ],
  [
    'non-compliant: two failed or cancelled attempts → reject',
    {
      snapshot: {
        executions: [
          execution('e1', 'asg-a', { revision: 'm-new', status: 'Failed' }),
          execution('e2', 'asg-a', { revision: 'm-new', attempt: 2, status: 'Cancelled' }),
        ],
      },
    },
    { wait: 'attempts-exhausted', actions: ['tagGroup', 'emit'] },
  ],
  [
    'compliant: failures of another revision do not count',
    {
      snapshot: {
        executions: [
          execution('e1', 'asg-a', { revision: 'm-mid', status: 'Failed' }),
          execution('e2', 'asg-a', { revision: 'm-mid', status: 'Failed' }),
        ],
      },
    },
    'compliant',
  ],
]);

table('hasScalingConfiguration', hasScalingConfiguration, revisionContext, [
  ['compliant: image rollout with a scaling configuration', {}, 'compliant'],
  [
    'non-compliant: image rollout on a launch-template group',
    { group: group('asg-a', { activeScalingConfiguration: undefined }) },
    { wait: 'no-scaling-configuration' },
  ],
  [
    'not-applicable: script rollout',
    {
      target: { image: undefined, script: { revisions: [{ revision: 'v1', content: 'true' }] } },
      group: group('asg-a', { activeScalingConfiguration: undefined }),
    },
    'not-applicable',
  ],
]);

table('noScalingActivity', noScalingActivity, revisionContext, [
  ['compliant: no activities', {}, 'compliant'],
  [
    'compliant: only finished activities',
    {
      group: group('asg-a', {
        scalingActivities: [
          { id: 'act-1', statusCode: 'Successful' },
          { id: 'act-2', statusCode: 'Failed' },
        ],
      }),
    },
    'compliant',
  ],
  [
    'non-compliant: an activity in progress',
    { group: group('asg-a', { scalingActivities: [{ id: 'act-1', statusCode: 'InProgress' }] }) },
    { wait: 'scaling-activity' },
  ],
]);

table('hasInServiceInstances', hasInServiceInstances, revisionContext, [
  ['compliant: InService instances', {}, 'compliant'],
  [
    'compliant: one InService among others',
    {
      group: group('asg-a', {
        instances: [instance('i-1', 'm-old', { lifecycleState: 'Pending' }), instance('i-2', 'm-old')],
      }),
    },
    'compliant',
  ],
  ['non-compliant: no instances at all', { group: group('asg-a', { instances: [] }) }, { wait: 'no-instances' }],
  [
    'non-compliant: only Standby and Pending instances',
    {
      group: group('asg-a', {
        instances: [
          instance('i-1', 'm-old', { lifecycleState: 'Standby' }),
          instance('i-2', 'm-old', { lifecycleState: 'Pending' }),
        ],
      }),
    },
    { wait: 'no-instances' },
  ],
]);

const canary = (id: string, imageId = 'm-old'): GroupSnapshot => group(id, { imageId, wave: 'canary' });
const prod = (id: string, imageId = 'm-old'): GroupSnapshot => group(id, { imageId, wave: 'prod' });

table('waveReady', waveReady, revisionContext, [
  ['not-applicable: first wave', { group: canary('asg-c') }, 'not-applicable'],
  ['not-applicable: target without waves', { target: { waves: [] } }, 'not-applicable'],
  [
    'non-compliant: group in no wave',
    { group: group('asg-x', { tags: { 'rollgate:managed': 'true' } }) },
    { wait: 'not-in-wave' },
  ],
  [
    'non-compliant: canary not yet on the revision',
    { group: prod('asg-p'), snapshot: { groups: [canary('asg-c'), prod('asg-p')] } },
    { wait: 'wave-pending' },
  ],
  [
    'non-compliant: canary done but still soaking',
    {
      group: prod('asg-p'),
      snapshot: {
        groups: [canary('asg-c', 'm-new'), prod('asg-p')],
        executions: [execution('e1', 'asg-c', { revision: 'm-new', endDate: isoAt(-60) })],
      },
    },
    { wait: 'soaking' },
  ],
  [
    'compliant: canary done and soaked',
    {
      group: prod('asg-p'),
      snapshot: {
        groups: [canary('asg-c', 'm-new'), prod('asg-p')],
        executions: [execution('e1', 'asg-c', { revision: 'm-new', endDate: isoAt(-121) })],
      },
    },
    'compliant',
  ],
  [
    'compliant: canary already on it without a rollout (nothing to soak)',
    { group: prod('asg-p'), snapshot: { groups: [canary('asg-c', 'm-new'), prod('asg-p')] } },
    'compliant',
  ],
  [
    'compliant: an empty canary group does not hold prod back',
    { group: prod('asg-p'), snapshot: { groups: [group('asg-c', { wave: 'canary', instances: [] }), prod('asg-p')] } },
    'compliant',
  ],
  [
    'non-compliant: canary on a different revision',
    {
      group: prod('asg-p'),
      snapshot: {
        groups: [canary('asg-c', 'm-mid'), prod('asg-p')],
        images: [image('m-mid', '2026-02-01T00:00:00Z'), image('m-new', '2026-03-01T00:00:00Z')],
      },
    },
    { wait: 'wave-pending' },
  ],
  [
    'compliant: groups of other targets do not count',
    {
      group: prod('asg-p'),
      snapshot: { groups: [group('asg-c', { wave: 'canary', tags: { 'rollgate:wave': 'canary' } }), prod('asg-p')] },
    },
    'compliant',
  ],
]);

table('windowOpen', windowOpen, revisionContext, [
  ['not-applicable: no windows', {}, 'not-applicable'],
  [
    'compliant: inside a window with room (03:00 UTC, window 02:00-06:00)',
    { target: { windows: [{ cron: '0 2 * * *', durationMinutes: 240 }] } },
    'compliant',
  ],
  [
    'non-compliant: outside every window',
    { target: { windows: [{ cron: '0 22 * * *', durationMinutes: 60 }] } },
    { wait: 'window-closed' },
  ],
  [
    'non-compliant: estimate does not fit (3 batches × (300 + 60) s > 1 h left)',
    { target: { windows: [{ cron: '0 2 * * *', durationMinutes: 61 }] } },
    { wait: 'window-closed' },
  ],
  [
    'non-compliant: blackout date',
    { target: { windows: [{ cron: '0 2 * * *', durationMinutes: 240, blackoutDates: ['2026-03-02'] }] } },
    { wait: 'window-closed' },
  ],
  [
    'non-compliant: outside a named policy window',
    {
      policy: { windows: [{ name: 'nightly', cron: '0 22 * * *', durationMinutes: 60, timeZone: 'Asia/Shanghai' }] },
      target: { windows: ['nightly'] },
    },
    { wait: 'window-closed' },
  ],
  // 10 min left: the policy default (3 batches × (300 + 60) s) does not fit, the group's own 60 s batches do.
  [
    'non-compliant: the policy default estimate does not fit the 10 min left',
    { target: { windows: [{ cron: '0 2 * * *', durationMinutes: 70 }] } },
    { wait: 'window-closed' },
  ],
  [
    "compliant: the group's own finished rollouts (3 batches in 3 min) fit the 10 min left",
    {
      target: { windows: [{ cron: '0 2 * * *', durationMinutes: 70 }] },
      snapshot: {
        executions: [
          execution('exec-1', 'asg-a', {
            revision: 'm-old',
            parameters: { invokeType: 'invoke', batchNumber: 3 },
            startDate: isoAt(-86400),
            endDate: isoAt(-86400 + 180),
          }),
        ],
      },
    },
    'compliant',
  ],
  [
    "non-compliant: the group's own slow rollouts (3 batches in 2 h) do not fit even a generous default",
    {
      target: { windows: [{ cron: '0 2 * * *', durationMinutes: 120 }], rollout: { instanceSeconds: 1 } },
      snapshot: {
        executions: [
          execution('exec-1', 'asg-a', {
            revision: 'm-old',
            parameters: { invokeType: 'invoke', batchNumber: 3 },
            startDate: isoAt(-86400),
            endDate: isoAt(-86400 + 7200),
          }),
        ],
      },
    },
    { wait: 'window-closed' },
  ],
]);

table('concurrencyAvailable', concurrencyAvailable, revisionContext, [
  ['compliant: a slot is free', { concurrency: { inUse: 1, limit: 2 } }, 'compliant'],
  ['non-compliant: every slot taken', { concurrency: { inUse: 2, limit: 2 } }, { wait: 'concurrency-limit' }],
]);

describe('windowOpen recheck time', () => {
  it('asks to re-plan when the window next opens', () => {
    const verdict = windowOpen(revisionContext({ target: { windows: [{ cron: '0 22 * * *', durationMinutes: 60 }] } }));
    assert.equal(
      verdict.verdict === 'non-compliant' && verdict.outcome === 'wait' && verdict.recheckAt,
      '2026-03-02T22:00:00.000Z',
    );
  });
  it("says which window it waits for and when it opens, in the window's zone", () => {
    const verdict = windowOpen(
      revisionContext({
        policy: { windows: [{ name: 'nightly', cron: '0 22 * * *', durationMinutes: 60, timeZone: 'Asia/Shanghai' }] },
        target: { windows: ['nightly'] },
      }),
    );
    assert.equal(
      verdict.verdict === 'non-compliant' && verdict.outcome === 'wait' && verdict.detail,
      'waiting for window nightly, opens 2026-03-02T22:00+08:00',
    );
  });
});
