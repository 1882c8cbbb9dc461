import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  estimateRolloutSeconds,
  maintenanceWindowOpen,
  NamedWindowSchema,
  nextOpening,
  observedBatchSeconds,
  parsePolicy,
  targetWindows,
  windowStopsBatch,
  WindowSchema,
  type ExecutionSnapshot,
  type NamedWindow,
} from '../../shared/domain/index';

function window(input: Record<string, unknown>): NamedWindow {
  return NamedWindowSchema.parse({ name: 'nightly', ...input });
}

// 02:00-04:00 Asia/Shanghai (UTC+8) = 18:00-20:00 UTC the day before.
const NIGHTLY_SHANGHAI = window({ cron: '0 2 * * *', durationMinutes: 120, timeZone: 'Asia/Shanghai' });

type Verdict = ReturnType<typeof maintenanceWindowOpen>;

describe('maintenanceWindowOpen', () => {
  it('compliant: no windows configured means always open', () => {
    assert.deepEqual(maintenanceWindowOpen([], new Date('2026-03-02T12:00:00Z'), 99999), { open: true });
  });

  const cases: Array<{ name: string; windows: NamedWindow[]; now: string; estimate: number; expected: Verdict }> = [
    {
      name: 'open inside the window, with its closing time',
      windows: [NIGHTLY_SHANGHAI],
      now: '2026-03-01T18:30:00Z',
      estimate: 600,
      expected: {
        open: true,
        window: 'nightly',
        closesAt: '2026-03-01T20:00:00.000Z',
        cutoffAt: '2026-03-01T20:00:00.000Z',
      },
    },
    {
      name: 'open at the exact opening instant',
      windows: [NIGHTLY_SHANGHAI],
      now: '2026-03-01T18:00:00Z',
      estimate: 7200,
      expected: {
        open: true,
        window: 'nightly',
        closesAt: '2026-03-01T20:00:00.000Z',
        cutoffAt: '2026-03-01T20:00:00.000Z',
      },
    },
    {
      name: 'closed outside the window: waiting for it, with the opening in its own zone',
      windows: [NIGHTLY_SHANGHAI],
      now: '2026-03-01T12:00:00Z',
      estimate: 600,
      expected: {
        open: false,
        reason: 'outside-window',
        detail: 'waiting for window nightly, opens 2026-03-02T02:00+08:00',
        nextOpensAt: '2026-03-01T18:00:00.000Z',
        nextWindow: 'nightly',
      },
    },
    {
      name: 'closed when the estimate does not fit the time left',
      windows: [NIGHTLY_SHANGHAI],
      now: '2026-03-01T19:30:00Z',
      estimate: 3600,
      expected: {
        open: false,
        reason: 'does-not-fit',
        detail:
          'the estimated 3600 s does not fit the 1800 s before window nightly closes (2026-03-02T04:00+08:00); ' +
          'waiting for window nightly, opens 2026-03-03T02:00+08:00',
        nextOpensAt: '2026-03-02T18:00:00.000Z',
        nextWindow: 'nightly',
      },
    },
    {
      name: 'the estimate must fit before the cutoff, not only before the close',
      windows: [window({ cron: '0 2 * * *', durationMinutes: 120, cutoffMinutes: 30, timeZone: 'Asia/Shanghai' })],
      now: '2026-03-01T18:30:00Z', // 02:30, cutoff 03:30, close 04:00
      estimate: 4000,
      expected: {
        open: false,
        reason: 'does-not-fit',
        detail:
          'the estimated 4000 s does not fit the 3600 s before the cutoff of window nightly (2026-03-02T03:30+08:00); ' +
          'waiting for window nightly, opens 2026-03-03T02:00+08:00',
        nextOpensAt: '2026-03-02T18:00:00.000Z',
        nextWindow: 'nightly',
      },
    },
    {
      name: 'nothing starts in the last cutoffMinutes of a window',
      windows: [window({ cron: '0 2 * * *', durationMinutes: 120, cutoffMinutes: 30, timeZone: 'Asia/Shanghai' })],
      now: '2026-03-01T19:40:00Z', // 03:40, after the 03:30 cutoff
      estimate: 1,
      expected: {
        open: false,
        reason: 'cutoff',
        detail:
          'window nightly is past its cutoff (2026-03-02T03:30+08:00); waiting for window nightly, opens 2026-03-03T02:00+08:00',
        nextOpensAt: '2026-03-02T18:00:00.000Z',
        nextWindow: 'nightly',
      },
    },
    {
      name: 'inside the window and before the cutoff: open, with the cutoff',
      windows: [window({ cron: '0 2 * * *', durationMinutes: 120, cutoffMinutes: 30, timeZone: 'Asia/Shanghai' })],
      now: '2026-03-01T18:30:00Z',
      estimate: 3600,
      expected: {
        open: true,
        window: 'nightly',
        closesAt: '2026-03-01T20:00:00.000Z',
        cutoffAt: '2026-03-01T19:30:00.000Z',
      },
    },
    {
      name: 'closed on a blackout date (in the window zone), next opening after it',
      windows: [
        window({ cron: '0 2 * * *', durationMinutes: 120, timeZone: 'Asia/Shanghai', blackoutDates: ['2026-03-02'] }),
      ],
      now: '2026-03-01T18:30:00Z', // 02:30 on 2026-03-02 in Shanghai
      estimate: 60,
      expected: {
        open: false,
        reason: 'blackout',
        detail:
          'window nightly is shut on blackout date 2026-03-02 (Asia/Shanghai); waiting for window nightly, opens 2026-03-03T02:00+08:00',
        nextOpensAt: '2026-03-02T18:00:00.000Z',
        nextWindow: 'nightly',
      },
    },
    {
      name: 'a blackout range keeps the window shut every day of it',
      windows: [
        window({
          cron: '0 2 * * *',
          durationMinutes: 120,
          timeZone: 'Asia/Shanghai',
          blackoutDates: [{ from: '2026-10-01', to: '2026-10-07' }],
        }),
      ],
      now: '2026-10-03T18:30:00Z', // 02:30 on 2026-10-04
      estimate: 60,
      expected: {
        open: false,
        reason: 'blackout',
        detail:
          'window nightly is shut on blackout date 2026-10-04 (Asia/Shanghai); waiting for window nightly, opens 2026-10-08T02:00+08:00',
        nextOpensAt: '2026-10-07T18:00:00.000Z',
        nextWindow: 'nightly',
      },
    },
    {
      name: 'a window running past midnight into a blackout date closes at that midnight',
      windows: [window({ cron: '0 23 * * *', durationMinutes: 180, timeZone: 'UTC', blackoutDates: ['2026-03-02'] })],
      now: '2026-03-01T23:10:00Z',
      estimate: 1800,
      expected: {
        open: true,
        window: 'nightly',
        closesAt: '2026-03-02T00:00:00.000Z',
        cutoffAt: '2026-03-02T00:00:00.000Z',
      },
    },
    {
      name: 'a window crossing midnight is still open after it',
      windows: [window({ cron: '0 23 * * *', durationMinutes: 180, timeZone: 'Asia/Shanghai' })],
      now: '2026-03-01T17:30:00Z', // 01:30 on 2026-03-02, opened 23:00 the day before
      estimate: 600,
      expected: {
        open: true,
        window: 'nightly',
        closesAt: '2026-03-01T18:00:00.000Z',
        cutoffAt: '2026-03-01T18:00:00.000Z',
      },
    },
    {
      name: 'six-field cron (seconds first)',
      windows: [window({ cron: '30 0 1 * * *', durationMinutes: 10, timeZone: 'UTC' })],
      now: '2026-03-01T01:05:00Z',
      estimate: 60,
      expected: {
        open: true,
        window: 'nightly',
        closesAt: '2026-03-01T01:10:30.000Z',
        cutoffAt: '2026-03-01T01:10:30.000Z',
      },
    },
    {
      name: 'weekday-only window is closed on Sunday and opens Monday',
      windows: [window({ cron: '0 9 * * 1-5', durationMinutes: 60, timeZone: 'UTC' })],
      now: '2026-03-01T09:30:00Z', // a Sunday
      estimate: 60,
      expected: {
        open: false,
        reason: 'outside-window',
        detail: 'waiting for window nightly, opens 2026-03-02T09:00Z',
        nextOpensAt: '2026-03-02T09:00:00.000Z',
        nextWindow: 'nightly',
      },
    },
    {
      name: 'any of several windows may be open; the one with the latest cutoff is named',
      windows: [
        window({ name: 'morning', cron: '0 9 * * *', durationMinutes: 60 }),
        window({ name: 'noon', cron: '0 12 * * *', durationMinutes: 60 }),
      ],
      now: '2026-03-01T12:15:00Z',
      estimate: 60,
      expected: {
        open: true,
        window: 'noon',
        closesAt: '2026-03-01T13:00:00.000Z',
        cutoffAt: '2026-03-01T13:00:00.000Z',
      },
    },
    {
      name: 'several windows closed: waiting for the one that opens first',
      windows: [
        window({ name: 'morning', cron: '0 9 * * *', durationMinutes: 60 }),
        window({ name: 'noon', cron: '0 12 * * *', durationMinutes: 60 }),
      ],
      now: '2026-03-01T10:15:00Z',
      estimate: 60,
      expected: {
        open: false,
        reason: 'outside-window',
        detail: 'waiting for window noon, opens 2026-03-01T12:00Z',
        nextOpensAt: '2026-03-01T12:00:00.000Z',
        nextWindow: 'noon',
      },
    },
    {
      name: 'daylight saving time: the window follows local time in Europe/Berlin',
      windows: [window({ cron: '0 2 * * *', durationMinutes: 60, timeZone: 'Europe/Berlin' })],
      now: '2026-07-01T00:30:00Z', // 02:30 CEST (UTC+2)
      estimate: 60,
      expected: {
        open: true,
        window: 'nightly',
        closesAt: '2026-07-01T01:00:00.000Z',
        cutoffAt: '2026-07-01T01:00:00.000Z',
      },
    },
    {
      name: 'clocks go forward: an opening in the skipped hour opens at the same minute an hour later',
      windows: [window({ cron: '30 2 * * *', durationMinutes: 60, timeZone: 'Europe/Berlin' })],
      now: '2026-03-29T01:00:00Z', // 03:00 CEST; 02:00-03:00 did not exist that night
      estimate: 60,
      expected: {
        open: false,
        reason: 'outside-window',
        detail: 'waiting for window nightly, opens 2026-03-29T03:30+02:00',
        nextOpensAt: '2026-03-29T01:30:00.000Z',
        nextWindow: 'nightly',
      },
    },
    {
      name: 'clocks go back: the repeated 02:30 does not open the window a second time',
      windows: [window({ cron: '30 2 * * *', durationMinutes: 60, timeZone: 'Europe/Berlin' })],
      now: '2026-10-25T01:45:00Z', // 02:45 CET, the second pass; the window ran 02:30-03:30 CEST (00:30-01:30 UTC)
      estimate: 60,
      expected: {
        open: false,
        reason: 'outside-window',
        detail: 'waiting for window nightly, opens 2026-10-26T02:30+01:00',
        nextOpensAt: '2026-10-26T01:30:00.000Z',
        nextWindow: 'nightly',
      },
    },
    {
      name: 'clocks go back: the first 02:30 opens it as usual',
      windows: [window({ cron: '30 2 * * *', durationMinutes: 60, timeZone: 'Europe/Berlin' })],
      now: '2026-10-25T00:45:00Z', // 02:45 CEST
      estimate: 60,
      expected: {
        open: true,
        window: 'nightly',
        closesAt: '2026-10-25T01:30:00.000Z',
        cutoffAt: '2026-10-25T01:30:00.000Z',
      },
    },
    {
      name: 'durationMinutes is elapsed time: a window across the spring change ends 3 h after it opened',
      windows: [window({ cron: '0 1 * * *', durationMinutes: 180, timeZone: 'Europe/Berlin' })],
      now: '2026-03-29T02:30:00Z', // 04:30 CEST
      estimate: 60,
      expected: {
        open: true,
        window: 'nightly',
        closesAt: '2026-03-29T03:00:00.000Z',
        cutoffAt: '2026-03-29T03:00:00.000Z',
      },
    },
    {
      name: 'last day of the month (L): February 28 in 2026',
      windows: [window({ cron: '0 22 L * *', durationMinutes: 60, timeZone: 'Asia/Shanghai' })],
      now: '2026-02-20T00:00:00Z',
      estimate: 60,
      expected: {
        open: false,
        reason: 'outside-window',
        detail: 'waiting for window nightly, opens 2026-02-28T22:00+08:00',
        nextOpensAt: '2026-02-28T14:00:00.000Z',
        nextWindow: 'nightly',
      },
    },
    {
      name: 'last day of the month (L): February 29 in a leap year',
      windows: [window({ cron: '0 22 L * *', durationMinutes: 60, timeZone: 'Asia/Shanghai' })],
      now: '2028-02-20T00:00:00Z',
      estimate: 60,
      expected: {
        open: false,
        reason: 'outside-window',
        detail: 'waiting for window nightly, opens 2028-02-29T22:00+08:00',
        nextOpensAt: '2028-02-29T14:00:00.000Z',
        nextWindow: 'nightly',
      },
    },
    {
      name: 'rate: every 6 hours from midnight UTC, open',
      windows: [window({ rate: '6h', durationMinutes: 30 })],
      now: '2026-03-01T06:10:00Z',
      estimate: 60,
      expected: {
        open: true,
        window: 'nightly',
        closesAt: '2026-03-01T06:30:00.000Z',
        cutoffAt: '2026-03-01T06:30:00.000Z',
      },
    },
    {
      name: 'rate: every 6 hours from midnight UTC, closed',
      windows: [window({ rate: '6h', durationMinutes: 30 })],
      now: '2026-03-01T07:00:00Z',
      estimate: 60,
      expected: {
        open: false,
        reason: 'outside-window',
        detail: 'waiting for window nightly, opens 2026-03-01T12:00Z',
        nextOpensAt: '2026-03-01T12:00:00.000Z',
        nextWindow: 'nightly',
      },
    },
    {
      name: 'rate in days keeps the local opening time across the spring change',
      windows: [window({ rate: '1d', durationMinutes: 60, timeZone: 'Europe/Berlin', startDate: '2026-03-27' })],
      now: '2026-03-29T12:00:00Z',
      estimate: 60,
      expected: {
        open: false,
        reason: 'outside-window',
        detail: 'waiting for window nightly, opens 2026-03-30T00:00+02:00',
        nextOpensAt: '2026-03-29T22:00:00.000Z',
        nextWindow: 'nightly',
      },
    },
    {
      name: 'rate every other day counts from startDate',
      windows: [window({ rate: '2d', durationMinutes: 60, timeZone: 'Asia/Shanghai', startDate: '2026-03-01' })],
      now: '2026-03-02T00:00:00Z', // 08:00 on 2026-03-02; openings on the 1st, 3rd, 5th
      estimate: 60,
      expected: {
        open: false,
        reason: 'outside-window',
        detail: 'waiting for window nightly, opens 2026-03-03T00:00+08:00',
        nextOpensAt: '2026-03-02T16:00:00.000Z',
        nextWindow: 'nightly',
      },
    },
    {
      name: 'before startDate the window waits for its first opening on that date',
      windows: [window({ cron: '0 2 * * *', durationMinutes: 60, startDate: '2026-04-01' })],
      now: '2026-03-15T02:30:00Z',
      estimate: 60,
      expected: {
        open: false,
        reason: 'outside-window',
        detail: 'waiting for window nightly, opens 2026-04-01T02:00Z',
        nextOpensAt: '2026-04-01T02:00:00.000Z',
        nextWindow: 'nightly',
      },
    },
    {
      name: 'after endDate the window never opens again',
      windows: [window({ cron: '0 2 * * *', durationMinutes: 60, endDate: '2026-03-10' })],
      now: '2026-03-15T02:30:00Z',
      estimate: 60,
      expected: { open: false, reason: 'never-opens', detail: 'no window opens again' },
    },
    {
      name: 'on endDate it still opens',
      windows: [window({ cron: '0 2 * * *', durationMinutes: 60, endDate: '2026-03-10' })],
      now: '2026-03-10T02:30:00Z',
      estimate: 60,
      expected: {
        open: true,
        window: 'nightly',
        closesAt: '2026-03-10T03:00:00.000Z',
        cutoffAt: '2026-03-10T03:00:00.000Z',
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      // Act
      const verdict = maintenanceWindowOpen(c.windows, new Date(c.now), c.estimate);
      // Assess
      assert.deepEqual(verdict, c.expected);
    });
  }
});

