import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  clientTokenFor,
  campaignIdFor,
  plan,
  PolicySchema,
  type Policy,
  type Action,
  type EmitAction,
  type PlanResult,
  type StartRolloutAction,
  type TagGroupAction,
  type WaitAction,
} from '../../shared/domain/index';
import { NOW, execution, group, image, isoAt, policy, snapshot } from './fixtures';

const PROCESSES = ['ScaleIn', 'ScaleOut', 'HealthCheck', 'AlarmNotification', 'ScheduledAction'];

const starts = (r: PlanResult): StartRolloutAction[] =>
  r.actions.filter((a): a is StartRolloutAction => a.type === 'startRollout');
const waits = (r: PlanResult): WaitAction[] => r.actions.filter((a): a is WaitAction => a.type === 'wait');
const emits = (r: PlanResult): EmitAction[] => r.actions.filter((a): a is EmitAction => a.type === 'emit');
const tagWrites = (r: PlanResult): TagGroupAction[] =>
  r.actions.filter((a): a is TagGroupAction => a.type === 'tagGroup');
const waitOf = (r: PlanResult, groupId: string): string | undefined =>
  waits(r).find((w) => w.groupId === groupId)?.reason;

/** The demo fleet: one canary and two prod groups on m-old; m-new is the newest app-base image. */
function demoFleet(imageIds: { canary?: string; prod?: string } = {}) {
  return [
    group('asg-canary', { wave: 'canary', imageId: imageIds.canary ?? 'm-old' }),
    group('asg-prod-1', { wave: 'prod', imageId: imageIds.prod ?? 'm-old' }),
    group('asg-prod-2', { wave: 'prod', imageId: imageIds.prod ?? 'm-old' }),
  ];
}

describe('plan: a new image rolls out in waves', () => {
  it('starts the canary with the exact OOS parameters, tags and ids; prod waits for the canary', () => {
    // Prepare
    const snap = snapshot({ groups: demoFleet() });
    // Act
    const result = plan(snap, policy(), NOW);
    // Assess
    const [start, ...more] = starts(result);
    assert.equal(more.length, 0);
    const campaignId = campaignIdFor('app', 'image', 'm-new');
    assert.deepEqual(start, {
      type: 'startRollout',
      groupId: 'asg-canary',
      targetName: 'app',
      kind: 'image',
      revision: 'm-new',
      attempt: 1,
      templateName: 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup',
      parameters: {
        invokeType: 'invoke',
        scalingGroupId: 'asg-canary',
        scalingConfigurationId: 'asc-asg-canary',
        imageId: 'm-new',
        sourceImageId: 'm-old',
        enterProcess: PROCESSES,
        exitProcess: PROCESSES,
        batchNumber: 3,
        batchPauseOption: 'EveryBatchPause',
        maxErrors: 0,
      },
      tags: {
        scaling_group: 'asg-canary',
        'rollgate:campaign': campaignId,
        'rollgate:kind': 'image',
        'rollgate:revision': 'm-new',
        'rollgate:attempt': '1',
      },
      clientToken: clientTokenFor('asg-canary', undefined),
      campaignId,
      description: `rollgate: image m-new on canary (target app, campaign ${campaignId}, attempt 1)`,
    });
    assert.equal(waitOf(result, 'asg-prod-1'), 'wave-pending');
    assert.equal(waitOf(result, 'asg-prod-2'), 'wave-pending');
    const [started] = emits(result);
    assert.equal(started?.event.type, 'campaign.started');
    assert.equal(started?.event.campaignId, campaignId);
    assert.deepEqual(
      result.decisions.map((d) => [d.groupId, d.verdict, d.reason]),
      [
        ['asg-canary', 'start', 'start'],
        ['asg-prod-1', 'wait', 'wave-pending'],
        ['asg-prod-2', 'wait', 'wave-pending'],
      ],
    );
  });

  it('is deterministic: the same snapshot planned twice gives the same actions (a repeated start is a no-op by ClientToken)', () => {
    const snap = snapshot({ groups: demoFleet() });
    assert.deepEqual(plan(snap, policy(), NOW), plan(structuredClone(snap), policy(), NOW));
  });

  it('waits while the canary rollout runs (same event twice changes nothing)', () => {
    // Prepare: the start went through; the execution is running.
    const running = execution('exec-1', 'asg-canary', {
      revision: 'm-new',
      status: 'Running',
      startDate: isoAt(-30),
      endDate: undefined,
    });
    const snap = snapshot({ groups: demoFleet(), executions: [running] });
    // Act
    const first = plan(snap, policy(), NOW);
    const second = plan(snap, policy(), NOW);
    // Assess
    assert.equal(starts(first).length, 0);
    assert.equal(waitOf(first, 'asg-canary'), 'rollout-running');
    assert.equal(emits(first).length, 0);
    assert.deepEqual(first, second);
  });

  it('a canary whose final bake is still checked, or failed and is held, holds itself and the prod wave', () => {
    // Prepare
    const done = execution('exec-1', 'asg-canary', { revision: 'm-new', status: 'Success', endDate: isoAt(-600) });
    const fleet = (state: 'baking' | 'held') =>
      demoFleet({ canary: 'm-new' }).map((g) =>
        g.id === 'asg-canary' ? { ...g, finalBake: { executionId: 'exec-1', state } } : g,
      );
    for (const state of ['baking', 'held'] as const) {
      // Act
      const result = plan(snapshot({ groups: fleet(state), executions: [done] }), policy(), NOW);
      // Assess
      assert.equal(waitOf(result, 'asg-canary'), 'rollout-running', state);
      assert.equal(waitOf(result, 'asg-prod-1'), 'wave-pending', state);
      assert.equal(starts(result).length, 0, state);
    }
  });

  it('soaks after the canary succeeded, then starts both prod groups (two slots)', () => {
    // Prepare
    const done = execution('exec-1', 'asg-canary', { revision: 'm-new', status: 'Success', endDate: isoAt(-60) });
    const groups = demoFleet({ canary: 'm-new' });
    // Act
    const soaking = plan(snapshot({ groups, executions: [done] }), policy(), NOW);
    const soaked = plan(snapshot({ groups, executions: [{ ...done, endDate: isoAt(-120) }] }), policy(), NOW);
    // Assess
    assert.equal(waitOf(soaking, 'asg-prod-1'), 'soaking');
    assert.equal(waits(soaking).find((w) => w.groupId === 'asg-prod-1')?.recheckAt, isoAt(60));
    assert.deepEqual(
      starts(soaked).map((s) => s.groupId),
      ['asg-prod-1', 'asg-prod-2'],
    );
    assert.equal(soaked.decisions.find((d) => d.groupId === 'asg-canary')?.verdict, 'satisfied');
    // The campaign already started with the canary: no second campaign.started.
    assert.equal(emits(soaked).length, 0);
  });

  it('maxConcurrentGroups 1: one prod group starts, the other waits for a slot', () => {
    const groups = demoFleet({ canary: 'm-new' });
    const result = plan(snapshot({ groups }), policy({ maxConcurrentGroups: 1 }), NOW);
    assert.deepEqual(
      starts(result).map((s) => s.groupId),
      ['asg-prod-1'],
    );
    assert.equal(waitOf(result, 'asg-prod-2'), 'concurrency-limit');
  });

  it('a running execution of a managed group takes a slot, even one rollgate did not start', () => {
    const groups = [...demoFleet({ canary: 'm-new' }), group('asg-canary-2', { wave: 'canary', imageId: 'm-new' })];
    const busy = execution('exec-x', 'asg-canary-2', {
      status: 'Waiting',
      templateName: 'ACS-ESS-RollingUpdateByRunCommandInScalingGroup',
    });
    const result = plan(snapshot({ groups, executions: [busy] }), policy({ maxConcurrentGroups: 2 }), NOW);
    assert.deepEqual(
      starts(result).map((s) => s.groupId),
      ['asg-prod-1'],
    );
    assert.equal(waitOf(result, 'asg-prod-2'), 'concurrency-limit');
  });

  it('an unmanaged group updating takes no slot', () => {
    const groups = [...demoFleet({ canary: 'm-new' }), group('asg-other', { tags: { team: 'x' } })];
    const busy = execution('exec-x', 'asg-other', { status: 'Waiting' });
    const result = plan(snapshot({ groups, executions: [busy] }), policy({ maxConcurrentGroups: 2 }), NOW);
    assert.deepEqual(
      starts(result).map((s) => s.groupId),
      ['asg-prod-1', 'asg-prod-2'],
    );
    assert.equal(result.decisions.find((d) => d.groupId === 'asg-other')?.verdict, 'unmanaged');
  });

  it('does nothing once every group is on the newest image', () => {
    const result = plan(snapshot({ groups: demoFleet({ canary: 'm-new', prod: 'm-new' }) }), policy(), NOW);
    assert.deepEqual(result.actions, []);
    assert.ok(result.decisions.every((d) => d.verdict === 'satisfied'));
  });
});