describe('nextOpening', () => {
  it('skips every opening on a blackout date, including the ones of a range', () => {
    const w = window({
      cron: '0 22 * * *',
      durationMinutes: 60,
      blackoutDates: ['2026-05-01', { from: '2026-05-02', to: '2026-05-03' }],
    });
    assert.equal(
      new Date(nextOpening(w, Date.parse('2026-04-30T23:00:00Z')) ?? 0).toISOString(),
      '2026-05-04T22:00:00.000Z',
    );
  });
});

describe('windowStopsBatch', () => {
  const w = window({ cron: '0 2 * * *', durationMinutes: 120, cutoffMinutes: 30, timeZone: 'UTC' });
  const cases: Array<[string, NamedWindow[], string, ReturnType<typeof windowStopsBatch>]> = [
    ['no windows: never stops', [], '2026-03-01T12:00:00Z', { stop: false }],
    ['before the cutoff: the next batch starts', [w], '2026-03-01T03:00:00Z', { stop: false }],
    [
      'past the cutoff: stops and waits for the next window',
      [w],
      '2026-03-01T03:31:00Z',
      {
        stop: true,
        window: 'nightly',
        resume: 'next-window',
        detail:
          'window nightly has no time left for another batch; waiting for window nightly, opens 2026-03-02T02:00Z',
        nextOpensAt: '2026-03-02T02:00:00.000Z',
      },
    ],
    [
      'closed, resume: rollback',
      [window({ cron: '0 2 * * *', durationMinutes: 120, resume: 'rollback' })],
      '2026-03-01T05:00:00Z',
      {
        stop: true,
        window: 'nightly',
        resume: 'rollback',
        detail: 'window nightly has no time left for another batch; rolling back',
        nextOpensAt: '2026-03-02T02:00:00.000Z',
      },
    ],
  ];
  for (const [name, windows, now, expected] of cases)
    it(name, () => assert.deepEqual(windowStopsBatch(windows, new Date(now)), expected));
});