describe('plan: images are resolved from the snapshot, events only nudge', () => {
  it('an older image published after a newer one changes nothing: the newest Available image wins', () => {
    // Prepare: m-older was registered last (its event arrived last) but was created earlier.
    const images = [
      image('m-new', '2026-03-01T00:00:00Z'),
      image('m-older', '2026-02-01T00:00:00Z'),
      image('m-old', '2026-01-01T00:00:00Z'),
    ];
    const result = plan(snapshot({ groups: demoFleet({ canary: 'm-new', prod: 'm-new' }), images }), policy(), NOW);
    assert.deepEqual(result.actions, []);
  });

  it('an image still Creating is not desired yet', () => {
    const images = [
      image('m-old', '2026-01-01T00:00:00Z'),
      image('m-new', '2026-03-01T00:00:00Z', { status: 'Creating' }),
    ];
    const result = plan(snapshot({ groups: demoFleet(), images }), policy(), NOW);
    assert.equal(starts(result).length, 0);
    assert.ok(result.decisions.every((d) => d.verdict === 'satisfied'));
  });

  it('no image of the family: the group waits with the reason', () => {
    const result = plan(
      snapshot({ groups: demoFleet(), images: [image('m-x', '2026-01-01T00:00:00Z', { family: 'other' })] }),
      policy(),
      NOW,
    );
    assert.equal(waitOf(result, 'asg-canary'), 'no-desired-revision');
  });

  it('image name pattern and image tags narrow the choice', () => {
    const images = [
      image('m-new', '2026-03-01T00:00:00Z', { name: 'app-nightly-3' }),
      image('m-rel', '2026-02-15T00:00:00Z', { name: 'app-release-2', tags: { channel: 'stable' } }),
    ];
    const result = plan(
      snapshot({ groups: demoFleet(), images }),
      policy({}, { image: { namePattern: 'app-release-*', tags: { channel: 'stable' } }, waves: [] }),
      NOW,
    );
    assert.deepEqual([...new Set(starts(result).map((s) => s.revision))], ['m-rel']);
  });

  it('a desired-image group tag (written by the webhook) pins the group, even against a newer family image', () => {
    const canary = group('asg-canary', {
      wave: 'canary',
      tags: { 'rollgate:managed': 'true', 'rollgate:wave': 'canary', 'rollgate:desired-image': 'm-mid' },
    });
    const images = [
      image('m-old', '2026-01-01T00:00:00Z'),
      image('m-mid', '2026-02-01T00:00:00Z'),
      image('m-new', '2026-03-01T00:00:00Z'),
    ];
    const result = plan(snapshot({ groups: [canary], images }), policy(), NOW);
    assert.equal(starts(result)[0]?.revision, 'm-mid');
  });
});