describe('estimateRolloutSeconds', () => {
  const cases: Array<[string, [number, number, number, number], number]> = [
    ['no instances take no time', [0, 3, 60, 300], 0],
    ['three batches of (update + bake)', [9, 3, 60, 300], 3 * 360],
    ['fewer instances than batches: one batch per instance', [2, 5, 60, 300], 2 * 360],
    ['one batch', [10, 1, 0, 120], 120],
  ];
  for (const [name, args, expected] of cases) {
    it(name, () => assert.equal(estimateRolloutSeconds(...args), expected));
  }
});

describe('observedBatchSeconds', () => {
  const execution = (
    status: string,
    start: string,
    end: string | undefined,
    batchNumber: number,
  ): ExecutionSnapshot => ({
    id: `exec-${start}`,
    templateName: 'ACS-ESS-RollingUpdateByRunCommandInScalingGroup',
    status,
    parameters: { batchNumber },
    tags: {},
    startDate: start,
    ...(end === undefined ? {} : { endDate: end }),
  });
  const cases: Array<[string, ExecutionSnapshot[], number | undefined]> = [
    ['nothing finished: no estimate', [], undefined],
    [
      'one success of 3 batches in 15 min: 300 s a batch',
      [execution('Success', '2026-03-01T00:00:00Z', '2026-03-01T00:15:00Z', 3)],
      300,
    ],
    [
      'the slowest of the newest three successes',
      [
        execution('Success', '2026-03-04T00:00:00Z', '2026-03-04T00:06:00Z', 3),
        execution('Success', '2026-03-03T00:00:00Z', '2026-03-03T00:12:00Z', 3),
        execution('Success', '2026-03-02T00:00:00Z', '2026-03-02T00:03:00Z', 3),
        execution('Success', '2026-03-01T00:00:00Z', '2026-03-01T03:00:00Z', 3),
      ],
      240,
    ],
    [
      'failed and unfinished executions teach nothing',
      [
        execution('Failed', '2026-03-01T00:00:00Z', '2026-03-01T05:00:00Z', 1),
        execution('Running', '2026-03-02T00:00:00Z', undefined, 1),
      ],
      undefined,
    ],
  ];
  for (const [name, executions, expected] of cases)
    it(name, () => assert.equal(observedBatchSeconds(executions), expected));
});