describe('plan: half-finished and repeated state', () => {
  it('an execution started but the group not yet tagged: waits for it, starts nothing else, twice the same', () => {
    // Prepare: a webhook started m-mid on the canary and stopped before writing rollgate:desired-image.
    const images = [
      image('m-old', '2026-01-01T00:00:00Z'),
      image('m-mid', '2026-02-01T00:00:00Z'),
      image('m-new', '2026-03-01T00:00:00Z'),
    ];
    const started = execution('exec-mid', 'asg-canary', {
      revision: 'm-mid',
      status: 'Started',
      startDate: isoAt(-5),
      endDate: undefined,
    });
    const snap = snapshot({ groups: demoFleet(), images, executions: [started] });
    // Act
    const first = plan(snap, policy(), NOW);
    const second = plan(snap, policy(), NOW);
    // Assess
    assert.equal(starts(first).length, 0);
    assert.equal(waitOf(first, 'asg-canary'), 'rollout-running');
    assert.deepEqual(first, second);
  });

  it('the same StartExecution answered twice (start retried after a lost response) is one execution: nothing more starts', () => {
    const running = execution('exec-1', 'asg-canary', {
      revision: 'm-new',
      status: 'Running',
      startDate: isoAt(-5),
      endDate: undefined,
    });
    const result = plan(snapshot({ groups: demoFleet(), executions: [running, { ...running }] }), policy(), NOW);
    assert.equal(starts(result).length, 0);
  });

  it('a rollout that succeeded but whose image is no longer in place (configuration changed by hand) re-rolls with a new attempt', () => {
    const done = execution('exec-1', 'asg-canary', { revision: 'm-new', status: 'Success', endDate: isoAt(-600) });
    const result = plan(
      snapshot({ groups: [group('asg-canary', { wave: 'canary', imageId: 'm-old' })], executions: [done] }),
      policy(),
      NOW,
    );
    const [start] = starts(result);
    assert.equal(start?.attempt, 2);
    assert.notEqual(start?.clientToken, clientTokenFor('asg-canary', undefined));
    assert.equal(start?.clientToken, clientTokenFor('asg-canary', 'exec-1'), 'the rollout that follows exec-1');
  });

  it('instances the gate found off the image when the rollout ended re-roll the same image once, after that rollout', () => {
    const done = execution('exec-1', 'asg-canary', { revision: 'm-new', status: 'Success', endDate: isoAt(-600) });
    // The stand-ins of an unread group carry the configuration's image: only the tag tells what the gate saw.
    const tagged = (value: string) =>
      group('asg-canary', {
        wave: 'canary',
        imageId: 'm-new',
        tags: { 'rollgate:managed': 'true', 'rollgate:wave': 'canary', 'rollgate:behind': value },
      });
    const behind = plan(snapshot({ groups: [tagged('exec-1/1')], executions: [done] }), policy(), NOW);
    const [start] = starts(behind);
    assert.equal(start?.revision, 'm-new');
    assert.equal(start?.attempt, 2);
    assert.equal(start?.clientToken, clientTokenFor('asg-canary', 'exec-1'), 'the rollout that follows exec-1');
    // The follow-up succeeded: the tag names an older execution and nothing starts again.
    const again = execution('exec-2', 'asg-canary', {
      revision: 'm-new',
      status: 'Success',
      startDate: isoAt(-300),
      endDate: isoAt(-60),
      attempt: 2,
    });
    const after = plan(snapshot({ groups: [tagged('exec-1/1')], executions: [again, done] }), policy(), NOW);
    assert.equal(after.decisions[0]?.verdict, 'satisfied');
    for (const value of ['exec-1/0', 'exec-1/x', 'exec-1']) {
      const none = plan(snapshot({ groups: [tagged(value)], executions: [done] }), policy(), NOW);
      assert.equal(none.decisions[0]?.verdict, 'satisfied', value);
    }
  });

  it('instances left in Standby by a failed batch are not counted; the InService ones still decide', () => {
    const g = group('asg-canary', {
      wave: 'canary',
      imageId: 'm-new',
      instances: [
        { id: 'i-1', lifecycleState: 'InService', healthStatus: 'Healthy', imageId: 'm-new' },
        { id: 'i-2', lifecycleState: 'Standby', healthStatus: 'Healthy', imageId: 'm-old' },
      ],
    });
    const result = plan(snapshot({ groups: [g] }), policy(), NOW);
    assert.equal(result.decisions[0]?.verdict, 'satisfied');
  });
});

describe('plan: failures, attempts and rejection', () => {
  it('retries a failed revision with the next attempt: new ClientToken, same campaign', () => {
    const failed = execution('exec-1', 'asg-canary', { revision: 'm-new', status: 'Failed' });
    const result = plan(snapshot({ groups: demoFleet(), executions: [failed] }), policy(), NOW);
    const [start] = starts(result);
    assert.equal(start?.attempt, 2);
    assert.equal(start?.tags['rollgate:attempt'], '2');
    assert.equal(start?.clientToken, clientTokenFor('asg-canary', 'exec-1'));
    assert.notEqual(start?.clientToken, clientTokenFor('asg-canary', undefined));
    assert.equal(start?.campaignId, campaignIdFor('app', 'image', 'm-new'));
  });

  it('half-finished rollback: tags the group rejected and says so once; the next plan only waits', () => {
    // Prepare
    const executions = [
      execution('exec-1', 'asg-canary', { revision: 'm-new', status: 'Cancelled', startDate: isoAt(-900) }),
      execution('exec-rb', 'asg-canary', {
        status: 'Success',
        startDate: isoAt(-600),
        parameters: { invokeType: 'rollback', sourceExecutionId: 'exec-1' },
      }),
    ];
    // Act
    const first = plan(snapshot({ groups: demoFleet(), executions }), policy(), NOW);
    const tagged = demoFleet().map((g) =>
      g.id === 'asg-canary' ? { ...g, tags: { ...g.tags, 'rollgate:rejected-image': 'm-new' } } : g,
    );
    const second = plan(snapshot({ groups: tagged, executions }), policy(), NOW);
    // Assess
    assert.deepEqual(tagWrites(first), [
      {
        type: 'tagGroup',
        groupId: 'asg-canary',
        tags: { 'rollgate:rejected-image': 'm-new' },
        reason: 'rolled back by exec-rb',
      },
    ]);
    assert.deepEqual(
      emits(first).map((e) => [e.event.type, e.event.groupId, e.event.revision, e.event.campaignId]),
      [['revision.rejected', 'asg-canary', 'm-new', campaignIdFor('app', 'image', 'm-new')]],
    );
    assert.equal(waitOf(first, 'asg-canary'), 'rejected-revision');
    assert.equal(starts(first).length, 0);
    assert.equal(tagWrites(second).length, 0);
    assert.equal(emits(second).length, 0);
    assert.equal(waitOf(second, 'asg-canary'), 'rejected-revision');
    // prod never rolls a revision the canary rejected.
    assert.equal(waitOf(second, 'asg-prod-1'), 'wave-pending');
  });

  it('a newer image after a rejected one rolls out again', () => {
    const canary = group('asg-canary', {
      wave: 'canary',
      tags: { 'rollgate:managed': 'true', 'rollgate:wave': 'canary', 'rollgate:rejected': 'm-new' },
    });
    const images = [
      image('m-old', '2026-01-01T00:00:00Z'),
      image('m-new', '2026-03-01T00:00:00Z'),
      image('m-fix', '2026-03-01T12:00:00Z'),
    ];
    const result = plan(snapshot({ groups: [canary], images }), policy(), NOW);
    assert.equal(starts(result)[0]?.revision, 'm-fix');
  });

  it('attempts exhausted: rejects instead of starting a third time', () => {
    const executions = [
      execution('exec-1', 'asg-canary', { revision: 'm-new', status: 'Failed', startDate: isoAt(-900) }),
      execution('exec-2', 'asg-canary', { revision: 'm-new', attempt: 2, status: 'Failed', startDate: isoAt(-600) }),
    ];
    const result = plan(snapshot({ groups: demoFleet(), executions }), policy(), NOW);
    assert.equal(starts(result).length, 0);
    assert.equal(waitOf(result, 'asg-canary'), 'attempts-exhausted');
    assert.equal(tagWrites(result)[0]?.tags['rollgate:rejected-image'], 'm-new');
  });
});