describe('named windows', () => {
  const base = 'version: 1\ntargets:\n  - name: app\n    select: { tags: { a: b } }\n    image: { family: f }\n';
  it('a target names policy windows and may add one in place', () => {
    const parsed = parsePolicy(
      `windows:\n  - { name: nightly, cron: "0 2 * * *", durationMinutes: 60 }\n${base}    windows: [nightly, { rate: "6h", durationMinutes: 30 }]\n`,
    );
    assert.ok(parsed.ok);
    const names = targetWindows(parsed.policy, parsed.policy.targets[0]!).map((w) => w.name);
    assert.deepEqual(names, ['nightly', 'app-2']);
  });
  it('a name no policy window has is refused, naming the field and the names that exist', () => {
    const parsed = parsePolicy(
      `windows:\n  - { name: nightly, cron: "0 2 * * *", durationMinutes: 60 }\n${base}    windows: [weekly]\n`,
    );
    assert.ok(!parsed.ok);
    const error = parsed.errors.find((e) => e.path === 'targets[0].windows[0]');
    assert.ok(error, JSON.stringify(parsed.errors));
    assert.match(error.message, /no policy window is named weekly/);
    assert.equal(error.allowed, 'nightly');
  });
  it('duplicate window names are refused', () => {
    const parsed = parsePolicy(
      `windows:\n  - { name: w, cron: "0 2 * * *", durationMinutes: 60 }\n  - { name: w, rate: "1d", durationMinutes: 60 }\n${base}`,
    );
    assert.ok(!parsed.ok);
    assert.ok(parsed.errors.some((e) => e.path === 'windows' && /duplicate window name w/.test(e.message)));
  });
});

describe('scheduled actions', () => {
  const policy = (action: string, targetWindows = '[weekly]') =>
    parsePolicy(
      [
        'version: 1',
        'windows:',
        `  - { name: weekly, cron: "0 9 * * 1", durationMinutes: 60, action: ${action} }`,
        'targets:',
        '  - name: agent',
        '    select: { tags: { a: b } }',
        '    script: { revisions: [{ revision: agent-1, content: "echo 1", rollbackScript: "echo 0" }] }',
        `    windows: ${targetWindows}`,
        '  - name: app',
        '    select: { tags: { c: d } }',
        '    image: { family: f }',
        '    windows: [weekly]',
        '',
      ].join('\n'),
    );
  it('a window may run a script revision its script target lists and names the window', () => {
    const parsed = policy('{ target: agent, script: agent-1 }');
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.errors));
    assert.deepEqual(parsed.policy.windows[0]?.action, { target: 'agent', script: 'agent-1' });
  });
  const refused: Array<[string, string, string | undefined, string, RegExp, string]> = [
    ['an unknown target', '{ target: nope, script: agent-1 }', undefined, 'target', /no target is named nope/, 'agent'],
    ['an image target', '{ target: app, script: agent-1 }', undefined, 'target', /rolls no scripts/, 'agent'],
    [
      'a target that does not name the window',
      '{ target: agent, script: agent-1 }',
      '[]',
      'target',
      /does not name window weekly/,
      'add weekly to the windows of target agent',
    ],
    [
      'an unlisted revision',
      '{ target: agent, script: agent-9 }',
      undefined,
      'script',
      /no script revision agent-9/,
      'agent-1',
    ],
  ];
  for (const [name, action, targetWindows, field, message, allowed] of refused)
    it(`refuses ${name}, naming the field and what is allowed`, () => {
      const parsed = policy(action, targetWindows);
      assert.ok(!parsed.ok);
      const error = parsed.errors.find((e) => e.path === `windows[0].action.${field}`);
      assert.ok(error, JSON.stringify(parsed.errors));
      assert.match(error.message, message);
      assert.equal(error.allowed, allowed);
    });
});