describe('plan: rejections are kept per kind', () => {
  const twoKinds = (): Policy =>
    PolicySchema.parse({
      maxConcurrentGroups: 2,
      targets: [
        { name: 'app', select: { tags: { 'rollgate:managed': 'true' } }, image: { family: 'app-base' } },
        {
          name: 'agent',
          select: { tags: { 'rollgate:managed': 'true' } },
          script: { revisions: [{ revision: 's-2', content: 'echo 2' }] },
        },
      ],
    });

  it('a rolled-back script is rejected in its own tag, and the rejected image stays rejected', () => {
    // Arrange: the image m-new was rejected earlier; now the script s-2 was rolled back.
    const canary = group('asg-canary', {
      wave: 'canary',
      tags: { 'rollgate:managed': 'true', 'rollgate:rejected-image': 'm-new' },
    });
    const executions = [
      execution('exec-s', 'asg-canary', {
        revision: 's-2',
        kind: 'script',
        templateName: 'ACS-ESS-RollingUpdateByRunCommandInScalingGroup',
        status: 'Cancelled',
        startDate: isoAt(-900),
      }),
      execution('exec-rb', 'asg-canary', {
        templateName: 'ACS-ESS-RollingUpdateByRunCommandInScalingGroup',
        status: 'Success',
        startDate: isoAt(-600),
        parameters: { invokeType: 'rollback', sourceExecutionId: 'exec-s' },
      }),
    ];
    // Act
    const result = plan(snapshot({ groups: [canary], executions }), twoKinds(), NOW);
    // Assess
    assert.deepEqual(tagWrites(result), [
      {
        type: 'tagGroup',
        groupId: 'asg-canary',
        tags: { 'rollgate:rejected-script': 's-2' },
        reason: 'rolled back by exec-rb',
      },
    ]);
    assert.deepEqual(
      result.decisions.map((d) => [d.kind, d.verdict, d.reason]),
      [
        ['image', 'wait', 'rejected-revision'],
        ['script', 'wait', 'rejected-revision'],
      ],
    );
  });

  it('the shared rejection tag of earlier releases still rejects its revision', () => {
    const canary = group('asg-canary', {
      wave: 'canary',
      tags: { 'rollgate:managed': 'true', 'rollgate:rejected': 'm-new' },
    });
    const result = plan(snapshot({ groups: [canary] }), twoKinds(), NOW);
    assert.deepEqual(
      result.decisions.map((d) => [d.kind, d.verdict, d.reason]),
      [
        ['image', 'wait', 'rejected-revision'],
        ['script', 'start', 'start'],
      ],
    );
  });
});

describe('plan: group state blocks a start', () => {
  const cases: Array<[string, Parameters<typeof group>[1], string]> = [
    [
      'a scaling activity in progress',
      { wave: 'canary', scalingActivities: [{ id: 'act-1', statusCode: 'InProgress' }] },
      'scaling-activity',
    ],
    ['no InService instance', { wave: 'canary', instances: [] }, 'no-instances'],
    [
      'paused by tag',
      { wave: 'canary', tags: { 'rollgate:managed': 'true', 'rollgate:wave': 'canary', 'rollgate:paused': 'true' } },
      'paused',
    ],
    ['a region without OOS', { wave: 'canary', regionId: 'cn-heyuan' }, 'region-unsupported'],
    ['an inactive group', { wave: 'canary', lifecycleState: 'Inactive' }, 'group-inactive'],
  ];
  for (const [name, overrides, reason] of cases) {
    it(`${name} → wait ${reason}, and the group takes no slot`, () => {
      const result = plan(
        snapshot({ groups: [group('asg-canary', overrides), group('asg-canary-2', { wave: 'canary' })] }),
        policy({ maxConcurrentGroups: 1 }),
        NOW,
      );
      assert.equal(waitOf(result, 'asg-canary'), reason);
      assert.deepEqual(
        starts(result).map((s) => s.groupId),
        ['asg-canary-2'],
      );
    });
  }

  it('outside the maintenance window: waits with the next opening as recheck time', () => {
    const result = plan(
      snapshot({ groups: demoFleet() }),
      policy({}, { windows: [{ cron: '0 22 * * *', durationMinutes: 120, timeZone: 'UTC' }] }),
      NOW,
    );
    const wait = waits(result).find((w) => w.groupId === 'asg-canary');
    assert.equal(wait?.reason, 'window-closed');
    assert.equal(wait?.recheckAt, '2026-03-02T22:00:00.000Z');
  });
});

describe('plan: scripts and packages', () => {
  it('starts a script rollout with the RunCommand template parameters (no maxErrors)', () => {
    const p = policy(
      {},
      {
        image: undefined,
        waves: [],
        rollout: { batchPercent: 50 },
        script: {
          revisions: [
            { revision: 'v1', content: 'echo 1' },
            { revision: 'v2', content: 'systemctl restart app', rollbackScript: 'systemctl restart app-old' },
          ],
        },
      },
    );
    const result = plan(snapshot({ groups: [group('asg-a')] }), p, NOW);
    const [start] = starts(result);
    assert.equal(start?.templateName, 'ACS-ESS-RollingUpdateByRunCommandInScalingGroup');
    assert.equal(start?.revision, 'v2');
    assert.deepEqual(start?.parameters, {
      invokeType: 'invoke',
      scalingGroupId: 'asg-a',
      commandType: 'RunShellScript',
      invokeScript: 'systemctl restart app',
      rollbackScript: 'systemctl restart app-old',
      enterProcess: PROCESSES,
      exitProcess: PROCESSES,
      batchNumber: 2,
      batchPauseOption: 'EveryBatchPause',
    });
  });

  it('a desired-script tag picks a listed revision; an unknown one waits', () => {
    const p = policy(
      {},
      {
        image: undefined,
        waves: [],
        script: {
          revisions: [
            { revision: 'v1', content: 'echo 1' },
            { revision: 'v2', content: 'echo 2' },
          ],
        },
      },
    );
    const pinned = group('asg-a', { tags: { 'rollgate:managed': 'true', 'rollgate:desired-script': 'v1' } });
    const unknown = group('asg-b', { tags: { 'rollgate:managed': 'true', 'rollgate:desired-script': 'v9' } });
    const result = plan(snapshot({ groups: [pinned, unknown] }), p, NOW);
    assert.equal(starts(result)[0]?.revision, 'v1');
    assert.equal(waitOf(result, 'asg-b'), 'unknown-revision');
  });

  it('a script revision already rolled out is satisfied', () => {
    const p = policy(
      {},
      { image: undefined, waves: [], script: { revisions: [{ revision: 'v2', content: 'echo 2' }] } },
    );
    const done = execution('exec-1', 'asg-a', {
      revision: 'v2',
      kind: 'script',
      templateName: 'ACS-ESS-RollingUpdateByRunCommandInScalingGroup',
    });
    const result = plan(snapshot({ groups: [group('asg-a')], executions: [done] }), p, NOW);
    assert.deepEqual(result.actions, []);
  });

  it('starts a package rollout with the ConfigureOOSPackage parameters and the pinned version', () => {
    const p = policy(
      {},
      {
        image: undefined,
        waves: [],
        rollout: { oosAssumeRole: 'OOSServiceRole' },
        package: { name: 'agent', version: '1.0' },
      },
    );
    const pinned = group('asg-a', { tags: { 'rollgate:managed': 'true', 'rollgate:desired-package': 'agent@1.1' } });
    const [start] = starts(plan(snapshot({ groups: [pinned] }), p, NOW));
    assert.equal(start?.templateName, 'ACS-ESS-RollingUpdateByConfigureOOSPackage');
    assert.equal(start?.revision, 'agent@1.1');
    assert.deepEqual(start?.parameters, {
      invokeType: 'invoke',
      scalingGroupId: 'asg-a',
      packageName: 'agent',
      packageVersion: '1.1',
      action: 'install',
      enterProcess: PROCESSES,
      exitProcess: PROCESSES,
      batchNumber: 5,
      batchPauseOption: 'EveryBatchPause',
      OOSAssumeRole: 'OOSServiceRole',
    });
  });
});

describe('plan: several targets', () => {
  it('two targets of the same kind selecting one group: neither starts', () => {
    const p = policy({
      targets: [
        { name: 'a', select: { ids: ['asg-a'] }, image: { family: 'app-base' } },
        { name: 'b', select: { tags: { 'rollgate:managed': 'true' } }, image: { family: 'app-base' } },
      ],
    });
    const result = plan(snapshot({ groups: [group('asg-a')] }), p, NOW);
    assert.equal(starts(result).length, 0);
    assert.deepEqual(
      waits(result).map((w) => w.reason),
      ['target-conflict', 'target-conflict'],
    );
  });

  it('an image and a script target on one group: only one rollout starts per plan', () => {
    const p = policy({
      maxConcurrentGroups: 5,
      targets: [
        { name: 'img', select: { ids: ['asg-a'] }, image: { family: 'app-base' } },
        { name: 'cfg', select: { ids: ['asg-a'] }, script: { revisions: [{ revision: 'v1', content: 'true' }] } },
      ],
    });
    const result = plan(snapshot({ groups: [group('asg-a')] }), p, NOW);
    assert.deepEqual(
      starts(result).map((s) => s.targetName),
      ['img'],
    );
    assert.equal(waitOf(result, 'asg-a'), 'rollout-running');
  });

  it('every action is one of the closed kinds', () => {
    const result = plan(snapshot({ groups: demoFleet() }), policy(), NOW);
    const kinds: ReadonlyArray<Action['type']> = ['startRollout', 'wait', 'tagGroup', 'emit'];
    assert.ok(result.actions.every((a) => kinds.includes(a.type)));
  });
});