describe('window validation', () => {
  const cases: Array<[string, Record<string, unknown>, boolean]> = [
    ['five fields', { cron: '0 2 * * 1-5' }, true],
    ['six fields, seconds first', { cron: '30 0 2 * * *' }, true],
    ['day names', { cron: '0 2 * * MON-THU' }, true],
    ['last day of the month', { cron: '0 22 L * *' }, true],
    ['four fields', { cron: '0 2 * *' }, false],
    ['seven fields', { cron: '0 0 2 * * * 2026' }, false],
    ['a predefined alias', { cron: '@daily' }, false],
    ['out-of-range minute', { cron: '61 * * * *' }, false],
    ['an impossible date', { cron: '0 0 30 2 *' }, false],
    ['hashed minute (random per run)', { cron: 'H 2 * * *' }, false],
    ['hashed step', { cron: 'H/15 * * * *' }, false],
    ['a rate', { rate: '90m' }, true],
    ['a rate in days', { rate: '7d' }, true],
    ['a rate without unit', { rate: '90' }, false],
    ['both cron and rate', { cron: '0 2 * * *', rate: '1d' }, false],
    ['neither cron nor rate', {}, false],
    ['a cutoff shorter than the window', { cron: '0 2 * * *', cutoffMinutes: 59 }, true],
    ['a cutoff as long as the window', { cron: '0 2 * * *', cutoffMinutes: 60 }, false],
    ['a blackout range', { cron: '0 2 * * *', blackoutDates: [{ from: '2026-10-01', to: '2026-10-07' }] }, true],
    [
      'a blackout range backwards',
      { cron: '0 2 * * *', blackoutDates: [{ from: '2026-10-07', to: '2026-10-01' }] },
      false,
    ],
    ['a blackout date that is no date', { cron: '0 2 * * *', blackoutDates: ['2026-02-30'] }, false],
    ['endDate before startDate', { cron: '0 2 * * *', startDate: '2026-05-01', endDate: '2026-04-01' }, false],
  ];
  for (const [name, input, valid] of cases) {
    it(`${valid ? 'compliant' : 'non-compliant'}: ${name}`, () => {
      assert.equal(WindowSchema.safeParse({ durationMinutes: 60, ...input }).success, valid);
    });
  }
});
